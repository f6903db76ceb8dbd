package org.voipwatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voipwatch.capture.source.ByteBuilder.concat;
import static org.voipwatch.capture.source.ByteBuilder.epb;
import static org.voipwatch.capture.source.ByteBuilder.frame;
import static org.voipwatch.capture.source.ByteBuilder.idb;
import static org.voipwatch.capture.source.ByteBuilder.pb;
import static org.voipwatch.capture.source.ByteBuilder.shb;
import static org.voipwatch.capture.source.ByteBuilder.spb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.capture.ring.PacketEvent;

/** Hand-built capture files: every expected value is computed here from the header fields written. */
class CaptureFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private List<Rec> readAll(Path... files) throws IOException {
        try (PacketSource s = CaptureFiles.open(List.of(files))) {
            List<Rec> recs = Rec.drain(s, 10_000);
            assertFalse(s.nextInto(new PacketEvent()), "exhausted source stays exhausted");
            return recs;
        }
    }

    /** pcap, little-endian, microseconds; the file header is spelled out byte by byte. */
    static byte[] pcapLeMicros() {
        byte[] header = {
            (byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, // magic 0xa1b2c3d4 little-endian
            2, 0, 4, 0,                                         // version 2.4
            0, 0, 0, 0, 0, 0, 0, 0,                             // thiszone, sigfigs
            (byte) 0xff, (byte) 0xff, 0, 0,                     // snaplen 65535
            1, 0, 0, 0,                                         // LINKTYPE_ETHERNET
        };
        byte[] r1 = new ByteBuilder(false).u32(1_600_000_000L).u32(123_456).u32(60).u32(60).bytes(frame(60, 1))
                .toArray();
        byte[] r2 = new ByteBuilder(false).u32(1_600_000_001L).u32(999_999).u32(10).u32(1514).bytes(frame(10, 2))
                .toArray();
        return concat(header, r1, r2);
    }

    @Test
    void pcapLittleEndianMicroseconds() throws IOException {
        List<Rec> recs = readAll(write("le-us.pcap", pcapLeMicros()));
        assertEquals(2, recs.size());
        Rec a = recs.get(0);
        assertEquals(1_600_000_000L * 1_000_000_000L + 123_456L * 1000, a.timestampNs());
        assertEquals(LinkType.ETHERNET, a.linkType());
        assertEquals(60, a.capturedLength());
        assertEquals(60, a.originalLength());
        assertEquals(0, a.sourceIndex());
        assertEquals(1, a.frameNumber());
        assertArrayEquals(frame(60, 1), a.data());
        Rec b = recs.get(1);
        assertEquals(1_600_000_001L * 1_000_000_000L + 999_999L * 1000, b.timestampNs());
        assertEquals(10, b.capturedLength());
        assertEquals(1514, b.originalLength());
        assertEquals(2, b.frameNumber());
        assertArrayEquals(frame(10, 2), b.data());
    }

    @Test
    void pcapBigEndianNanoseconds() throws IOException {
        byte[] header = {
            (byte) 0xa1, (byte) 0xb2, 0x3c, 0x4d, // nanosecond magic, big-endian
            0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, (byte) 0xff, (byte) 0xff,
            0, 0, 0, 113,                          // LINKTYPE_LINUX_SLL
        };
        byte[] r1 = new ByteBuilder(true).u32(1_700_000_000L).u32(987_654_321).u32(33).u32(33).bytes(frame(33, 7))
                .toArray();
        // ts_sec above 2^31: unsigned per the format (year 2038+)
        byte[] r2 = new ByteBuilder(true).u32(0x80000001L).u32(1).u32(0).u32(0).toArray();
        Path p = write("be-ns.pcap", concat(header, r1, r2));
        try (CaptureReader r = CaptureFiles.openReader(p)) {
            assertEquals("pcap-ns", r.format());
        }
        List<Rec> recs = readAll(p);
        assertEquals(2, recs.size());
        assertEquals(1_700_000_000L * 1_000_000_000L + 987_654_321L, recs.get(0).timestampNs());
        assertEquals(LinkType.LINUX_SLL, recs.get(0).linkType());
        assertArrayEquals(frame(33, 7), recs.get(0).data());
        assertEquals(2_147_483_649L * 1_000_000_000L + 1, recs.get(1).timestampNs());
        assertEquals(0, recs.get(1).capturedLength());
    }

    @Test
    void modifiedPcapWithItsLongerRecordHeader() throws IOException {
        byte[] header = new ByteBuilder(false).u32(0xa1b2cd34L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1)
                .toArray();
        // ts_sec, ts_usec, incl_len, orig_len, then ifindex(4), protocol(2), pkt_type(1), pad(1)
        byte[] r1 = new ByteBuilder(false).u32(1_500_000_000L).u32(250_000).u32(12).u32(12).u32(2).u16(0x0800)
                .u8(0).u8(0).bytes(frame(12, 5)).toArray();
        Path p = write("modified.pcap", concat(header, r1, r1));
        List<Rec> recs = readAll(p);
        assertEquals(2, recs.size());
        assertEquals(1_500_000_000_250_000_000L, recs.get(1).timestampNs());
        assertArrayEquals(frame(12, 5), recs.get(1).data());
    }

    @Test
    void pcapngInterfacesWithDifferentLinkTypesAndResolutions() throws IOException {
        long s = 1_600_000_000L;
        byte[] file = concat(
                shb(false),
                idb(false, LinkType.ETHERNET, -1, 0),        // default resolution 10^-6
                idb(false, LinkType.RAW, 9, 0),              // 10^-9
                idb(false, LinkType.LINUX_SLL, 0x80 | 20, 10), // 2^-20 and if_tsoffset 10 s
                ByteBuilder.block(false, 5, new byte[16]),   // Interface Statistics Block: skipped
                epb(false, 1, s * 1_000_000_000L + 123_456_789L, frame(21, 3), 21),
                epb(false, 0, s * 1_000_000L + 123_457L, frame(64, 4), 1500),
                epb(false, 2, (s << 20) + 3, frame(5, 5), 5),
                spb(false, frame(40, 6), 40),
                pb(false, 1, s * 1_000_000_000L + 999_999_999L, frame(8, 8)));
        Path p = write("ifaces.pcapng", file);
        List<Rec> recs = readAll(p);
        assertEquals(5, recs.size());
        assertEquals(s * 1_000_000_000L + 123_456_789L, recs.get(0).timestampNs());
        assertEquals(LinkType.RAW, recs.get(0).linkType());
        assertArrayEquals(frame(21, 3), recs.get(0).data());
        assertEquals(s * 1_000_000_000L + 123_457_000L, recs.get(1).timestampNs());
        assertEquals(LinkType.ETHERNET, recs.get(1).linkType());
        assertEquals(1500, recs.get(1).originalLength());
        // 3 units of 2^-20 s = 3e9/1048576 ns = 2861.02 ns, plus the 10 s offset
        assertEquals((s + 10) * 1_000_000_000L + 2861, recs.get(2).timestampNs());
        assertEquals(LinkType.LINUX_SLL, recs.get(2).linkType());
        // SPB: interface 0, no timestamp of its own (keeps the previous one)
        assertEquals(LinkType.ETHERNET, recs.get(3).linkType());
        assertEquals(recs.get(2).timestampNs(), recs.get(3).timestampNs());
        assertArrayEquals(frame(40, 6), recs.get(3).data());
        assertEquals(s * 1_000_000_000L + 999_999_999L, recs.get(4).timestampNs());
        assertEquals(LinkType.RAW, recs.get(4).linkType());
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, recs.get(i).frameNumber());
        }
    }

    @Test
    void pcapngBigEndianAndSeveralSectionsOfDifferentByteOrder() throws IOException {
        long s = 1_234_567_890L;
        byte[] file = concat(
                shb(true),
                idb(true, LinkType.ETHERNET, 3, 0),              // milliseconds
                epb(true, 0, s * 1000 + 5, frame(17, 1), 17),
                shb(false),                                      // new section: interfaces start again at 0
                idb(false, LinkType.LINUX_SLL2, 0x80 | 10, 0),  // 2^-10 s
                epb(false, 0, (s << 10) + 512, frame(18, 2), 18),
                shb(true),
                // SPB: the interface's snaplen says how much was captured (the block only has padding after it)
                idb(true, LinkType.NULL, -1, 0, 30),
                spb(true, frame(30, 3), 100));                   // captured 30 of 100
        Path p = write("be.pcapng", file);
        List<Rec> recs = readAll(p);
        assertEquals(3, recs.size());
        assertEquals(s * 1_000_000_000L + 5_000_000L, recs.get(0).timestampNs());
        assertEquals(LinkType.ETHERNET, recs.get(0).linkType());
        assertArrayEquals(frame(17, 1), recs.get(0).data());
        assertEquals(s * 1_000_000_000L + 500_000_000L, recs.get(1).timestampNs());
        assertEquals(LinkType.LINUX_SLL2, recs.get(1).linkType());
        assertEquals(LinkType.NULL, recs.get(2).linkType());
        assertEquals(30, recs.get(2).capturedLength());
        assertEquals(100, recs.get(2).originalLength());
        assertArrayEquals(frame(30, 3), recs.get(2).data());
    }

    @Test
    void truncatedLastPcapRecordKeepsThePacketsBeforeItAndWarns() throws IOException {
        byte[] whole = pcapLeMicros();
        byte[] third = new ByteBuilder(false).u32(1_600_000_002L).u32(0).u32(100).u32(100).bytes(frame(100, 9))
                .toArray();
        byte[] file = concat(whole, Arrays.copyOf(third, 16 + 40)); // header + 40 of 100 bytes
        Path p = write("cut.pcap", file);
        try (PacketSource s = CaptureFiles.open(List.of(p))) {
            List<Rec> recs = Rec.drain(s, 100);
            assertEquals(2, recs.size());
            assertEquals(1, s.warnings().size());
            String w = s.warnings().get(0);
            long offset = whole.length; // the cut record starts right after the two whole ones
            assertEquals(p + ": truncated record (56 of 116 bytes present) at byte offset " + offset
                    + " after 2 packets", w);
        }
    }

    @Test
    void eofInsideARecordHeaderAndOversizedRecordStopCleanly() throws IOException {
        byte[] whole = pcapLeMicros();
        Path half = write("half-header.pcap", concat(whole, new byte[7]));
        try (PacketSource s = CaptureFiles.open(List.of(half))) {
            assertEquals(2, Rec.drain(s, 100).size());
            assertTrue(s.warnings().get(0).contains("EOF in the middle of a record header"), s.warnings().get(0));
        }
        byte[] huge = new ByteBuilder(false).u32(1).u32(0).u32(300_000).u32(300_000).toArray();
        Path big = write("huge.pcap", concat(whole, huge, new byte[1000]));
        try (PacketSource s = CaptureFiles.open(List.of(big))) {
            assertEquals(2, Rec.drain(s, 100).size());
            assertTrue(s.warnings().get(0).contains("300000 exceeds the 262144-byte limit"), s.warnings().get(0));
        }
    }

    @Test
    void pcapngBadBlockLengthAndTruncatedBlockStopCleanly() throws IOException {
        byte[] good = concat(shb(false), idb(false, 1, -1, 0), epb(false, 0, 1, frame(10, 1), 10));
        byte[] bad = new ByteBuilder(false).u32(6).u32(13).u32(0).toArray(); // length not a multiple of 4
        Path p = write("badlen.pcapng", concat(good, bad));
        try (PacketSource s = CaptureFiles.open(List.of(p))) {
            assertEquals(1, Rec.drain(s, 100).size());
            assertEquals(p + ": bad block length 13 (block type 0x6) at byte offset " + good.length
                    + " after 1 packets", s.warnings().get(0));
        }
        byte[] second = epb(false, 0, 2, frame(50, 2), 50);
        Path cut = write("cut.pcapng", concat(good, Arrays.copyOf(second, second.length - 3)));
        try (PacketSource s = CaptureFiles.open(List.of(cut))) {
            assertEquals(1, Rec.drain(s, 100).size());
            assertTrue(s.warnings().get(0).startsWith(cut + ": truncated block"), s.warnings().get(0));
        }
        // a packet for an interface that was never described
        Path noIf = write("noif.pcapng", concat(good, epb(false, 3, 2, frame(5, 2), 5)));
        try (PacketSource s = CaptureFiles.open(List.of(noIf))) {
            assertEquals(1, Rec.drain(s, 100).size());
            assertTrue(s.warnings().get(0).contains("interface 3 but the section has 1"), s.warnings().get(0));
        }
    }

    @Test
    void garbageFileIsAnIOExceptionNamingTheFileAndTheMagic() throws IOException {
        Path p = write("notes.txt", "hello, not a capture".getBytes(StandardCharsets.US_ASCII));
        IOException e = assertThrows(IOException.class, () -> CaptureFiles.open(List.of(p)));
        assertEquals(p + ": unknown capture format (magic bytes 0x68656c6c)", e.getMessage());
        Path empty = write("empty.pcap", new byte[0]);
        IOException e2 = assertThrows(IOException.class, () -> CaptureFiles.open(List.of(empty)));
        assertTrue(e2.getMessage().startsWith(empty + ": too short"), e2.getMessage());
        Path missing = dir.resolve("missing.pcap");
        IOException e3 = assertThrows(IOException.class, () -> CaptureFiles.open(List.of(missing)));
        assertEquals(missing + ": no such file", e3.getMessage());
    }

    @Test
    void gzipOfAPcap() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(pcapLeMicros());
        }
        Path p = write("le-us.pcap.gz", bytes.toByteArray());
        try (CaptureReader r = CaptureFiles.openReader(p)) {
            assertEquals("pcap+gzip", r.format());
        }
        List<Rec> plain = readAll(write("le-us.pcap", pcapLeMicros()));
        List<Rec> gz = readAll(p);
        assertEquals(2, gz.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(plain.get(i).timestampNs(), gz.get(i).timestampNs());
            assertArrayEquals(plain.get(i).data(), gz.get(i).data());
        }
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(plain);
        }
        return bytes.toByteArray();
    }

    @Test
    void gzipOfAPcapngAndATruncatedGzip() throws IOException {
        byte[] pcapng = concat(shb(true), idb(true, LinkType.RAW, 9, 0), epb(true, 0, 42, frame(30, 1), 30));
        Path p = write("x.pcapng.gz", gzip(pcapng));
        try (CaptureReader r = CaptureFiles.openReader(p)) {
            assertEquals("pcapng+gzip", r.format());
            assertTrue(r.next());
            assertEquals(42, r.timestampNs());
            assertFalse(r.next());
            assertEquals(null, r.warning());
        }
        // 400 frames of 100 bytes, then the compressed stream cut in the middle
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(plain, false)) {
            for (int i = 0; i < 400; i++) {
                w.write(i * 1000L, frame(100, i), 0, 100);
            }
        }
        byte[] gz = gzip(plain.toByteArray());
        Path cut = write("cut.pcap.gz", Arrays.copyOf(gz, gz.length / 2));
        try (PacketSource s = CaptureFiles.open(List.of(cut))) {
            int n = Rec.drain(s, 1000).size();
            assertTrue(n > 0 && n < 400, "records " + n);
            assertEquals(1, s.warnings().size());
            String w = s.warnings().get(0);
            assertTrue(w.startsWith(cut + ": ") && w.contains("(uncompressed) after " + n + " packets")
                    && w.contains("EOFException"), w);
        }
    }

    @Test
    void severalFilesMergeInTimestampOrderAndTiesKeepFileOrder() throws IOException {
        Path a = pcapWithTimes("a.pcap", 10, 20, 30, 30);
        Path b = pcapWithTimes("b.pcap", 5, 20, 25);
        List<Rec> recs = readAll(a, b);
        long[][] expected = { // timestamp ns, source index, frame number
            {5, 1, 1}, {10, 0, 1}, {20, 0, 2}, {20, 1, 2}, {25, 1, 3}, {30, 0, 3}, {30, 0, 4},
        };
        assertEquals(expected.length, recs.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], recs.get(i).timestampNs(), "record " + i);
            assertEquals(expected[i][1], recs.get(i).sourceIndex(), "record " + i);
            assertEquals(expected[i][2], recs.get(i).frameNumber(), "record " + i);
            // each frame carries its source and number, so the bytes prove which record was copied
            assertArrayEquals(frame(20, (int) (expected[i][1] * 100 + expected[i][2])), recs.get(i).data());
        }
    }

    private Path pcapWithTimes(String name, long... timesNs) throws IOException {
        int source = name.startsWith("a") ? 0 : 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, true)) {
            for (int i = 0; i < timesNs.length; i++) {
                w.write(timesNs[i], frame(20, source * 100 + i + 1), 0, 20);
            }
        }
        return write(name, out.toByteArray());
    }

    @Test
    void slotsGrowForLargeFramesAndFramesBeyondTheMaximumAreCutAndCounted() throws IOException {
        Path p = dir.resolve("big.pcap");
        byte[] jumbo = new byte[70_000];
        jumbo[PacketEvent.MAX_FRAME_BYTES - 1] = 42;
        try (java.io.OutputStream os = Files.newOutputStream(p); PcapWriter w = new PcapWriter(os, false)) {
            w.write(1_000_000_000L, new byte[20], 0, 20);
            w.write(2_000_000_000L, jumbo, 0, jumbo.length);
        }
        try (PacketSource s = CaptureFiles.open(List.of(p))) {
            PacketEvent small = new PacketEvent(8);
            assertTrue(s.nextInto(small));
            assertEquals(20, small.capturedLength, "an 8-byte slot grows for a 20-byte frame");
            assertTrue(s.nextInto(small));
            assertEquals(PacketEvent.MAX_FRAME_BYTES, small.capturedLength);
            assertEquals(70_000, small.originalLength);
            assertEquals(42, small.data[PacketEvent.MAX_FRAME_BYTES - 1]);
            assertFalse(s.nextInto(small));
            assertEquals(1, ((MergingPacketSource) s).cutFrames());
            assertEquals(List.of("1 frames longer than the " + PacketEvent.MAX_FRAME_BYTES
                    + "-byte ring slot were cut"), s.warnings());
        }
    }

    @Test
    void pcapWriterHeaderBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, false, LinkType.RAW, 1000)) {
            w.write(3_000_000_123_456_789L, new byte[] {9, 8, 7}, 1, 2, 40);
        }
        byte[] expected = concat(
                new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    (byte) 0xe8, 3, 0, 0, 101, 0, 0, 0},
                new ByteBuilder(false).u32(3_000_000L).u32(123_456).u32(2).u32(40).u8(8).u8(7).toArray());
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void timestampUnitConversion() {
        assertEquals(1_000_000_000L, PcapngFileReader.toNanos(1, false, 0));
        assertEquals(123_000_000L, PcapngFileReader.toNanos(123, false, 3));
        assertEquals(1L, PcapngFileReader.toNanos(10, false, 10));
        // 2^-1 s, 2^-30 s
        assertEquals(1_500_000_000L, PcapngFileReader.toNanos(3, true, 1));
        assertEquals(1_000_000_000L + 0, PcapngFileReader.toNanos(1L << 30, true, 30));
        // 2^-40: one second plus 2^39 units = 1.5 s, the multiplication must not overflow
        assertEquals(1_500_000_000L, PcapngFileReader.toNanos((1L << 40) + (1L << 39), true, 40));
        // an unsigned 64-bit count of picoseconds (2^63 + x would be negative as a signed long)
        long units = 0x8000_0000_0000_0000L;
        assertEquals(Long.divideUnsigned(units, 1000), PcapngFileReader.toNanos(units, false, 12));
    }
}

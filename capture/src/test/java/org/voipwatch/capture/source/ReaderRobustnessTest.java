package org.voipwatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voipwatch.capture.source.ByteBuilder.concat;
import static org.voipwatch.capture.source.ByteBuilder.epb;
import static org.voipwatch.capture.source.ByteBuilder.frame;
import static org.voipwatch.capture.source.ByteBuilder.idb;
import static org.voipwatch.capture.source.ByteBuilder.shb;
import static org.voipwatch.capture.source.ByteBuilder.spb;

import com.sun.management.ThreadMXBean;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.capture.ring.PacketEvent;

/** Window refills, damaged input that must never throw or hang, and the zero-allocation guarantee. */
class ReaderRobustnessTest {
    @TempDir
    Path dir;

    @Test
    void smallWindowRefillsGiveTheSameRecords() throws IOException {
        Path p = dir.resolve("sizes.pcap");
        Random rnd = new Random(42);
        int n = 500;
        int[] sizes = new int[n];
        try (PcapWriter w = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(p)), true)) {
            for (int i = 0; i < n; i++) {
                sizes[i] = rnd.nextInt(3000);
                w.write(1_000_000_000L * i + i, frame(sizes[i], i), 0, sizes[i]);
            }
        }
        // a 4 KiB window forces a compaction and refill every one or two records
        try (CaptureReader r = CaptureFiles.openReader(p, 4096)) {
            for (int i = 0; i < n; i++) {
                assertTrue(r.next(), "record " + i);
                assertEquals(1_000_000_000L * i + i, r.timestampNs());
                assertEquals(sizes[i], r.capturedLength());
                assertArrayEquals(frame(sizes[i], i),
                        Arrays.copyOfRange(r.buffer(), r.offset(), r.offset() + r.capturedLength()), "record " + i);
            }
            assertFalse(r.next());
            assertNull(r.warning());
            assertEquals(n, r.recordCount());
        }
    }

    @Test
    void pcapngBlocksLargerThanTheWindowAreStreamedPastUnlessTheyHoldPackets() throws IOException {
        byte[] hugeCustom = ByteBuilder.block(false, 0x00000BAD, new byte[10_000]);
        Path p = dir.resolve("big-block.pcapng");
        Files.write(p, concat(shb(false), idb(false, 1, -1, 0), hugeCustom, epb(false, 0, 7, frame(100, 1), 100),
                epb(false, 0, 8, frame(5000, 2), 5000)));
        try (CaptureReader r = CaptureFiles.openReader(p, 4096)) {
            assertTrue(r.next());
            assertEquals(7_000L, r.timestampNs());
            assertFalse(r.next());
            assertTrue(r.warning().contains("exceeds the 4096-byte limit"), r.warning());
        }
    }

    /** Every truncation point and thousands of random byte flips: each read ends, with or without a warning. */
    @Test
    void damagedFilesNeverThrowNorHang() throws IOException {
        byte[] pcapng = concat(shb(false), idb(false, 1, 9, 0), idb(false, 113, 0x80 | 24, 5),
                epb(false, 1, 123456789L, frame(60, 1), 60), spb(false, frame(20, 2), 20),
                epb(false, 0, 1, frame(200, 3), 300), shb(true), idb(true, 101, 6, 0),
                epb(true, 0, 99, frame(40, 4), 40));
        byte[] pcap = CaptureFilesTest.pcapLeMicros();
        Random rnd = new Random(7);
        int opened = 0;
        for (byte[] original : List.of(pcapng, pcap)) {
            for (int cut = 0; cut <= original.length; cut++) {
                opened += readDamaged(Arrays.copyOf(original, cut));
            }
            for (int i = 0; i < 800; i++) {
                byte[] b = original.clone();
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    // bytes 0-3 kept now and then so most mutants get past format detection
                    int at = rnd.nextInt(b.length - 4) + (rnd.nextInt(8) == 0 ? 0 : 4);
                    b[at] = (byte) rnd.nextInt(256);
                }
                opened += readDamaged(b);
            }
        }
        assertTrue(opened > 1200, "mutants that got past format detection: " + opened);
    }

    private int readDamaged(byte[] bytes) throws IOException {
        Path p = dir.resolve("damaged.bin");
        Files.write(p, bytes);
        PacketSource s;
        try {
            // a small window keeps thousands of opens cheap (no 1 MiB array each) and exercises refills too
            s = new MergingPacketSource(List.of(CaptureFiles.openReader(p, 1024)), List.of(p.toString()));
        } catch (IOException e) {
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
            return 0;
        }
        try (s) {
            int n = Rec.drain(s, 1000).size();
            // a record takes at least 12 bytes, so more than this means the reader went round in circles
            assertTrue(n <= bytes.length / 12, "records " + n);
            for (String w : s.warnings()) {
                assertTrue(w.startsWith(p.toString()) || w.contains("were cut"), w);
                assertFalse(w.contains("reader failed"), w);
            }
        }
        return 1;
    }

    @Test
    void readingAllocatesNothingPerRecord() throws IOException {
        Path p = dir.resolve("many.pcap");
        int total = 130_000;
        byte[] payload = frame(120, 0);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p), 1 << 16);
             PcapWriter w = new PcapWriter(out, false)) {
            for (int i = 0; i < total; i++) {
                w.write(1_700_000_000_000_000_000L + i * 20_000L, payload, 0, 60 + (i % 61));
            }
        }
        PacketEvent slot = new PacketEvent();
        try (PacketSource warm = CaptureFiles.open(List.of(p))) {
            while (warm.nextInto(slot)) {
                // warm-up pass: JIT and the JDK's cached temporary direct buffer for FileChannel reads
            }
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (PacketSource s = CaptureFiles.open(List.of(p))) {
            for (int i = 0; i < 20_000; i++) {
                assertTrue(s.nextInto(slot));
            }
            int measured = 100_000;
            long before = threads.getCurrentThreadAllocatedBytes();
            long sum = 0;
            for (int i = 0; i < measured; i++) {
                s.nextInto(slot);
                sum += slot.capturedLength;
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println("pure-Java pcap reader: allocated " + allocated + " bytes over " + measured
                    + " records");
            assertEquals(120_000L, slot.frameNumber);
            assertTrue(sum > 0);
            assertTrue(allocated < measured, "allocated " + allocated + " bytes over " + measured + " records");
        }
    }
}

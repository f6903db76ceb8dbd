package org.voipwatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * The direct read path's view of {@code struct pcap_pkthdr} and its frame copy, checked without capture rights: a
 * capture file built here field by field is opened through pcap4j (an offline pcap_t; pcap_next_ex reads files
 * the same way) and every header field and byte must come back as written. The live side is covered by
 * LivePacketSourceTest and LiveCaptureAllocationTest.
 */
class PcapDirectReaderTest {
    static final long MAGIC_MICROS = 0xa1b2c3d4L;
    static final long MAGIC_NANOS = 0xa1b23c4dL;
    static final long SEC1 = 1_700_000_000L;

    static byte[] frame(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    /** Two records: a whole 60-byte frame, and a 20-byte capture of a 1514-byte frame (snaplen cut). */
    static Path file(Path dir, long magic, long frac1, long frac2) throws Exception {
        ByteBuilder b = new ByteBuilder(false)
                .u32(magic).u16(2).u16(4).u32(0).u32(0).u32(65_535).u32(LinkType.ETHERNET);
        b.u32(SEC1).u32(frac1).u32(60).u32(60).bytes(frame(60, 1));
        b.u32(SEC1 + 1).u32(frac2).u32(20).u32(1514).bytes(frame(20, 9));
        Path p = dir.resolve(magic == MAGIC_NANOS ? "nanos.pcap" : "micros.pcap");
        Files.write(p, b.toArray());
        return p;
    }

    static void assumeBinding() {
        Assumptions.assumeTrue(NativePcap.unavailableReason() == null,
                () -> "direct pcap binding not available here: " + NativePcap.unavailableReason());
    }

    @Test
    void microsecondFileReadsBackEveryFieldAndByte(@TempDir Path dir) throws Exception {
        assumeBinding();
        Path p = file(dir, MAGIC_MICROS, 123_456, 1);
        PcapHandle h = Pcaps.openOffline(p.toString());
        try {
            PcapDirectReader r = PcapDirectReader.open(h);
            assertEquals(NativePcap.PCAP_NEXT_PACKET, r.next());
            assertEquals(SEC1 * 1_000_000_000L + 123_456_000L, r.timestampNs());
            assertEquals(60, r.capturedLength());
            assertEquals(60, r.originalLength());
            byte[] dst = new byte[64];
            Arrays.fill(dst, (byte) 0x55);
            r.copyFrame(dst, 60);
            assertArrayEquals(frame(60, 1), Arrays.copyOf(dst, 60));
            assertArrayEquals(new byte[] {0x55, 0x55, 0x55, 0x55}, Arrays.copyOfRange(dst, 60, 64), "no overrun");

            assertEquals(NativePcap.PCAP_NEXT_PACKET, r.next());
            assertEquals((SEC1 + 1) * 1_000_000_000L + 1_000L, r.timestampNs());
            assertEquals(20, r.capturedLength());
            assertEquals(1514, r.originalLength());
            r.copyFrame(dst, 20);
            assertArrayEquals(frame(20, 9), Arrays.copyOf(dst, 20));

            // libpcap's answer at the end of a file
            assertEquals(NativePcap.PCAP_ERROR_BREAK, r.next());
        } finally {
            h.close();
        }
    }

    @Test
    void nanosecondHandleGivesNanosecondStamps(@TempDir Path dir) throws Exception {
        assumeBinding();
        Path p = file(dir, MAGIC_NANOS, 123_456_789, 999_999_999);
        PcapHandle h = Pcaps.openOffline(p.toString(), PcapHandle.TimestampPrecision.NANO);
        try {
            assertEquals(PcapHandle.TimestampPrecision.NANO, h.getTimestampPrecision());
            PcapDirectReader r = PcapDirectReader.open(h);
            assertEquals(NativePcap.PCAP_NEXT_PACKET, r.next());
            assertEquals(SEC1 * 1_000_000_000L + 123_456_789L, r.timestampNs());
            assertEquals(NativePcap.PCAP_NEXT_PACKET, r.next());
            assertEquals((SEC1 + 1) * 1_000_000_000L + 999_999_999L, r.timestampNs());
            assertEquals(1514, r.originalLength());
        } finally {
            h.close();
        }
    }

    /**
     * When pcap4j's internals are not what the direct path expects (here: the private pcap_t field of a real handle
     * set to null for the duration of the call, then restored so the handle closes normally), the interface falls
     * back to loop() with a log line.
     */
    @Test
    void unusableHandleFallsBackToPcap4jWithALogLine(@TempDir Path dir) throws Exception {
        PcapHandle h = Pcaps.openOffline(file(dir, MAGIC_MICROS, 0, 0).toString());
        Field f = PcapHandle.class.getDeclaredField("handle");
        f.setAccessible(true);
        Object pcapT = f.get(h);
        List<String> log = new ArrayList<>();
        try {
            f.set(h, null);
            assertNull(LivePacketSource.directOrLog("eth7", h, log::add));
        } finally {
            f.set(h, pcapT);
            h.close();
        }
        assertEquals(1, log.size());
        String line = log.get(0);
        assertTrue(line.startsWith("capture eth7: direct pcap_next_ex read path unavailable ("), line);
        assertTrue(line.endsWith("); reading through pcap4j loop() instead"), line);
        if (NativePcap.unavailableReason() == null) {
            assertTrue(line.contains("PcapHandle.handle is null"), line);
        }
    }
}

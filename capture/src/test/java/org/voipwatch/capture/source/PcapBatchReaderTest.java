package org.voipwatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * The batched read path's record walk, checked without capture rights on capture files built field by field (see
 * PcapDirectReaderTest): pcap_dispatch on an offline pcap_t feeds pcap_dump exactly as a live one does.
 */
class PcapBatchReaderTest {
    private static void assumeBatch() {
        PcapDirectReaderTest.assumeBinding();
        Assumptions.assumeTrue(NativePcap.Libc.unavailableReason() == null,
                () -> "C memory streams not available: " + NativePcap.Libc.unavailableReason());
    }

    @Test
    void oneBatchHoldsBothRecordsWithEveryFieldAndByte(@TempDir Path dir) throws Exception {
        assumeBatch();
        PcapHandle h = Pcaps.openOffline(PcapDirectReaderTest.file(dir, PcapDirectReaderTest.MAGIC_MICROS, 123_456, 1)
                .toString());
        PcapBatchReader r = PcapBatchReader.open(h);
        try {
            assertEquals(2, r.read());
            assertTrue(r.nextRecord());
            assertEquals(PcapDirectReaderTest.SEC1 * 1_000_000_000L + 123_456_000L, r.timestampNs());
            assertEquals(60, r.capturedLength());
            assertEquals(60, r.originalLength());
            byte[] dst = new byte[64];
            Arrays.fill(dst, (byte) 0x55);
            r.copyFrame(dst, 60);
            assertArrayEquals(PcapDirectReaderTest.frame(60, 1), Arrays.copyOf(dst, 60));
            assertArrayEquals(new byte[] {0x55, 0x55, 0x55, 0x55}, Arrays.copyOfRange(dst, 60, 64), "no overrun");
            assertTrue(r.nextRecord());
            assertEquals((PcapDirectReaderTest.SEC1 + 1) * 1_000_000_000L + 1_000L, r.timestampNs());
            assertEquals(20, r.capturedLength());
            assertEquals(1514, r.originalLength());
            r.copyFrame(dst, 20);
            assertArrayEquals(PcapDirectReaderTest.frame(20, 9), Arrays.copyOf(dst, 20));
            assertFalse(r.nextRecord());
            assertEquals(0, r.read(), "pcap_dispatch on a file at its end");
            assertFalse(r.nextRecord());
        } finally {
            r.close();
            h.close();
        }
    }

    @Test
    void nanosecondHandleGivesNanosecondStamps(@TempDir Path dir) throws Exception {
        assumeBatch();
        PcapHandle h = Pcaps.openOffline(PcapDirectReaderTest.file(dir, PcapDirectReaderTest.MAGIC_NANOS,
                123_456_789, 999_999_999).toString(), PcapHandle.TimestampPrecision.NANO);
        PcapBatchReader r = PcapBatchReader.open(h);
        try {
            assertEquals(2, r.read());
            assertTrue(r.nextRecord());
            assertEquals(PcapDirectReaderTest.SEC1 * 1_000_000_000L + 123_456_789L, r.timestampNs());
            assertTrue(r.nextRecord());
            assertEquals((PcapDirectReaderTest.SEC1 + 1) * 1_000_000_000L + 999_999_999L, r.timestampNs());
        } finally {
            r.close();
            h.close();
        }
    }

    /**
     * More records than one batch may hold (at snaplen 65,535 a batch is bounded to what always fits the buffer):
     * they come over several reads, all of them, in order, each buffer reused from its start.
     */
    @Test
    void aLongFileComesInBoundedBatchesInOrder(@TempDir Path dir) throws Exception {
        assumeBatch();
        int n = 1000;
        ByteBuilder b = new ByteBuilder(false).u32(PcapDirectReaderTest.MAGIC_MICROS).u16(2).u16(4).u32(0).u32(0)
                .u32(65_535).u32(LinkType.ETHERNET);
        for (int i = 0; i < n; i++) {
            b.u32(PcapDirectReaderTest.SEC1 + i).u32(i).u32(40 + i % 50).u32(40 + i % 50)
                    .bytes(PcapDirectReaderTest.frame(40 + i % 50, i));
        }
        Path p = dir.resolve("long.pcap");
        Files.write(p, b.toArray());
        PcapHandle h = Pcaps.openOffline(p.toString());
        PcapBatchReader r = PcapBatchReader.open(h);
        try {
            int limit = r.framesPerCall();
            assertEquals((PcapBatchReader.BUFFER_BYTES - 64) / (16 + 65_535), limit);
            int seen = 0;
            int reads = 0;
            byte[] dst = new byte[128];
            int rc;
            while ((rc = r.read()) > 0) {
                reads++;
                assertTrue(rc <= limit, "batch of " + rc);
                int inBatch = 0;
                while (r.nextRecord()) {
                    int len = 40 + seen % 50;
                    assertEquals((PcapDirectReaderTest.SEC1 + seen) * 1_000_000_000L + seen * 1000L, r.timestampNs());
                    assertEquals(len, r.capturedLength());
                    r.copyFrame(dst, len);
                    assertArrayEquals(PcapDirectReaderTest.frame(len, seen), Arrays.copyOf(dst, len), "frame " + seen);
                    seen++;
                    inBatch++;
                }
                assertEquals(rc, inBatch);
            }
            assertEquals(n, seen);
            assertEquals((n + limit - 1) / limit, reads);
        } finally {
            r.close();
            h.close();
        }
    }
}

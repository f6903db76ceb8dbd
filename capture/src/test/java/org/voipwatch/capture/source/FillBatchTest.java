package org.voipwatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.RingBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * The batch path a single file takes ({@link MergingPacketSource#fillBatch}) must hand over the same records and the
 * same warnings as the per-packet path ({@link PacketSource#nextInto}), which the corpus tests check against tshark:
 * at batch boundaries, when the file ends exactly at one, and for a truncated last record (one warning, not two).
 */
class FillBatchTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} records, batch {1}, truncated {2}")
    @CsvSource({"100, 1, false", "100, 7, false", "128, 64, false", "128, 128, false", "127, 64, false",
            "100, 64, true", "128, 64, true", "1, 64, false", "0, 64, false", "0, 64, true"})
    void sameRecordsAndWarningsAsPerPacket(int records, int batch, boolean truncated) throws IOException {
        Path file = write(records, truncated);
        List<Rec> expected;
        List<String> expectedWarnings;
        try (MergingPacketSource perPacket = open(file)) {
            expected = Rec.drain(perPacket, 10_000);
            expectedWarnings = List.copyOf(perPacket.warnings());
        }
        assertEquals(records, expected.size(), "per-packet path");
        assertEquals(truncated ? 1 : 0, expectedWarnings.size(), expectedWarnings.toString());

        RingBuffer<PacketEvent> ring = RingBuffer.createSingleProducer(PacketEvent::new, 256);
        List<Rec> got = new ArrayList<>();
        try (MergingPacketSource batched = open(file)) {
            long seq = 0;
            for (int rounds = 0; rounds < 10_000; rounds++) {
                long hi = seq + batch - 1;
                long next = batched.fillBatch(ring, seq, hi);
                for (long s = seq; s < next; s++) {
                    got.add(Rec.of(ring.get(s)));
                }
                if (next <= hi) {
                    break;
                }
                seq = next;
            }
            assertEquals(expectedWarnings, batched.warnings());
            // asking again after the end gives nothing and adds no warning
            long after = batched.fillBatch(ring, seq + 5, seq + 5 + batch - 1);
            assertEquals(seq + 5, after, "no record after the end");
            assertEquals(expectedWarnings, batched.warnings());
        }
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            Rec e = expected.get(i);
            Rec g = got.get(i);
            assertEquals(e.timestampNs(), g.timestampNs(), "record " + i);
            assertEquals(e.frameNumber(), g.frameNumber(), "record " + i);
            assertEquals(e.originalLength(), g.originalLength(), "record " + i);
            assertTrue(Arrays.equals(e.data(), g.data()), "record " + i);
        }
    }

    private static MergingPacketSource open(Path file) throws IOException {
        return new MergingPacketSource(List.of(CaptureFiles.openReader(file, 4096)), List.of(file.toString()));
    }

    /** Records of varying length (so the small window refills mid-batch), optionally cut in the last record. */
    private Path write(int records, boolean truncated) throws IOException {
        Path p = dir.resolve("f-" + records + "-" + truncated + ".pcap");
        try (OutputStream out = Files.newOutputStream(p); PcapWriter w = new PcapWriter(out, true)) {
            for (int i = 0; i < records; i++) {
                byte[] frame = new byte[60 + (i * 37) % 900];
                for (int j = 0; j < frame.length; j++) {
                    frame[j] = (byte) (i * 31 + j);
                }
                w.write(1_700_000_000_000_000_000L + i * 1_000_123L, frame, 0, frame.length);
            }
        }
        if (truncated) {
            byte[] half = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x10, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00,
                    0x00, 0x42};
            Files.write(p, half, java.nio.file.StandardOpenOption.APPEND); // a 16-byte record announced, 1 present
        }
        return p;
    }
}

package org.voipwatch.capture.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.lmax.disruptor.RingBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.voipwatch.capture.source.CaptureFiles;
import org.voipwatch.capture.source.PacketSource;
import org.voipwatch.capture.source.PcapWriter;

/**
 * What the capture loop publishes for a file of N packets: N packet slots in file order, one END slot carrying the
 * last packet's time, ticks that do not move the clock for the rest of the claimed batch; and the pipeline clock
 * started only when there was a packet. (A ring without consumers never makes the producer wait.)
 */
class CaptureLoopTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} packets, batch {1}")
    @CsvSource({"0, 16", "1, 16", "5, 16", "16, 16", "17, 16", "40, 16", "40, 1"})
    void publishesPacketsThenEndThenTicks(int n, int batch) throws IOException {
        Path file = dir.resolve("f.pcap");
        try (OutputStream out = Files.newOutputStream(file); PcapWriter w = new PcapWriter(out, true)) {
            for (int i = 0; i < n; i++) {
                byte[] frame = new byte[64];
                frame[0] = (byte) i;
                w.write(T0 + i * 20_000_000L, frame, 0, frame.length);
            }
        }
        RingBuffer<PacketEvent> ring = RingBuffer.createSingleProducer(PacketEvent::new, 128);
        CaptureLoop loop = new CaptureLoop(ring, batch);
        try (PacketSource source = CaptureFiles.open(List.of(file))) {
            assertEquals(n, loop.run(source));
        }
        assertEquals(n, loop.packets());
        for (int i = 0; i < n; i++) {
            PacketEvent e = ring.get(i);
            assertEquals(PacketEvent.KIND_PACKET, e.kind, "slot " + i);
            assertEquals(i + 1, e.frameNumber, "slot " + i);
            assertEquals(T0 + i * 20_000_000L, e.timestampNs, "slot " + i);
            assertEquals((byte) i, e.data[0], "slot " + i);
        }
        long lastTs = n == 0 ? 0 : T0 + (n - 1) * 20_000_000L;
        assertEquals(PacketEvent.KIND_END, ring.get(n).kind);
        assertEquals(lastTs, ring.get(n).timestampNs);
        long published = ring.getCursor();
        assertEquals(0, (published + 1) % batch, "whole batches are published");
        for (long s = n + 1; s <= published; s++) {
            assertEquals(PacketEvent.KIND_TICK, ring.get(s).kind, "slot " + s);
            assertEquals(lastTs, ring.get(s).timestampNs, "slot " + s);
        }
        if (n == 0) {
            assertEquals(0, loop.firstPacketNanos(), "no packet, no processing time");
        } else {
            assertNotEquals(0, loop.firstPacketNanos());
        }
    }
}

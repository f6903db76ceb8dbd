package org.voipwatch.bench.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * L2-L4 decode ({@link PacketDecoder#decode}) of real frames in capture order (mostly RTP, as on a real site),
 * cycling through {@link SampleCapture#WINDOW} slots like the analyzer's ring. One op = one frame. {@code slotBytes}
 * is the slot array size: 65600 as in production ({@link PacketEvent#MAX_FRAME_BYTES}) or 2048 (frames packed
 * densely), to show what the slot layout costs in cache and TLB misses. When the index wraps, packet time goes back
 * by 50 ms and the decoder runs its reassembly sweep once (amortised, negligible).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecodeBenchmark {
    @Param({"65600", "2048"})
    public int slotBytes;

    private PacketEvent[] events;
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        events = SampleCapture.window(slotBytes);
    }

    @Benchmark
    public int decode() {
        PacketEvent ev = events[next];
        next = (next + 1) & SampleCapture.WINDOW_MASK;
        int status = decoder.decode(ev, out);
        return status + out.payloadLength;
    }
}

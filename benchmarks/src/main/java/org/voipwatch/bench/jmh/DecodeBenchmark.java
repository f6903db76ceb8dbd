package org.voipwatch.bench.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * L2-L4 decode ({@link PacketDecoder#decode}) of the sample's frames in capture order (mostly RTP, as on a real
 * site). One op = one frame. The index wraps every 65,536 frames, which sends packet time backwards once: the decoder
 * then runs its reassembly sweep once (amortised, negligible).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecodeBenchmark {
    private PacketEvent[] events;
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        events = SampleCapture.loadFresh();
    }

    @Benchmark
    public int decode() {
        PacketEvent ev = events[next];
        next = (next + 1) & SampleCapture.MASK;
        int status = decoder.decode(ev, out);
        return status + out.payloadLength;
    }
}

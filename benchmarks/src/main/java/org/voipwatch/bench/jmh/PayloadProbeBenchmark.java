package org.voipwatch.bench.jmh;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.voipwatch.analyzer.classify.PayloadProbe;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * {@link PayloadProbe#classify} on decoded packets of the sample: {@code mix} in capture order (mostly RTP), and
 * the non-RTP packets only ({@code signalling}: SIP, RTCP, STUN, the odd flows), where the probes do more work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PayloadProbeBenchmark {
    private DecodedPacket[] mix;
    private DecodedPacket[] signalling;
    private int nextMix;
    private int nextSignalling;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        PacketEvent[] events = SampleCapture.loadFresh();
        PacketDecoder decoder = new PacketDecoder();
        mix = new DecodedPacket[events.length];
        List<DecodedPacket> other = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            DecodedPacket p = new DecodedPacket();
            decoder.decode(events[i], p);
            mix[i] = p; // keeps a view of events[i].data, which stays alive with it
            if (PayloadProbe.classify(p) != ProtocolClass.RTP) {
                other.add(p);
            }
        }
        // a power-of-two count repeats the signalling packets so that the index can wrap with a mask
        int n = Integer.highestOneBit(Math.max(1, other.size()));
        signalling = other.subList(0, n).toArray(new DecodedPacket[0]);
    }

    @Benchmark
    public int mix() {
        int i = nextMix;
        nextMix = (i + 1) & SampleCapture.MASK;
        return PayloadProbe.classify(mix[i]);
    }

    @Benchmark
    public int signalling() {
        int i = nextSignalling;
        nextSignalling = (i + 1) & (signalling.length - 1);
        return PayloadProbe.classify(signalling[i]);
    }
}

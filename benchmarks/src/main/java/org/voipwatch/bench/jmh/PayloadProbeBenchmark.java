package org.voipwatch.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.voipwatch.analyzer.classify.PayloadProbe;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * {@link PayloadProbe#classify} on decoded packets: {@code mix} cycles through {@link SampleCapture#WINDOW} packets
 * in capture order (mostly RTP; ring-sized slots of {@code slotBytes}), {@code signalling} through the sample's
 * non-RTP packets only (SIP, RTCP, STUN, the odd flows), where the probes do more work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PayloadProbeBenchmark {
    @Param({"65600", "2048"})
    public int slotBytes;

    private DecodedPacket[] mix;
    private DecodedPacket[] signalling;
    private int nextMix;
    private int nextSignalling;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        PacketDecoder decoder = new PacketDecoder();
        PacketEvent[] window = SampleCapture.window(slotBytes);
        mix = new DecodedPacket[window.length];
        for (int i = 0; i < window.length; i++) {
            mix[i] = new DecodedPacket();
            decoder.decode(window[i], mix[i]); // keeps a view of window[i].data, which stays alive with it
        }
        Path file = SampleCapture.write();
        PacketEvent[] events;
        try {
            events = SampleCapture.load(file);
        } finally {
            Files.deleteIfExists(file);
        }
        List<DecodedPacket> other = new ArrayList<>();
        for (PacketEvent ev : events) {
            DecodedPacket p = new DecodedPacket();
            decoder.decode(ev, p);
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
        nextMix = (i + 1) & SampleCapture.WINDOW_MASK;
        return PayloadProbe.classify(mix[i]);
    }

    @Benchmark
    public int signalling() {
        int i = nextSignalling;
        nextSignalling = (i + 1) & (signalling.length - 1);
        return PayloadProbe.classify(signalling[i]);
    }
}

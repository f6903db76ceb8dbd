package org.voipwatch.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.analyzer.track.FlowTable;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * {@link FlowTable} on the sample's 5-tuples, in capture order, with the analyzer's default capacity
 * ({@link AnalyzerConfig#MAX_FLOWS_DEFAULT}):
 * <ul>
 * <li>{@code findHit}: every flow of the sample is stored; each packet finds its flow (the per-packet path);</li>
 * <li>{@code insertRemove}: each packet's flow is inserted into an empty table and removed again (the new-flow path
 *     plus backward-shift deletion).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlowTableBenchmark {
    private final int[] proto = new int[SampleCapture.RECORDS];
    private final long[] sHi = new long[SampleCapture.RECORDS];
    private final long[] sLo = new long[SampleCapture.RECORDS];
    private final int[] sPort = new int[SampleCapture.RECORDS];
    private final long[] dHi = new long[SampleCapture.RECORDS];
    private final long[] dLo = new long[SampleCapture.RECORDS];
    private final int[] dPort = new int[SampleCapture.RECORDS];
    private final long[] nowNs = new long[SampleCapture.RECORDS];
    private FlowTable full;
    private FlowTable empty;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path file = SampleCapture.write();
        PacketEvent[] events;
        try {
            events = SampleCapture.load(file);
        } finally {
            Files.deleteIfExists(file);
        }
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        full = new FlowTable(AnalyzerConfig.MAX_FLOWS_DEFAULT);
        empty = new FlowTable(AnalyzerConfig.MAX_FLOWS_DEFAULT);
        for (int i = 0; i < events.length; i++) {
            decoder.decode(events[i], p);
            proto[i] = p.ipProtocol;
            sHi[i] = p.srcHi;
            sLo[i] = p.srcLo;
            sPort[i] = p.srcPort;
            dHi[i] = p.dstHi;
            dLo[i] = p.dstLo;
            dPort[i] = p.dstPort;
            nowNs[i] = p.timestampNs;
            if (full.find(proto[i], sHi[i], sLo[i], sPort[i], dHi[i], dLo[i], dPort[i]) == FlowTable.NOT_FOUND) {
                full.insert(proto[i], sHi[i], sLo[i], sPort[i], dHi[i], dLo[i], dPort[i], nowNs[i]);
            }
        }
    }

    @Benchmark
    public int findHit() {
        int i = next;
        next = (i + 1) & (SampleCapture.RECORDS - 1);
        return full.find(proto[i], sHi[i], sLo[i], sPort[i], dHi[i], dLo[i], dPort[i]);
    }

    @Benchmark
    public int insertRemove() {
        int i = next;
        next = (i + 1) & (SampleCapture.RECORDS - 1);
        int slot = empty.insert(proto[i], sHi[i], sLo[i], sPort[i], dHi[i], dLo[i], dPort[i], nowNs[i]);
        empty.remove(slot);
        return slot;
    }
}

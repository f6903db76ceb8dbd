package org.voipwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.classify.PayloadProbe;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.detect.call.CallAnalyzer;
import org.voipwatch.analyzer.detect.stun.StunAnalyzer;
import org.voipwatch.analyzer.pipeline.AnalysisContext;
import org.voipwatch.analyzer.pipeline.AnalyzerStage;
import org.voipwatch.analyzer.pipeline.Analyzers;
import org.voipwatch.analyzer.pipeline.PacketAnalyzer;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.FlowTracker;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.CaptureFiles;
import org.voipwatch.capture.source.CaptureReader;

/**
 * Where the pipeline's time goes, on one thread and without the rings: passes over a capture that add one stage at
 * a time (read records; + copy into ring-like slots; + decode; + payload probe; the whole {@link AnalyzerStage}
 * with flow tracking against a matrix; that stage plus the {@link CallAnalyzer}, plus the {@link StunAnalyzer} alone,
 * plus every analyzer of {@link Analyzers#create}). Each pass is timed by wall clock and by this thread's CPU
 * time, which stays meaningful on a machine shared with other work. Comparing the last rung with {@code voipwatch analyze}'s
 * packetsPerSecond shows what the two-thread hand-off costs.
 *
 * <p>Usage: {@code StageLadder CAPTURE MATRIX [--slot-bytes N,N...] [--repeat R] [--max-flows N] [--from-stage S]}.
 * Single-threaded.
 */
public final class StageLadder {
    private static final String[] STAGES = {"read records", "+ copy into slots", "+ decode L2-L4",
        "+ payload probe", "analyzer stage (decode, probe, flow track, counters)", "+ CallAnalyzer (SIP, SDP, RTP)",
        "+ StunAnalyzer only (no CallAnalyzer)", "+ every analyzer (Analyzers.create)"};
    /** Rungs from this one on run the whole {@link AnalyzerStage}; the ones after it add protocol analyzers. */
    private static final int STAGE_ANALYZER = 4;

    /** Flow table capacity for the last rung ({@code --max-flows}); the analyzer's default unless given. */
    private static int maxFlows = AnalyzerConfig.MAX_FLOWS_DEFAULT;

    private StageLadder() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: StageLadder CAPTURE MATRIX [--slot-bytes 65600,2048] [--repeat 3] [--max-flows N] "
                    + "[--from-stage 0-7]");
            System.exit(2);
        }
        Path capture = Paths.get(args[0]);
        Path matrixFile = Paths.get(args[1]);
        String slotList = PacketEvent.MAX_FRAME_BYTES + ",2048";
        int repeat = 3;
        int firstStage = 0;
        for (int i = 2; i + 1 < args.length; i += 2) {
            if (args[i].equals("--slot-bytes")) {
                slotList = args[i + 1];
            } else if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--max-flows")) {
                maxFlows = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--from-stage")) {
                firstStage = Integer.parseInt(args[i + 1]);
            }
        }
        FlowMatrix matrix = MatrixLoader.load(matrixFile, List.of());
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.println("| stage | slot bytes | packets | best wall ns/pkt | best CPU ns/pkt | M pkt/s (CPU) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String sb : slotList.split(",")) {
            int slotBytes = Integer.parseInt(sb.trim());
            for (int stage = firstStage; stage < STAGES.length; stage++) {
                if (stage == 0 && !sb.equals(slotList.split(",")[0])) {
                    continue; // reading does not touch the slots
                }
                long bestWall = Long.MAX_VALUE;
                long bestCpu = Long.MAX_VALUE;
                long packets = 0;
                for (int r = 0; r < repeat; r++) {
                    long[] t = new long[2];
                    packets = pass(capture, stage, slotBytes, matrix, mx, t);
                    bestWall = Math.min(bestWall, t[0]);
                    bestCpu = Math.min(bestCpu, t[1]);
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.2f |%n", STAGES[stage],
                        stage == 0 ? "-" : Integer.toString(slotBytes), packets, (double) bestWall / packets,
                        (double) bestCpu / packets, packets * 1e3 / bestCpu);
            }
        }
    }

    /**
     * One pass over the capture up to {@code stage}; returns the number of packets and puts the wall and CPU
     * nanoseconds of the packet loop (set-up excluded) into {@code times}.
     */
    static long pass(Path capture, int stage, int slotBytes, FlowMatrix matrix, ThreadMXBean mx, long[] times)
            throws Exception {
        PacketEvent[] ring = new PacketEvent[AnalyzerConfig.PACKET_RING_SIZE_DEFAULT];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new PacketEvent(slotBytes);
        }
        int mask = ring.length - 1;
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        AnalyzerCounters counters = new AnalyzerCounters();
        AnalyzerConfig config = new AnalyzerConfig();
        config.maxFlows = maxFlows;
        FlowTracker tracker = new FlowTracker(matrix, config, new DiscardingEmitter(), counters);
        // the protocol analyzers are built as AnalysisPipeline builds them, from one AnalysisContext
        AnalysisContext ctx = new AnalysisContext(matrix, config, new DiscardingEmitter(), tracker, counters);
        PacketAnalyzer[] analyzers;
        switch (stage) {
            case STAGE_ANALYZER + 1:
                analyzers = new PacketAnalyzer[] {new CallAnalyzer(ctx)};
                break;
            case STAGE_ANALYZER + 2:
                analyzers = new PacketAnalyzer[] {new StunAnalyzer(ctx)};
                break;
            case STAGE_ANALYZER + 3:
                analyzers = Analyzers.create(ctx);
                break;
            default:
                analyzers = new PacketAnalyzer[0];
                break;
        }
        AnalyzerStage analyzer = new AnalyzerStage(decoder, tracker, counters, () -> { }, analyzers);
        long n = 0;
        long sink = 0;
        long w0 = System.nanoTime();
        long c0 = mx.getCurrentThreadCpuTime();
        try (CaptureReader r = CaptureFiles.openReader(capture)) {
            while (r.next()) {
                if (stage == 0) {
                    sink += r.capturedLength() + r.buffer()[r.offset() + 23];
                    n++;
                    continue;
                }
                PacketEvent ev = ring[(int) (n & mask)];
                ev.setPacket(r.timestampNs(), r.linkType(), r.buffer(), r.offset(), r.capturedLength(),
                        r.originalLength(), 0, r.recordCount());
                n++;
                switch (stage) {
                    case 1:
                        sink += ev.data[23];
                        break;
                    case 2:
                        sink += decoder.decode(ev, p);
                        break;
                    case 3:
                        sink += decoder.decode(ev, p) + PayloadProbe.classify(p);
                        break;
                    default:
                        analyzer.onEvent(ev, n, false);
                        break;
                }
            }
        }
        if (stage >= STAGE_ANALYZER) {
            PacketEvent end = ring[(int) (n & mask)];
            end.setEnd(analyzer.clockNs());
            analyzer.onEvent(end, n + 1, true);
            sink += counters.packets;
        }
        times[1] = mx.getCurrentThreadCpuTime() - c0;
        times[0] = System.nanoTime() - w0;
        if (sink == 42) {
            System.out.print(""); // keeps the work observable to the JIT
        }
        return n;
    }

    /** Counts events and drops them: the ladder measures the analyzer thread, not the sinks. */
    private static final class DiscardingEmitter implements EventEmitter {
        private final MonitorEvent scratch = new MonitorEvent();

        @Override
        public MonitorEvent begin() {
            scratch.clear();
            return scratch;
        }

        @Override
        public void commit() {
        }
    }
}

package org.voipwatch.analyzer.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.pipeline.PacketAnalyzer;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.sink.JsonLinesSink;
import org.voipwatch.analyzer.testutil.Scenarios;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * A protocol analyzer with a bug, injected through {@link AnalysisPipeline#extraAnalyzers}: its exceptions are
 * counted as handler failures, every other packet is still analysed, and the end of input still arrives (the
 * run returns; the timeout is only a hang guard).
 */
class FaultInjectionTest {
    /** The documented call of {@link GenuineCall}, 10 s of it: 4 SIP + 2 × 499 RTP + 2 SIP packets. */
    private static final class CallOnly extends GeneratedSource {
        private final List<GenuineCall.Pkt> call;

        CallOnly(List<GenuineCall.Pkt> call) {
            super(call.size());
            this.call = call;
        }

        @Override
        protected void packet(long i, PacketEvent slot) {
            GenuineCall.Pkt p = call.get((int) i);
            emit(slot, p.timeNs, udp(p.src, p.sport, p.dst, p.dport, p.payload), i + 1);
        }
    }

    /** Throws on every {@code n}th packet (and, if asked, at the end of input). */
    private static final class Faulty implements PacketAnalyzer {
        private final int n;
        private final boolean failAtEnd;
        long seen;

        Faulty(int n, boolean failAtEnd) {
            this.n = n;
            this.failAtEnd = failAtEnd;
        }

        @Override
        public void onPacket(DecodedPacket p, int protocolClass, int flowSlot, boolean fromInitiator) {
            if (++seen % n == 0) {
                throw new IllegalStateException("injected failure on packet " + seen);
            }
        }

        @Override
        public void onTime(long nowNs) {
        }

        @Override
        public void onEnd(long nowNs) {
            if (failAtEnd) {
                throw new IllegalStateException("injected failure at the end");
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void analyzerThatThrowsEveryNthPacketIsCountedAndTheRunCompletes() throws Exception {
        List<GenuineCall.Pkt> call = GenuineCall.packets(1_000_000_000L, 10_000_000_000L);
        Faulty faulty = new Faulty(7, false);
        FlowMatrix m = MatrixLoader.loadNamed(Scenarios.demoMatrix().toString(), List.of());
        AnalysisResult r = new AnalysisPipeline(new AnalyzerConfig(), m, List.<EventSink>of(), true)
                .extraAnalyzers(faulty).run(new CallOnly(call));

        assertEquals(call.size(), r.counters.packets);
        assertEquals(call.size(), faulty.seen, "the analyzer saw every packet, failures included");
        assertEquals(call.size() / 7, r.handlerFailures);
        // a failing analyzer must not corrupt the pipeline's own accounting: every packet has a class
        long byClass = 0;
        for (long c : r.counters.packetsByClass) {
            byClass += c;
        }
        assertEquals(r.counters.packets, byClass, "packets by class");
        assertEquals(call.size() - 6, r.counters.packetsByClass[ProtocolClass.RTP], "RTP packets");
        int rtp = r.coverage.row(m.ruleIndex("trunk-sbc-rtp"));
        assertEquals(1, r.coverage.flows[rtp]);
        assertEquals(call.size() - 6, r.coverage.packets[rtp]);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void analyzerThatThrowsAtTheEndDoesNotHangTheRun() throws Exception {
        List<GenuineCall.Pkt> call = GenuineCall.packets(1_000_000_000L, 2_000_000_000L);
        FlowMatrix m = MatrixLoader.loadNamed(Scenarios.demoMatrix().toString(), List.of());
        java.io.ByteArrayOutputStream events = new java.io.ByteArrayOutputStream();
        AnalysisResult r = new AnalysisPipeline(new AnalyzerConfig(), m,
                List.of(new JsonLinesSink(events, "memory", false)), true)
                .extraAnalyzers(new Faulty(Integer.MAX_VALUE, true)).run(new CallOnly(call));

        assertEquals(call.size(), r.counters.packets);
        assertEquals(1, r.handlerFailures);
        // the flows were still folded into the coverage at the end
        int rtp = r.coverage.row(m.ruleIndex("trunk-sbc-rtp"));
        assertEquals(1, r.coverage.flows[rtp]);
        assertEquals(call.size() - 6, r.coverage.packets[rtp]);
    }
}

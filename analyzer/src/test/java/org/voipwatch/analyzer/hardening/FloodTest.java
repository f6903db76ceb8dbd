package org.voipwatch.analyzer.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.detect.call.CallVerdict;
import org.voipwatch.analyzer.event.EventType;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.pipeline.PipelineObserver;
import org.voipwatch.analyzer.protocol.sip.SipMethod;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.testutil.Scenarios;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * Floods through the real pipeline (packet ring, analyzer thread, event ring, sink thread) with a generated
 * source, a documented call interleaved: the state stays within its configured bounds (checked through the
 * bound counters and the flow-table gauge, not timing), nothing fails, and the call is still classified.
 */
class FloodTest {
    private static final int MAX_FLOWS = 16_384;
    private static final int SCAN = GeneratedSource.ip(203, 0, 113, 0);

    /** A UDP scan: one million distinct 5-tuples towards the SBC, 10 µs apart, and the documented call. */
    @Test
    void millionFlowScanStaysInTheFlowTableBoundAndTheCallIsStillClassified() throws Exception {
        final long scanPackets = 1_000_000;
        final long intervalNs = 10_000;
        AtomicLong maxActive = new AtomicLong();
        PipelineObserver.View[] view = new PipelineObserver.View[1];
        Flood flood = new Flood(scanPackets, intervalNs) {
            @Override
            int floodPacket(long i) {
                // distinct by construction: (source address, source port, destination port) from i
                int src = SCAN | (int) (i >>> 16) + 1;
                int sport = (int) (i & 0xffff);
                int dport = 1 + (int) ((i * 7919) % 65_535);
                return udp(src, sport, GenuineCall.SBC, dport, PROBE);
            }

            @Override
            protected void afterPacket(long i) {
                if ((i & 1023) == 0 && view[0] != null) {
                    maxActive.accumulateAndGet(view[0].activeFlows.getAsInt(), Math::max);
                }
            }
        };
        Counting sink = new Counting();
        AnalyzerConfig config = new AnalyzerConfig();
        config.maxFlows = MAX_FLOWS;
        FlowMatrix matrix = demo();
        AnalysisResult r = new AnalysisPipeline(config, matrix, List.of(sink), true)
                .observer(v -> view[0] = v).run(flood);

        assertEquals(flood.total(), r.counters.packets);
        assertEquals(0, r.handlerFailures);
        // the bound held: the table never grew past its maximum, and the flood was evicted, counted
        assertTrue(maxActive.get() <= MAX_FLOWS, "active flows sampled " + maxActive.get());
        assertTrue(view[0].activeFlows.getAsInt() <= MAX_FLOWS);
        assertTrue(r.counters.flowsEvictedEmergency + r.counters.flowTableFull > 0, "no eviction counted");
        assertTrue(r.counters.flowsEvictedEmergency > scanPackets - MAX_FLOWS - 1_000,
                "evicted " + r.counters.flowsEvictedEmergency);
        // every scan flow was seen and reported once; the call's flows were not among the unexpected
        assertTrue(r.counters.flowsCreated >= scanPackets, "flows created " + r.counters.flowsCreated);
        assertEquals(0, sink.genuineUnexpected.get(), "unexpected_flow for the documented call");
        assertTrue(sink.unexpected.get() >= scanPackets, "unexpected " + sink.unexpected.get());
        assertCallCovered(r, matrix);
        // rough memory check: the structures are preallocated, so the heap after GC holds about the
        // configured tables (flow table, 64 MiB fragment pool, rings), not one object per scanned flow
        System.gc();
        long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(used < 400L << 20, "heap used after GC " + (used >> 20) + " MiB");
    }

    /** First fragments that never complete, each with a new IP id: the reassembly pool evicts, counted. */
    @Test
    void fragmentFloodIsEvictedAndUnfragmentedTrafficStillFlows() throws Exception {
        final long fragments = 100_000;
        Flood flood = new Flood(fragments, 20_000) {
            @Override
            int floodPacket(long i) {
                int src = SCAN | (int) (i % 250) + 1;
                return fragment(src, GenuineCall.SBC, (int) (i / 250) & 0xffff, 0, true, 1_024);
            }
        };
        Counting sink = new Counting();
        FlowMatrix matrix = demo();
        AnalysisResult r = new AnalysisPipeline(new AnalyzerConfig(), matrix, List.of(sink), true).run(flood);

        assertEquals(flood.total(), r.counters.packets);
        assertEquals(0, r.handlerFailures);
        // 1024 datagrams in reassembly at most (FragmentReassembler default, design.md bounds): the rest evicted.
        // 100,000 first fragments over 2 s of packet time, all within the 30 s timeout: none expire.
        assertEquals(fragments - 1_024, r.counters.fragmentsEvicted);
        assertEquals(0, r.counters.fragmentsExpired);
        assertTrue(r.warnings.stream().anyMatch(w -> w.contains("fragment reassembly pool full")),
                r.warnings.toString());
        assertEquals(0, sink.genuineUnexpected.get());
        assertCallCovered(r, matrix);
    }

    /**
     * An INVITE flood with unique Call-IDs on one signalling flow, never answered: the call table stays at its
     * bound (new INVITEs counted as not tracked), and the genuine call, tracked before the flood filled the
     * table, still gets its verdict.
     */
    @Test
    void inviteFloodWithUniqueCallIdsIsCountedAndTheCallIsStillClassified() throws Exception {
        final long invites = 200_000;
        int attacker = GeneratedSource.ip(203, 0, 113, 77);
        Flood flood = new Flood(invites, 20_000) {
            @Override
            int floodPacket(long i) {
                return udp(attacker, 5060, GenuineCall.SBC, 5060, GenuineCall.sip(
                        "INVITE sip:" + (i % 1000) + "@127.0.20.1 SIP/2.0", "flood-" + i + "@203.0.113.77",
                        "1 INVITE", GenuineCall.sdp("203.0.113.77", 40_000 + (int) (i % 20_000))));
            }
        };
        Counting sink = new Counting();
        FlowMatrix matrix = demo();
        AnalysisResult r = new AnalysisPipeline(new AnalyzerConfig(), matrix, List.of(sink), true).run(flood);

        assertEquals(flood.total(), r.counters.packets);
        assertEquals(0, r.handlerFailures);
        assertEquals(0, sink.genuineUnexpected.get());
        assertCallCovered(r, matrix);
        AnalyzerCounters c = r.counters;
        assertEquals(invites + 1, c.sipRequests[SipMethod.INVITE], "INVITEs parsed");
        // 200,000 INVITEs in 4 s of packet time, unanswered calls kept 32 s: the table fills and stays full
        assertTrue(c.callTableFull > 0, "callTableFull " + c.callTableFull);
        assertTrue(c.callsCreated <= AnalyzerConfig.MAX_CALLS_DEFAULT, "calls created " + c.callsCreated);
        assertEquals(invites + 1, c.callsCreated + c.callTableFull, "every INVITE tracked or counted");
        assertEquals(1, c.callsByVerdict[CallVerdict.OK], "the genuine call is the one call with audio");
    }

    /**
     * A STUN Binding request flood (RFC 8489 §5: magic cookie, 96-bit transaction id), each with a new transaction
     * id, to the TURN server's documented port, never answered: the transaction table evicts, counted.
     */
    @Test
    void stunTransactionFloodIsCountedAndTheCallIsStillClassified() throws Exception {
        final long requests = 200_000;
        int client = GeneratedSource.ip(127, 0, 30, 9);
        int turn = GeneratedSource.ip(127, 0, 40, 1);
        byte[] binding = new byte[20];
        Flood flood = new Flood(requests, 20_000) {
            @Override
            int floodPacket(long i) {
                binding[0] = 0x00;
                binding[1] = 0x01; // Binding request
                binding[4] = 0x21;
                binding[5] = 0x12;
                binding[6] = (byte) 0xA4;
                binding[7] = 0x42;
                for (int k = 0; k < 8; k++) {
                    binding[12 + k] = (byte) (i >>> (8 * k)); // unique transaction id
                }
                binding[8] = (byte) 0x5a;
                return udp(client, 20_000 + (int) (i % 1000), turn, 3478, binding);
            }
        };
        Counting sink = new Counting();
        FlowMatrix matrix = demo();
        AnalysisResult r = new AnalysisPipeline(new AnalyzerConfig(), matrix, List.of(sink), true).run(flood);

        assertEquals(flood.total(), r.counters.packets);
        assertEquals(0, r.handlerFailures);
        assertEquals(0, sink.genuineUnexpected.get());
        // the flood itself is documented (rule stun-turn: any → turn udp 3478): 1000 source ports, 1000 flows
        assertEquals(1000, r.coverage.flows[r.coverage.row(matrix.ruleIndex("stun-turn"))]);
        assertCallCovered(r, matrix);
        assertEquals(requests, r.counters.stun.requests, "Binding requests parsed");
        // 200,000 open requests in 4 s against 16,384 slots and a 5 s timeout: the oldest are evicted
        assertTrue(r.counters.stun.transactionsEvicted >= requests - AnalyzerConfig.STUN_MAX_TRANSACTIONS_DEFAULT,
                "evicted " + r.counters.stun.transactionsEvicted);
    }

    private static FlowMatrix demo() throws Exception {
        return MatrixLoader.loadNamed(Scenarios.demoMatrix().toString(), List.of());
    }

    /** The call's SIP and RTP flows were classified against their rules and answered. */
    private static void assertCallCovered(AnalysisResult r, FlowMatrix m) {
        int sip = r.coverage.row(m.ruleIndex("trunk-sip-in"));
        int rtp = r.coverage.row(m.ruleIndex("trunk-sbc-rtp"));
        assertTrue(r.coverage.flows[sip] >= 1 && r.coverage.answered[sip] >= 1, "SIP flow not covered");
        assertEquals(1, r.coverage.flows[rtp], "RTP flows");
        assertEquals(1, r.coverage.answered[rtp], "RTP answered");
    }

    private static final byte[] PROBE = GeneratedSource.ascii("x");

    /** A flood (one packet per interval) merged in time order with the documented call. */
    private abstract static class Flood extends GeneratedSource {
        private final long floodPackets;
        private final long intervalNs;
        private final List<GenuineCall.Pkt> call;
        private long floodIndex;
        private int callIndex;

        Flood(long floodPackets, long intervalNs) {
            this(floodPackets, intervalNs, GenuineCall.packets(1_000_000_000L, floodPackets * intervalNs));
        }

        private Flood(long floodPackets, long intervalNs, List<GenuineCall.Pkt> call) {
            super(floodPackets + call.size());
            this.floodPackets = floodPackets;
            this.intervalNs = intervalNs;
            this.call = new ArrayList<>(call);
        }

        long total() {
            return floodPackets + call.size();
        }

        abstract int floodPacket(long i);

        @Override
        protected void packet(long i, PacketEvent slot) {
            long floodTime = 1_000_000_000L + floodIndex * intervalNs;
            if (callIndex < call.size() && (floodIndex >= floodPackets || call.get(callIndex).timeNs <= floodTime)) {
                GenuineCall.Pkt p = call.get(callIndex++);
                emit(slot, p.timeNs, udp(p.src, p.sport, p.dst, p.dport, p.payload), i + 1);
            } else {
                emit(slot, floodTime, floodPacket(floodIndex++), i + 1);
            }
        }
    }

    /** Counts events on the sink thread; flags an unexpected_flow between the call's own addresses. */
    private static final class Counting implements EventSink {
        final AtomicLong unexpected = new AtomicLong();
        final AtomicLong genuineUnexpected = new AtomicLong();

        @Override
        public void onEvent(MonitorEvent e, CharSequence json, String key) {
            if (EventType.UNEXPECTED_FLOW.equals(e.type)) {
                unexpected.incrementAndGet();
                if (GenuineCall.isGenuine(e.srcLo, e.dstLo)) {
                    genuineUnexpected.incrementAndGet();
                }
            }
        }

        @Override
        public void onBatchEnd() {
        }

        @Override
        public void close() {
        }
    }
}

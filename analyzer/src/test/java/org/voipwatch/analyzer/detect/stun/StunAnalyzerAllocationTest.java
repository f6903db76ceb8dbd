package org.voipwatch.analyzer.detect.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.classify.PayloadProbe;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.DecodeStatus;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.pipeline.AnalysisContext;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.FlowTracker;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.LinkType;

/**
 * The STUN analyzer's per-packet path allocates nothing once warm (STYLE.md guideline 13): Binding with its
 * answer, an ICE check, the Allocate challenge and success, ChannelBind, ChannelData, relayed peer traffic, STUN
 * over TCP, with the packet clock moving so that the expiry timers run too.
 */
class StunAnalyzerAllocationTest {
    private static final int ROUNDS = 100_000;

    /** Keeps one slot: events during warm-up (unexpected flows, the relay check) are overwritten. */
    private static final class OneSlotEmitter implements EventEmitter {
        final MonitorEvent slot = new MonitorEvent();
        long committed;

        @Override
        public MonitorEvent begin() {
            slot.clear();
            return slot;
        }

        @Override
        public void commit() {
            committed++;
        }
    }

    @Test
    void stunTurnIcePathAllocatesNothingPerPacket() throws Exception {
        java.lang.management.ThreadMXBean plain = ManagementFactory.getThreadMXBean();
        assumeTrue(plain instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) plain;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "thread allocation counting not supported");
        mx.setThreadAllocatedMemoryEnabled(true);

        FlowMatrix matrix = MatrixLoader.load(Captures.repoRoot().resolve("examples/demo-matrix.yaml"), List.of());
        AnalyzerConfig config = new AnalyzerConfig().validate();
        OneSlotEmitter emitter = new OneSlotEmitter();
        AnalyzerCounters counters = new AnalyzerCounters();
        FlowTracker tracker = new FlowTracker(matrix, config, emitter, counters);
        StunAnalyzer stun = new StunAnalyzer(new AnalysisContext(matrix, config, emitter, tracker, counters));

        String c = "127.0.20.1";
        String s = "127.0.40.1";
        byte[] tcpStun = StunBytes.msg(StunBytes.BINDING_REQUEST, 9).bytes();
        byte[][] frames = {
            Frames.udp(c, 40000, s, 3478, StunBytes.msg(StunBytes.BINDING_REQUEST, 1).bytes()),
            Frames.udp(s, 3478, c, 40000, StunBytes.msg(StunBytes.BINDING_SUCCESS, 1).xorAddress(0x0020, c, 40000)
                    .bytes()),
            Frames.udp(c, 40001, s, 3478, StunBytes.msg(StunBytes.BINDING_REQUEST, 2).priority(7).iceControlling()
                    .useCandidate().integrity().bytes()),
            Frames.udp(c, 40002, s, 3478, StunBytes.msg(StunBytes.ALLOCATE_REQUEST, 3).requestedTransportUdp().bytes()),
            Frames.udp(s, 3478, c, 40002, StunBytes.msg(StunBytes.ALLOCATE_ERROR, 3).errorCode(401).bytes()),
            Frames.udp(c, 40002, s, 3478, StunBytes.msg(StunBytes.ALLOCATE_REQUEST, 4).requestedTransportUdp()
                    .username("alice").integrity().bytes()),
            Frames.udp(s, 3478, c, 40002, StunBytes.msg(StunBytes.ALLOCATE_SUCCESS, 4)
                    .xorAddress(0x0016, s, 49152).lifetime(600).bytes()),
            Frames.udp(c, 40002, s, 3478, StunBytes.msg(StunBytes.CHANNEL_BIND_REQUEST, 5).channelNumber(0x4001)
                    .xorAddress(0x0012, "127.0.30.5", 3480).bytes()),
            Frames.udp(c, 40002, s, 3478, StunBytes.channelData(0x4001, 40, false)),
            Frames.udp(s, 49152, "127.0.30.5", 3480, new byte[40]),
            Frames.udp(s, 3478, c, 40002, StunBytes.channelData(0x6001, 40, true)),
            Frames.tcp(c, 41000, s, 3478, 0x18, 1, 1, tcpStun),
        };
        PacketEvent[] events = new PacketEvent[frames.length];
        for (int i = 0; i < frames.length; i++) {
            events[i] = new PacketEvent();
            events[i].setPacket(0, LinkType.ETHERNET, frames[i], 0, frames[i].length, frames[i].length, 0, i);
        }
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        long[] clock = {1_700_000_000_000_000_000L};

        run(events, decoder, p, tracker, stun, clock, ROUNDS);
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        run(events, decoder, p, tracker, stun, clock, ROUNDS);
        long allocated = mx.getThreadAllocatedBytes(tid) - before;

        long packets = (long) ROUNDS * frames.length;
        assertEquals(2L * ROUNDS, counters.stun.allocationsSucceeded, "the allocation path was exercised");
        assertEquals(4L * ROUNDS, counters.stun.channelData, "ChannelData (RFC 8656 and RFC 5766 range) measured");
        System.out.printf("stun analyzer allocation: %d bytes for %d packets%n", allocated, packets);
        assertTrue((double) allocated / packets < 0.01, "allocated " + allocated + " bytes for " + packets);
    }

    private static void run(PacketEvent[] events, PacketDecoder decoder, DecodedPacket p, FlowTracker tracker,
                            StunAnalyzer stun, long[] clock, int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (PacketEvent ev : events) {
                clock[0] += 1_000_000L; // 1 ms per packet: the 5 s transaction timer and the sweeps run
                ev.timestampNs = clock[0];
                int st = decoder.decode(ev, p);
                assertTrue(st == DecodeStatus.OK, "decode");
                int cls = PayloadProbe.classify(p);
                int slot = tracker.onPacket(p, cls);
                stun.onPacket(p, cls, slot, slot >= 0 && tracker.lastFromInitiator());
                tracker.onTime(clock[0]);
                stun.onTime(clock[0]);
            }
        }
    }
}

package org.voipwatch.analyzer.pipeline;

import com.lmax.disruptor.EventHandler;
import org.voipwatch.analyzer.classify.PayloadProbe;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.decode.DecodeStatus;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.FragmentReassembler;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.FlowTracker;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * The packet ring's consumer: decode → classify (payload probe, matrix via the flow tracker) → track/detect.
 * Keeps the packet clock: time only moves forward, driven by packet timestamps and idle ticks.
 * Runs on the analyzer thread; allocation-free per packet.
 */
public final class AnalyzerStage implements EventHandler<PacketEvent> {
    private final PacketDecoder decoder;
    private final FlowTracker tracker;
    private final AnalyzerCounters counters;
    private final DecodedPacket packet = new DecodedPacket();
    private final Runnable onEnd;
    private final PacketAnalyzer[] analyzers;
    private long clockNs = Long.MIN_VALUE;
    /** Packet time at or after which the timers run again (see {@link #TIMER_RESOLUTION_NS}). */
    private long nextTimersNs = Long.MIN_VALUE;

    /**
     * Timers (flow expiry, SYN and SIP/STUN timeouts, audio checks) run when packet time has moved on by this much,
     * not on every packet: every timeout here is 100 ms or more, and calling four components' {@code onTime} per
     * packet was 8 % of the analyzer thread at 2.5 M packets (benchmarks/README.md). A timer fires at most this
     * late in packet time; idle ticks and the end of input always run them.
     */
    static final long TIMER_RESOLUTION_NS = 1_000_000L;

    public AnalyzerStage(PacketDecoder decoder, FlowTracker tracker, AnalyzerCounters counters, Runnable onEnd,
                         PacketAnalyzer... analyzers) {
        this.decoder = decoder;
        this.tracker = tracker;
        this.counters = counters;
        this.onEnd = onEnd;
        this.analyzers = analyzers.clone();
    }

    @Override
    public void onEvent(PacketEvent ev, long sequence, boolean endOfBatch) {
        switch (ev.kind) {
            case PacketEvent.KIND_PACKET:
                onPacket(ev);
                break;
            case PacketEvent.KIND_TICK:
                counters.ticks++;
                advanceClock(ev.timestampNs, true);
                copyReassemblyCounters();
                break;
            case PacketEvent.KIND_END:
                advanceClock(ev.timestampNs, true);
                copyReassemblyCounters();
                try {
                    for (PacketAnalyzer a : analyzers) {
                        a.onEnd(clockNs);
                    }
                } finally {
                    // a failing analyzer still lets the flows fold into the summary and the run end promptly
                    tracker.onEnd(clockNs);
                    onEnd.run();
                }
                break;
            default:
                break;
        }
    }

    private void onPacket(PacketEvent ev) {
        AnalyzerCounters c = counters;
        c.packets++;
        c.bytes += ev.originalLength;
        if (c.firstPacketNs == 0) {
            c.firstPacketNs = ev.timestampNs;
        }
        c.lastPacketNs = ev.timestampNs;
        DecodedPacket p = packet;
        int status = decoder.decode(ev, p);
        c.decodeStatus[status]++;
        int cls;
        int slot = -1;
        boolean tracked = status == DecodeStatus.OK || status == DecodeStatus.SNAPLEN_CUT;
        if (tracked) {
            // a snaplen-cut packet has valid addresses and ports: track its flow, count the anomaly too
            cls = PayloadProbe.classify(p);
            slot = tracker.onPacket(p, cls);
            if (cls == ProtocolClass.UNKNOWN) {
                // no payload (a bare TCP segment): account it to its flow's class
                int flowClass = slot >= 0 ? tracker.table().protocolClass[slot] : 0;
                cls = flowClass != 0 ? flowClass : ProtocolClass.OTHER_TCP;
            }
        } else if (status == DecodeStatus.NOT_IP) {
            cls = ProtocolClass.NON_IP;
        } else if (DecodeStatus.isAnomaly(status)) {
            cls = ProtocolClass.MALFORMED;
        } else {
            cls = ProtocolClass.OTHER_IP; // fragment waiting for the rest of its datagram
        }
        c.packetsByClass[cls]++;
        c.bytesByClass[cls] += ev.originalLength;
        // an analyzer that throws (counted by the exception handler) must not cost the packet its accounting
        // or hold the clock back: the pipeline's own figures stay whole whatever a protocol stage does
        try {
            if (tracked && analyzers.length > 0) {
                boolean fromInit = slot >= 0 && tracker.lastFromInitiator();
                for (PacketAnalyzer a : analyzers) {
                    a.onPacket(p, cls, slot, fromInit);
                }
            }
        } finally {
            // timers run after the packet is accounted: the state at time t includes the packet stamped t
            advanceClock(ev.timestampNs, false);
        }
    }

    /** Time only moves forward; the timers run when it has moved {@link #TIMER_RESOLUTION_NS}, or when forced. */
    private void advanceClock(long tNs, boolean force) {
        if (tNs > clockNs) {
            clockNs = tNs;
        }
        if (force || clockNs >= nextTimersNs) {
            runTimers();
        }
    }

    /** Runs every component's timers at the current clock (packet time). */
    private void runTimers() {
        long t = clockNs;
        if (t == Long.MIN_VALUE) {
            return; // no time yet
        }
        nextTimersNs = t + TIMER_RESOLUTION_NS;
        tracker.onTime(t);
        decoder.onTime(t);
        for (PacketAnalyzer a : analyzers) {
            a.onTime(t);
        }
    }

    /** The reassembler's bound counters, so the summary and metrics show a fragment flood (design.md, Bounds). */
    private void copyReassemblyCounters() {
        FragmentReassembler r = decoder.reassembler();
        counters.fragmentsEvicted = r.evictedCount();
        counters.fragmentsExpired = r.expiredCount();
        counters.fragmentOverlaps = r.overlapCount();
    }

    public long clockNs() {
        return clockNs;
    }
}

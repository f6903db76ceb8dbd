package org.voipwatch.analyzer.track;

import java.util.Arrays;
import org.voipwatch.analyzer.classify.DynamicRoles;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.classify.Transport;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.EventType;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.event.Severity;

/**
 * Tracks flows and classifies each new flow against the matrix once: a flow that no rule documents yields
 * one {@code unexpected_flow}; a documented or undocumented flow that the network refuses (SYN unanswered,
 * SYN answered by RST, ICMP unreachable quoting it) yields one {@code blocked_flow}.
 *
 * <p>Who initiated a flow: for TCP the SYN sender (a SYN-ACK seen first means its receiver; mid-stream, the
 * end on the lower port is taken as the responder); for other protocols the sender of the first packet seen.
 *
 * <p>Owned by the analyzer thread; time is packet time passed in as {@code nowNs}.
 */
public final class FlowTracker implements FlowTable.Visitor {
    private static final int EXPIRE_MODE_IDLE = 0;
    private static final int EXPIRE_MODE_FOLD = 1;

    private final FlowMatrix matrix;
    private final AnalyzerConfig config;
    private final EventEmitter emitter;
    private final AnalyzerCounters counters;
    private final FlowTable table;
    private final RuleCoverage coverage;
    private final LongCountMap unexpectedGroups = new LongCountMap(4096);
    private long nextSweepNs = Long.MIN_VALUE;
    private long nowNs;
    private int visitMode;
    private long emergencyCutoffNs;
    private boolean lastFromInitiator;
    /** Roles learned from DNS/SNI in the traffic, or null (set once before the first packet). */
    private DynamicRoles learnedRoles;
    /** Told about each flow leaving the table, or null (matrix learn; set once before the first packet). */
    private FlowObserver flowObserver;

    /** Sees every flow once, as it leaves the table (expiry, eviction, end of input). Analyzer thread. */
    public interface FlowObserver {
        /**
         * @param t        the table; the slot's fields are valid during the call only
         * @param answered the responder answered (SYN-ACK, or any packet back for other protocols)
         * @param blocked  a blocked_flow event was reported for it
         */
        void onFlowEnd(FlowTable t, int slot, boolean answered, boolean blocked);
    }
    private UnexpectedFlowFilter[] filters = new UnexpectedFlowFilter[0];

    public FlowTracker(FlowMatrix matrix, AnalyzerConfig config, EventEmitter emitter, AnalyzerCounters counters) {
        this.matrix = matrix;
        this.config = config;
        this.emitter = emitter;
        this.counters = counters;
        this.table = new FlowTable(config.maxFlows);
        this.coverage = new RuleCoverage(matrix.ruleCount());
    }

    /**
     * Registers a filter consulted before an undocumented flow is reported as unexpected (at start-up, on the
     * thread that builds the pipeline; never while packets flow).
     */
    public void addUnexpectedFlowFilter(UnexpectedFlowFilter filter) {
        UnexpectedFlowFilter[] f = Arrays.copyOf(filters, filters.length + 1);
        f[filters.length] = filter;
        filters = f;
    }

    public FlowTable table() {
        return table;
    }

    /** Whether the packet last passed to {@link #onPacket} was sent by its flow's initiator. */
    public boolean lastFromInitiator() {
        return lastFromInitiator;
    }

    public FlowMatrix matrix() {
        return matrix;
    }

    public RuleCoverage coverage() {
        return coverage;
    }

    /**
     * Consults {@code learned} (addresses of DNS-named roles) whenever a new flow's ends are resolved to roles.
     * Call once, before the first packet, from the analyzer thread.
     */
    public void setDynamicRoles(DynamicRoles learned) {
        this.learnedRoles = learned;
    }

    /** Installs the observer of finished flows ({@code matrix learn}). Once, before the first packet. */
    public void setFlowObserver(FlowObserver observer) {
        this.flowObserver = observer;
    }

    /**
     * Resolves the flow's ends to roles again (the responder's address was learned after the flow began, e.g.
     * from the SNI of its own ClientHello) and, when the flow matched no rule and now matches one, gives it that
     * rule: coverage counts it there and its unexpected-flow group loses it. The {@code unexpected_flow} event
     * already published stays. Returns true when the rule changed. Analyzer thread.
     */
    public boolean reclassify(int slot) {
        FlowTable t = table;
        long ir = matrix.rolesOf(t.initHi(slot), t.initLo(slot), learnedRoles);
        long rr = matrix.rolesOf(t.respHi(slot), t.respLo(slot), learnedRoles);
        long oldIr = t.initRoles[slot];
        long oldRr = t.respRoles[slot];
        if (t.rule[slot] != FlowMatrix.NO_RULE || (ir == oldIr && rr == oldRr)) {
            return false;
        }
        int r = matrix.match(t.proto(slot), ir, t.initPort(slot), rr, t.respPort(slot));
        if (r == FlowMatrix.NO_RULE) {
            return false;
        }
        t.initRoles[slot] = ir;
        t.respRoles[slot] = rr;
        t.rule[slot] = r;
        unexpectedGroups.add(groupKey(oldIr, oldRr, t.proto(slot), t.respPort(slot)), -1, 0, 0);
        counters.flowsReclassified++;
        return true;
    }

    /** Unexpected flows grouped by {@link #groupKey}: first = flows, second = packets; example = first time. */
    public LongCountMap unexpectedGroups() {
        return unexpectedGroups;
    }

    /**
     * Accounts one decoded IP packet to its flow; returns the flow slot or a negative value when the packet
     * belongs to no tracked flow (ICMP errors, table full).
     */
    public int onPacket(DecodedPacket p, int protocolClass) {
        nowNs = p.timestampNs;
        if (p.hasQuotedFlow) {
            onIcmpError(p);
            return -1;
        }
        int proto = p.ipProtocol;
        boolean ports = proto == 6 || proto == 17 || proto == 132;
        int sPort = ports ? p.srcPort : 0;
        int dPort = ports ? p.dstPort : 0;
        int slot = table.find(proto, p.srcHi, p.srcLo, sPort, p.dstHi, p.dstLo, dPort);
        boolean fromInit;
        if (slot != FlowTable.NOT_FOUND) {
            fromInit = table.foundFromInitiator(slot);
        } else {
            slot = newFlow(p, proto, sPort, dPort, protocolClass);
            if (slot < 0) {
                return slot;
            }
            fromInit = table.fromInitiator(slot, p.srcHi, p.srcLo, sPort);
        }
        lastFromInitiator = fromInit;
        if (fromInit) {
            table.initPackets[slot]++;
            table.initBytes[slot] += p.wireLength;
        } else {
            table.respPackets[slot]++;
            table.respBytes[slot] += p.wireLength;
        }
        table.lastNs[slot] = nowNs;
        if (proto == 6) {
            onTcpFlags(slot, p.tcpFlags, fromInit);
        }
        if (table.protocolClass[slot] == 0 && protocolClass != ProtocolClass.UNKNOWN) {
            table.protocolClass[slot] = (byte) protocolClass;
        }
        return slot;
    }

    private int newFlow(DecodedPacket p, int proto, int sPort, int dPort, int protocolClass) {
        int slot = table.insert(proto, p.srcHi, p.srcLo, sPort, p.dstHi, p.dstLo, dPort, nowNs);
        if (slot == FlowTable.FULL) {
            emergencySweep();
            slot = table.insert(proto, p.srcHi, p.srcLo, sPort, p.dstHi, p.dstLo, dPort, nowNs);
            if (slot == FlowTable.FULL) {
                counters.flowTableFull++;
                return -1;
            }
        }
        counters.flowsCreated++;
        countProto(proto);
        table.protocolClass[slot] = (byte) protocolClass;
        if (proto == 6) {
            int f = p.tcpFlags;
            boolean syn = (f & DecodedPacket.TCP_SYN) != 0;
            boolean ack = (f & DecodedPacket.TCP_ACK) != 0;
            if (syn && ack) {
                table.swapInitiator(slot); // we saw the answer first: its receiver opened the flow
            } else if (!syn) {
                table.flags[slot] |= FlowTable.F_MID_STREAM;
                if (sPort < dPort) {
                    table.swapInitiator(slot); // mid-stream: take the lower (service) port as the responder
                }
            }
        }
        long ir = matrix.rolesOf(table.initHi(slot), table.initLo(slot), learnedRoles);
        long rr = matrix.rolesOf(table.respHi(slot), table.respLo(slot), learnedRoles);
        table.initRoles[slot] = ir;
        table.respRoles[slot] = rr;
        int r = matrix.match(proto, ir, table.initPort(slot), rr, table.respPort(slot));
        table.rule[slot] = r;
        if (r == FlowMatrix.NO_RULE && !explained(slot, proto)) {
            emitUnexpected(slot, proto, ir, rr);
        }
        return slot;
    }

    private void countProto(int proto) {
        if (proto == 6) {
            counters.tcpFlows++;
        } else if (proto == 17) {
            counters.udpFlows++;
        }
    }

    private void onTcpFlags(int slot, int f, boolean fromInit) {
        boolean syn = (f & DecodedPacket.TCP_SYN) != 0;
        boolean ack = (f & DecodedPacket.TCP_ACK) != 0;
        if (syn && !ack && fromInit) {
            table.flags[slot] |= FlowTable.F_SYN_SEEN;
        } else if (syn && ack && !fromInit) {
            table.flags[slot] |= FlowTable.F_SYNACK_SEEN;
        }
        if ((f & DecodedPacket.TCP_RST) != 0) {
            if (!fromInit && (table.flags[slot] & (FlowTable.F_SYN_SEEN | FlowTable.F_SYNACK_SEEN))
                    == FlowTable.F_SYN_SEEN) {
                table.flags[slot] |= FlowTable.F_RST_FROM_RESPONDER;
                emitBlocked(slot, "tcp_rst");
            }
            table.flags[slot] |= FlowTable.F_FIN_SEEN;
        }
        if ((f & DecodedPacket.TCP_FIN) != 0) {
            table.flags[slot] |= FlowTable.F_FIN_SEEN;
        }
    }

    /** ICMP destination unreachable and friends: the quoted datagram's flow is the one that was refused. */
    private void onIcmpError(DecodedPacket p) {
        int qp = p.quotedIpProtocol;
        boolean ports = qp == 6 || qp == 17 || qp == 132;
        int qs = ports ? p.quotedSrcPort : 0;
        int qd = ports ? p.quotedDstPort : 0;
        boolean unreachable = (p.ipVersion == 4 && p.icmpType == 3) || (p.ipVersion == 6 && p.icmpType == 1);
        if (!unreachable) {
            return; // time exceeded, packet too big: not a verdict on the flow
        }
        int slot = table.find(qp, p.quotedSrcHi, p.quotedSrcLo, qs, p.quotedDstHi, p.quotedDstLo, qd);
        if (slot == FlowTable.NOT_FOUND) {
            // the refused datagram itself was not captured (e.g. dropped before the capture point)
            slot = table.insert(qp, p.quotedSrcHi, p.quotedSrcLo, qs, p.quotedDstHi, p.quotedDstLo, qd, nowNs);
            if (slot < 0) {
                counters.flowTableFull++;
                return;
            }
            counters.flowsCreated++;
            counters.flowsFromIcmp++;
            table.flags[slot] |= FlowTable.F_FROM_ICMP;
            long ir = matrix.rolesOf(p.quotedSrcHi, p.quotedSrcLo, learnedRoles);
            long rr = matrix.rolesOf(p.quotedDstHi, p.quotedDstLo, learnedRoles);
            table.initRoles[slot] = ir;
            table.respRoles[slot] = rr;
            int r = matrix.match(qp, ir, qs, rr, qd);
            table.rule[slot] = r;
            if (r == FlowMatrix.NO_RULE) {
                emitUnexpected(slot, qp, ir, rr);
            }
        }
        table.lastNs[slot] = nowNs;
        // Only a refusal of the initiator's traffic before any answer is a blocked flow. An ICMP error for the
        // responder's datagram, or after the flow was answered, is an endpoint closing its port (a client that
        // deallocated, a phone that hung up while RTP still arrives), not a firewall blocking the flow.
        boolean quotedFromInitiator = table.fromInitiator(slot, p.quotedSrcHi, p.quotedSrcLo, qs);
        if (!quotedFromInitiator || table.respPackets[slot] > 0) {
            counters.icmpAfterAnswer++;
            return;
        }
        if ((table.flags[slot] & FlowTable.F_ICMP_ERROR) == 0) {
            table.flags[slot] |= FlowTable.F_ICMP_ERROR;
            MonitorEvent e = beginBlocked(slot, "icmp_unreachable");
            e.fields.put("icmpType", p.icmpType).put("icmpCode", p.icmpCode)
                    .put("icmpFamily", p.ipVersion == 4 ? "icmp" : "icmpv6");
            emitter.commit();
        }
    }

    /** Asks the registered filters whether an undocumented flow is legitimate; marks and counts it if so. */
    private boolean explained(int slot, int proto) {
        for (UnexpectedFlowFilter f : filters) {
            if (f.explains(proto, table.initHi(slot), table.initLo(slot), table.initPort(slot), table.respHi(slot),
                    table.respLo(slot), table.respPort(slot), nowNs)) {
                table.flags[slot] |= FlowTable.F_EXPLAINED;
                counters.flowsExplained++;
                return true;
            }
        }
        return false;
    }

    private void emitUnexpected(int slot, int proto, long ir, long rr) {
        MonitorEvent e = emitter.begin();
        fillFlow(e, slot, proto, ir, rr);
        e.type = EventType.UNEXPECTED_FLOW;
        boolean anyRole = ir != FlowMatrix.OTHER_BIT || rr != FlowMatrix.OTHER_BIT;
        e.severity = anyRole ? Severity.WARNING : Severity.INFO;
        if ((table.flags[slot] & FlowTable.F_MID_STREAM) != 0) {
            e.fields.put("midStream", true);
        }
        if ((table.flags[slot] & FlowTable.F_FROM_ICMP) != 0) {
            e.fields.put("seenOnlyInIcmp", true); // the refused datagram itself was not captured
        }
        emitter.commit();
        unexpectedGroups.add(groupKey(ir, rr, proto, table.respPort(slot)), 1, 0, nowNs);
    }

    private void emitBlocked(int slot, String reason) {
        beginBlocked(slot, reason);
        emitter.commit();
    }

    private MonitorEvent beginBlocked(int slot, String reason) {
        MonitorEvent e = emitter.begin();
        int proto = table.proto(slot);
        fillFlow(e, slot, proto, table.initRoles[slot], table.respRoles[slot]);
        e.type = EventType.BLOCKED_FLOW;
        e.reason = reason;
        // a documented flow that is refused means the firewall blocks what the vendor requires
        e.severity = table.rule[slot] >= 0 ? Severity.CRITICAL : Severity.INFO;
        table.flags[slot] |= FlowTable.F_REPORTED;
        coverage.blocked[coverage.row(table.rule[slot])]++;
        return e;
    }

    private void fillFlow(MonitorEvent e, int slot, int proto, long ir, long rr) {
        e.timeNs = nowNs;
        e.proto = Transport.name(proto);
        e.flow(table.initHi(slot), table.initLo(slot), table.initPort(slot), table.respHi(slot), table.respLo(slot),
                table.respPort(slot));
        e.srcRole = matrix.roleName(ir);
        e.dstRole = matrix.roleName(rr);
        int r = table.rule[slot];
        e.rule = r >= 0 ? matrix.rule(r).id() : null;
        int cls = table.protocolClass[slot];
        if (cls != 0) {
            e.fields.put("app", ProtocolClass.name(cls));
        }
    }

    /** Group key for unexpected flows: role indices, protocol and responder port (never 0). */
    public static long groupKey(long initRoles, long respRoles, int proto, int respPort) {
        long a = Long.numberOfTrailingZeros(initRoles) & 0x3f;
        long b = Long.numberOfTrailingZeros(respRoles) & 0x3f;
        return (1L << 62) | (a << 40) | (b << 32) | ((long) (proto & 0xff) << 16) | (respPort & 0xffff);
    }

    /** Advances the clock: runs timers (SYN timeouts) and expires idle flows every sweep interval. */
    public void onTime(long timeNs) {
        nowNs = Math.max(nowNs, timeNs);
        if (nowNs < nextSweepNs) {
            return;
        }
        nextSweepNs = nowNs + config.sweepIntervalNs;
        visitMode = EXPIRE_MODE_IDLE;
        sweepExpired();
    }

    private void sweepExpired() {
        FlowTable t = table;
        int n = t.slotCount();
        int i = 0;
        while (i < n) {
            if (t.isUsed(i)) {
                checkSynTimeout(i);
                checkUdpUnanswered(i);
                if (isExpired(i)) {
                    onRemoved(t, i);
                    t.remove(i);
                    counters.flowsExpired++;
                    continue; // a later flow may have shifted into slot i
                }
            }
            i++;
        }
    }

    private void checkSynTimeout(int slot) {
        int f = table.flags[slot];
        if ((f & (FlowTable.F_SYN_SEEN | FlowTable.F_SYNACK_SEEN | FlowTable.F_REPORTED | FlowTable.F_ICMP_ERROR
                | FlowTable.F_RST_FROM_RESPONDER)) == FlowTable.F_SYN_SEEN
                && table.respPackets[slot] == 0 && nowNs - table.firstNs[slot] >= config.synTimeoutNs) {
            MonitorEvent e = beginBlocked(slot, "tcp_syn_unanswered");
            e.fields.put("synPackets", table.initPackets[slot])
                    .put("retransmissions", Math.max(0, table.initPackets[slot] - 1));
            emitter.commit();
        }
    }

    /**
     * A UDP flow that only its initiator ever spoke on, for longer than the timeout. Not for media, SIP or
     * STUN (their own detectors judge them), multicast/broadcast, or services that are one-way by design
     * (syslog, SNMP traps and keep-alives, flow export).
     */
    private void checkUdpUnanswered(int slot) {
        FlowTable t = table;
        if (t.proto(slot) != 17 || t.respPackets[slot] != 0 || t.initPackets[slot] < 2
                || (t.flags[slot] & (FlowTable.F_REPORTED | FlowTable.F_ICMP_ERROR)) != 0
                || nowNs - t.firstNs[slot] < config.udpUnansweredTimeoutNs
                || !OneWayTraffic.mayExpectAnswer(t.protocolClass[slot], t.respHi(slot), t.respLo(slot),
                        t.respPort(slot), t.rule[slot] >= 0 ? matrix.rule(t.rule[slot]).service() : null)) {
            return;
        }
        MonitorEvent e = beginBlocked(slot, "udp_unanswered");
        e.severity = t.rule[slot] >= 0 ? Severity.WARNING : Severity.INFO;
        e.fields.put("packets", t.initPackets[slot])
                .put("silentForMs", (nowNs - t.firstNs[slot]) / 1_000_000L);
        emitter.commit();
    }

    private boolean isExpired(int slot) {
        long idle = nowNs - table.lastNs[slot];
        int proto = table.proto(slot);
        long timeout;
        if (proto == 6) {
            timeout = (table.flags[slot] & FlowTable.F_FIN_SEEN) != 0 || (table.flags[slot] & FlowTable.F_SYNACK_SEEN) == 0
                    ? config.tcpClosedTimeoutNs : config.tcpIdleTimeoutNs;
        } else if (proto == 17) {
            timeout = config.udpIdleTimeoutNs;
        } else {
            timeout = config.otherIdleTimeoutNs;
        }
        if (visitMode == EXPIRE_MODE_FOLD) {
            return table.lastNs[slot] < emergencyCutoffNs;
        }
        return idle > timeout;
    }

    /** Table full: drop the idle half of the flows (by last-seen time), counted as emergency evictions. */
    private void emergencySweep() {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < table.slotCount(); i++) {
            if (table.isUsed(i)) {
                oldest = Math.min(oldest, table.lastNs[i]);
            }
        }
        emergencyCutoffNs = oldest + (nowNs - oldest) / 2 + 1;
        visitMode = EXPIRE_MODE_FOLD;
        int before = table.size();
        FlowTable t = table;
        int i = 0;
        while (i < t.slotCount()) {
            if (t.isUsed(i) && isExpired(i)) {
                onRemoved(t, i);
                t.remove(i);
                continue;
            }
            i++;
        }
        counters.flowsEvictedEmergency += before - table.size();
        visitMode = EXPIRE_MODE_IDLE;
    }

    /** End of input: fold every remaining flow into the coverage figures (flows stay for the summary). */
    public void onEnd(long timeNs) {
        nowNs = Math.max(nowNs, timeNs);
        FlowTable t = table;
        for (int i = 0; i < t.slotCount(); i++) {
            if (t.isUsed(i)) {
                checkSynTimeout(i);
            }
        }
        t.forEach(this);
    }

    /** Folds a flow leaving the table into per-rule coverage (and the unexpected-flow packet totals). */
    @Override
    public void onRemoved(FlowTable t, int slot) {
        int row = coverage.row(t.rule[slot]);
        coverage.flows[row]++;
        boolean answered = isAnswered(slot);
        if (answered) {
            coverage.answered[row]++;
        }
        if (flowObserver != null) {
            flowObserver.onFlowEnd(t, slot, answered, (t.flags[slot] & FlowTable.F_REPORTED) != 0);
        }
        long pk = t.initPackets[slot] + t.respPackets[slot];
        coverage.packets[row] += pk;
        coverage.bytes[row] += t.initBytes[slot] + t.respBytes[slot];
        if (t.rule[slot] < 0 && (t.flags[slot] & FlowTable.F_EXPLAINED) == 0) {
            unexpectedGroups.add(groupKey(t.initRoles[slot], t.respRoles[slot], t.proto(slot), t.respPort(slot)),
                    0, pk, 0);
        }
    }

    private boolean isAnswered(int slot) {
        int f = table.flags[slot];
        if ((f & (FlowTable.F_ICMP_ERROR | FlowTable.F_RST_FROM_RESPONDER)) != 0) {
            return false;
        }
        if (table.proto(slot) == 6 && (f & FlowTable.F_SYN_SEEN) != 0) {
            return (f & FlowTable.F_SYNACK_SEEN) != 0;
        }
        return table.respPackets[slot] > 0;
    }
}

package org.voipwatch.analyzer.detect.stun;

import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.classify.Transport;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.EventType;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.event.Severity;
import org.voipwatch.analyzer.pipeline.AnalysisContext;
import org.voipwatch.analyzer.pipeline.PacketAnalyzer;
import org.voipwatch.analyzer.protocol.stun.AllocationTracker;
import org.voipwatch.analyzer.protocol.stun.ChannelData;
import org.voipwatch.analyzer.protocol.stun.Rfc9443Demux;
import org.voipwatch.analyzer.protocol.stun.StunMessage;
import org.voipwatch.analyzer.protocol.stun.StunStatus;
import org.voipwatch.analyzer.protocol.stun.StunTransactionTable;
import org.voipwatch.analyzer.track.FlowTable;
import org.voipwatch.analyzer.track.FlowTracker;
import org.voipwatch.analyzer.track.RuleCoverage;
import org.voipwatch.analyzer.track.StunCounters;
import org.voipwatch.analyzer.track.UnexpectedFlowFilter;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * STUN, TURN and ICE on every UDP and TCP flow, recognised by content (RFC 9443 first byte, then the parsers of
 * {@code protocol.stun}), not by port; classic RFC 3489 only on known STUN ports.
 *
 * <ul>
 * <li>Requests and responses are matched by transaction id per flow ({@link StunTransactionTable}, keyed by a hash
 *     of the canonical 5-tuple). A Binding or Allocate request that is never answered within
 *     {@link AnalyzerConfig#stunTransactionTimeoutNs} gives {@code blocked_flow} reason {@code stun_unanswered},
 *     once per flow, when nothing came back on the flow (UDP: the request was also retransmitted, RFC 8489
 *     §6.2.1) and the flow was not already refused by ICMP (FlowTracker's {@code icmp_unreachable}).</li>
 * <li>Allocate outcomes go to {@link AllocationTracker}: a failure (anything but the first 401 challenge, 438 or
 *     300) not followed by a success within the same timeout gives one {@code turn_allocation_failure}.</li>
 * <li>A successful allocation's relayed address is checked against the matrix: {@code wrong_port_media} reason
 *     {@code outside_permitted_range} when no rule lets a flow reach that address and port (see
 *     {@link #checkRelayRange}).</li>
 * <li>Flows to or from a live relayed address (the server's relay ↔ peer side) are explained to
 *     {@link FlowTracker} through {@link UnexpectedFlowFilter}, so relayed media is not reported as unexpected.</li>
 * <li>Counters by class/method, error code, ChannelData, ICE checks per candidate pair, RFC 9443 demultiplexing
 *     on STUN-carrying flows: {@link StunCounters}.</li>
 * </ul>
 *
 * <p>TCP: each segment is parsed from its start (no reassembly); messages are stepped by their length, with
 * ChannelData padded to 4 (RFC 8656 §12.5) and ICE-TCP's RFC 4571 2-byte length prefix recognised.
 *
 * <p>Owned by the analyzer thread; allocation-free per packet; time is packet time.
 */
public final class StunAnalyzer implements PacketAnalyzer, UnexpectedFlowFilter, StunTransactionTable.Visitor {
    /** Loop budget for messages in one TCP segment. */
    static final int MAX_MESSAGES_PER_SEGMENT = 16;

    private final FlowMatrix matrix;
    private final AnalyzerConfig config;
    private final EventEmitter emitter;
    private final FlowTracker flows;
    private final FlowTable table;
    private final RuleCoverage coverage;
    private final StunCounters c;
    private final StunMessage msg = new StunMessage();
    private final ChannelData cd = new ChannelData();
    private final StunTransactionTable transactions;
    private final AllocationTracker allocations;
    private final StunFlowTable fl;

    /** FIFO of Allocate failures waiting for a possible later success (deadlines are non-decreasing). */
    private final int[] pendingEntry;
    private final long[] pendingKey;
    private final long[] pendingDeadlineNs;
    private int pendingHead;
    private int pendingCount;

    private long nowNs = Long.MIN_VALUE;
    private long nextSweepNs = Long.MIN_VALUE;

    public StunAnalyzer(AnalysisContext ctx) {
        this.matrix = ctx.matrix;
        this.config = ctx.config;
        this.emitter = ctx.emitter;
        this.flows = ctx.flows;
        this.table = ctx.flows.table();
        this.coverage = ctx.flows.coverage();
        this.c = ctx.counters.stun;
        this.transactions = new StunTransactionTable(config.stunMaxTransactions);
        this.allocations = new AllocationTracker(config.turnMaxAllocations);
        this.fl = new StunFlowTable(config.stunMaxFlows);
        pendingEntry = new int[config.stunMaxFlows];
        pendingKey = new long[config.stunMaxFlows];
        pendingDeadlineNs = new long[config.stunMaxFlows];
        ctx.flows.addUnexpectedFlowFilter(this);
    }

    /** Direction-independent hash of the canonical 5-tuple (the same for a request and its response). */
    public static long flowKey(int proto, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        boolean srcA = FlowTable.srcIsA(sHi, sLo, sPort, dHi, dLo, dPort);
        long h = proto * 0x9E3779B97F4A7C15L;
        h = mix(h, srcA ? sHi : dHi);
        h = mix(h, srcA ? sLo : dLo);
        h = mix(h, srcA ? ((long) sPort << 16) | dPort : ((long) dPort << 16) | sPort);
        h = mix(h, srcA ? dHi : sHi);
        h = mix(h, srcA ? dLo : sLo);
        return h;
    }

    private static long mix(long h, long v) {
        long z = (h ^ v) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long keyOf(DecodedPacket p) {
        return flowKey(p.ipProtocol, p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
    }

    @Override
    public void onPacket(DecodedPacket p, int protocolClass, int flowSlot, boolean fromInitiator) {
        if (p.hasQuotedFlow) {
            countQuoted(p); // the verdict on the flow is FlowTracker's (icmp_unreachable)
            return;
        }
        if (p.payloadLength <= 0) {
            return; // a bare TCP segment carries no STUN
        }
        if (p.timestampNs > nowNs) {
            nowNs = p.timestampNs;
        }
        if (p.isUdp()) {
            onUdp(p, flowSlot);
        } else if (p.isTcp()) {
            onTcp(p);
        }
    }

    private void onUdp(DecodedPacket p, int slot) {
        byte[] b = p.buffer;
        int off = p.payloadOffset;
        int len = p.payloadLength;
        int demux = Rfc9443Demux.classify(b, off, len);
        if (slot >= 0) {
            int fc = table.protocolClass[slot];
            if (fc == ProtocolClass.STUN || fc == ProtocolClass.TURN_CHANNEL_DATA) {
                // RFC 9443: what else rides on a 5-tuple that started with STUN; 80-127 is a TURN channel
                // (RFC 5766 range) rather than QUIC when the flow holds an allocation
                int d = demux == Rfc9443Demux.QUIC && (b[off] & 0xff) < 0x80 && hasAllocation(keyOf(p))
                        ? Rfc9443Demux.TURN_CHANNEL : demux;
                c.demux[d]++;
            }
        }
        if (demux == Rfc9443Demux.STUN) {
            int st = msg.wrap(b, off, len, classicFlags(p));
            if (st == StunStatus.OK) {
                c.stunPackets++;
                if (StunMessage.isTurnMethod(msg.method())) {
                    c.turnPackets++;
                }
                onMessage(p, keyOf(p), false);
            } else if (StunStatus.isMalformed(st)) {
                countMalformed(st);
            }
        } else if (demux == Rfc9443Demux.TURN_CHANNEL || (b[off] & 0xff) < 0x80 && demux == Rfc9443Demux.QUIC) {
            // RFC 8656 §12: ChannelData exists only on a 5-tuple where STUN (ChannelBind) was exchanged; without
            // that, 64-79 is as likely a QUIC short header or an application's own framing (WhatsApp)
            long key = keyOf(p);
            boolean legacy = demux == Rfc9443Demux.QUIC && hasAllocation(key);
            if (demux == Rfc9443Demux.QUIC && !legacy || !legacy && fl.find(key) < 0) {
                return;
            }
            int st = cd.wrap(b, off, len, false, legacy);
            if (st == StunStatus.OK) {
                c.stunPackets++;
                c.turnPackets++;
                c.channelDataPackets++;
                onChannelData();
            } else if (StunStatus.isMalformed(st)) {
                c.malformed[st]++;
            }
        }
    }

    private void countMalformed(int status) {
        c.malformed[status]++;
        if (msg.headerValid()) {
            c.malformedStunPackets++;
            if (StunMessage.isTurnMethod(msg.method())) {
                c.malformedTurnPackets++;
            }
        }
    }

    /**
     * Counts an ICMP error whose quoted UDP datagram is a whole STUN message. The quote is the original IP header
     * and as much of the datagram as fits (RFC 1812 §4.3.2.3, RFC 4884). IPv6 only without extension headers.
     */
    private void countQuoted(DecodedPacket p) {
        if (p.quotedIpProtocol != 17) {
            return;
        }
        byte[] b = p.buffer;
        int q = p.payloadOffset; // the ICMP payload starts with the quoted IP header
        int end = p.payloadOffset + p.payloadLength;
        if (end - q < 1) {
            return;
        }
        int version = (b[q] & 0xff) >>> 4;
        int l4;
        if (version == 4) {
            l4 = q + (b[q] & 0x0f) * 4;
        } else if (version == 6 && end - q >= 40 && (b[q + 6] & 0xff) == 17) {
            l4 = q + 40;
        } else {
            return;
        }
        int payload = l4 + 8;
        if (payload >= end) {
            return;
        }
        // a whole message only: a quote cut short (RFC 4884 length, 576-byte limit) is not counted, as tshark
        if (msg.wrap(b, payload, end - payload, 0) == StunStatus.OK) {
            c.icmpQuotedStun++;
            if (StunMessage.isTurnMethod(msg.method())) {
                c.icmpQuotedTurn++;
            }
        }
    }

    private boolean hasAllocation(long key) {
        int a = allocations.find(key);
        return a >= 0 && allocations.state(a) == AllocationTracker.STATE_ALLOCATED;
    }

    private static int classicFlags(DecodedPacket p) {
        return StunMessage.isKnownStunPort(p.srcPort) || StunMessage.isKnownStunPort(p.dstPort)
                ? StunMessage.ALLOW_CLASSIC : 0;
    }

    private void onTcp(DecodedPacket p) {
        byte[] b = p.buffer;
        int pos = p.payloadOffset;
        int end = pos + p.payloadLength;
        int first = b[pos] & 0xff;
        int flags = StunMessage.TCP_FRAMING | classicFlags(p);
        boolean framed = false;
        if (first > 3 && (first < 0x40 || first > 0x7f)) {
            return; // neither STUN, ChannelData nor a plausible RFC 4571 length (< 16 KiB) for STUN
        }
        long key = 0;
        boolean keyed = false;
        boolean any = false;
        boolean turn = false;
        boolean channel = false;
        for (int budget = 0; budget < MAX_MESSAGES_PER_SEGMENT && pos < end; budget++) {
            if (!framed) {
                int st = msg.wrap(b, pos, end - pos, flags);
                if (st == StunStatus.OK) {
                    if (!keyed) {
                        key = keyOf(p);
                        keyed = true;
                    }
                    c.tcpMessages++;
                    any = true;
                    turn |= StunMessage.isTurnMethod(msg.method());
                    onMessage(p, key, true);
                    pos += msg.messageLength();
                    continue;
                }
                if (st == StunStatus.NEED_MORE_DATA) {
                    break; // the rest is in the next segment: no reassembly
                }
                if (StunStatus.isMalformed(st)) {
                    countMalformed(st);
                    break;
                }
                if (!keyed) {
                    key = keyOf(p);
                    keyed = true;
                }
                // ChannelData only where STUN was seen on the connection (RFC 8656 §12), as over UDP
                int cst = fl.find(key) >= 0 ? cd.wrap(b, pos, end - pos, true, hasAllocation(key))
                        : StunStatus.NOT_STUN;
                if (cst == StunStatus.OK) {
                    c.channelDataTcp++;
                    any = true;
                    channel = true;
                    onChannelData();
                    pos += cd.frameLength();
                    continue;
                }
                if (!any && isRfc4571Stun(b, pos, end)) {
                    framed = true; // ICE-TCP (RFC 6544): every message behind a 2-byte length
                } else {
                    break;
                }
            }
            if (end - pos < 2) {
                break;
            }
            int frame = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
            if (frame > end - pos - 2 || msg.wrap(b, pos + 2, frame, flags) != StunStatus.OK
                    || msg.messageLength() != frame) {
                break;
            }
            c.tcpMessages++;
            c.rfc4571Framed++;
            any = true;
            turn |= StunMessage.isTurnMethod(msg.method());
            onMessage(p, key, true);
            pos += 2 + frame;
        }
        if (any) {
            c.stunPackets++;
        }
        if (turn || channel) {
            c.turnPackets++;
        }
        if (channel) {
            c.channelDataPackets++;
        }
    }

    /** An RFC 4571 length that covers a whole STUN message right behind it. */
    private boolean isRfc4571Stun(byte[] b, int pos, int end) {
        if (end - pos < 2 + StunMessage.HEADER_LENGTH) {
            return false;
        }
        int frame = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
        return frame >= StunMessage.HEADER_LENGTH && frame <= end - pos - 2
                && msg.wrap(b, pos + 2, frame, StunMessage.TCP_FRAMING) == StunStatus.OK
                && msg.messageLength() == frame;
    }

    private void onChannelData() {
        c.channelData++;
        if (cd.channelNumber() > ChannelData.MAX_CHANNEL) {
            c.channelDataLegacyRange++;
        }
    }

    private static int methodIndex(int method) {
        return method >= 1 && method < StunCounters.METHODS ? method : 0;
    }

    private void onMessage(DecodedPacket p, long key, boolean tcp) {
        int cls = msg.messageClass();
        int method = msg.method();
        c.messages[cls][methodIndex(method)]++;
        if (msg.isClassic()) {
            c.classicMessages++;
        }
        switch (cls) {
            case StunMessage.CLASS_REQUEST -> onRequest(p, key, method);
            case StunMessage.CLASS_INDICATION -> {
                if (method == StunMessage.METHOD_SEND || method == StunMessage.METHOD_DATA) {
                    c.relayIndications++;
                }
            }
            default -> onResponse(p, key, cls, method);
        }
    }

    private void onRequest(DecodedPacket p, long key, int method) {
        int e = fl.acquire(key, p.ipProtocol, p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort, nowNs);
        int r = transactions.onRequest(msg.transactionIdHi(), msg.transactionIdLo(), method, key, nowNs);
        if (r == 0) {
            c.requests++;
        } else {
            c.retransmissions++;
        }
        if (method == StunMessage.METHOD_ALLOCATE) {
            fl.allocTransport[e] = msg.findAttribute(StunMessage.ATTR_REQUESTED_TRANSPORT)
                    && msg.requestedTransport() > 0 ? msg.requestedTransport() : 17;
            allocations.onMessage(msg, key, nowNs);
        } else if (method == StunMessage.METHOD_BINDING && r == 0 && isIceCheck()) {
            c.iceChecks++;
            if (msg.hasUseCandidate()) {
                c.iceNominations++;
            }
            if ((fl.flags[e] & StunFlowTable.F_ICE_PAIR) == 0) {
                fl.flags[e] |= StunFlowTable.F_ICE_PAIR;
                c.icePairs++;
            }
            fl.iceChecks[e]++;
        }
    }

    /** RFC 8445 §7.1.1: a connectivity check carries PRIORITY and ICE-CONTROLLING or ICE-CONTROLLED. */
    private boolean isIceCheck() {
        return msg.hasUseCandidate() || msg.hasIceControlling() || msg.hasIceControlled()
                || msg.findAttribute(StunMessage.ATTR_PRIORITY);
    }

    private void onResponse(DecodedPacket p, long key, int cls, int method) {
        // the receiver of a response is the client
        int e = fl.acquire(key, p.ipProtocol, p.dstHi, p.dstLo, p.dstPort, p.srcHi, p.srcLo, p.srcPort, nowNs);
        fl.flags[e] |= StunFlowTable.F_RESPONSE_SEEN;
        long rtt = transactions.onResponse(msg.transactionIdHi(), msg.transactionIdLo(), key, nowNs);
        if (rtt == StunTransactionTable.NOT_FOUND) {
            c.unmatchedResponses++;
        }
        if (cls == StunMessage.CLASS_SUCCESS) {
            c.successResponses++;
            if (method == StunMessage.METHOD_BINDING && (fl.flags[e] & StunFlowTable.F_ICE_PAIR) != 0) {
                c.iceChecksAnswered++;
                fl.iceSuccesses[e]++;
                if ((fl.flags[e] & StunFlowTable.F_ICE_SUCCEEDED) == 0) {
                    fl.flags[e] |= StunFlowTable.F_ICE_SUCCEEDED;
                    c.icePairsSucceeded++;
                }
            }
        } else {
            c.errorResponses++;
            int code = msg.findErrorCode();
            if (code >= StunCounters.MIN_ERROR_CODE && code <= StunCounters.MAX_ERROR_CODE) {
                c.errorCodes[code - StunCounters.MIN_ERROR_CODE]++;
            } else {
                c.errorOther++;
            }
        }
        if (method == StunMessage.METHOD_ALLOCATE && cls == StunMessage.CLASS_ERROR
                && rtt == StunTransactionTable.NOT_FOUND) {
            // a second answer to a request already answered (a client that resent its credential-less Allocate
            // gets the 401 twice, the second after it sent credentials: nDPI stun.pcap frames 143-147); judging
            // it against the flow's latest request would call the normal challenge a failure
            return;
        }
        if (method == StunMessage.METHOD_ALLOCATE || method == StunMessage.METHOD_REFRESH) {
            int outcome = allocations.onMessage(msg, key, nowNs);
            if (outcome == AllocationTracker.OUTCOME_CHALLENGE) {
                c.allocationChallenges++;
            } else if (outcome == AllocationTracker.OUTCOME_FAILURE) {
                c.allocationErrors++;
                onAllocationFailure(e, key, msg.findErrorCode());
            } else if (outcome == AllocationTracker.OUTCOME_ALLOCATED) {
                c.allocationsSucceeded++;
                checkRelayRange(e, allocations.find(key));
            }
        }
    }

    private void onAllocationFailure(int e, long key, int errorCode) {
        fl.failureCode[e] = errorCode;
        if ((fl.flags[e] & (StunFlowTable.F_FAILURE_PENDING | StunFlowTable.F_FAILURE_REPORTED)) != 0
                || pendingCount == pendingEntry.length) {
            return;
        }
        fl.flags[e] |= StunFlowTable.F_FAILURE_PENDING;
        int i = (pendingHead + pendingCount) % pendingEntry.length;
        pendingEntry[i] = e;
        pendingKey[i] = key;
        pendingDeadlineNs[i] = nowNs + config.stunTransactionTimeoutNs;
        pendingCount++;
    }

    /**
     * Is the relayed transport address reachable under the matrix? The allocation's transport (REQUESTED-TRANSPORT)
     * to the relayed address and port is matched as a hypothetical flow, first from the client's roles (a matrix
     * may document "client → TURN relay range"), then from any role (the usual "peers → TURN relay range", with
     * {@code media: true} for either direction). No rule either way: {@code wrong_port_media} reason
     * {@code outside_permitted_range}. A relayed address bound to no role is not judged (the matrix does not know
     * that server). Checked once per relayed address and client flow.
     */
    private void checkRelayRange(int e, int a) {
        if (a < 0 || allocations.relayedPort(a) < 0) {
            return;
        }
        long hi = allocations.relayedHi(a);
        long lo = allocations.relayedLo(a);
        int port = allocations.relayedPort(a);
        long h = mix(mix(hi, lo), port) | 1;
        if (fl.relayChecked[e] == h) {
            return;
        }
        fl.relayChecked[e] = h;
        long rr = matrix.rolesOf(hi, lo);
        if (rr == FlowMatrix.OTHER_BIT) {
            return;
        }
        int transport = fl.allocTransport[e];
        long cr = matrix.rolesOf(fl.clientHi[e], fl.clientLo[e]);
        if (matrix.match(transport, cr, fl.clientPort[e], rr, port) != FlowMatrix.NO_RULE
                || matrix.match(transport, FlowMatrix.ANY_MASK, 0, rr, port) != FlowMatrix.NO_RULE) {
            return;
        }
        c.relayOutsideRangeEvents++;
        MonitorEvent ev = emitter.begin();
        ev.type = EventType.WRONG_PORT_MEDIA;
        ev.severity = Severity.WARNING;
        ev.timeNs = nowNs;
        ev.proto = Transport.name(transport);
        ev.flow(fl.clientHi[e], fl.clientLo[e], fl.clientPort[e], hi, lo, port);
        ev.srcRole = matrix.roleName(cr);
        ev.dstRole = matrix.roleName(rr);
        ev.rule = null;
        ev.reason = "outside_permitted_range";
        ev.fields.put("app", "turn_relay")
                .put("turnServer", endpoint(fl.serverHi[e], fl.serverLo[e], fl.serverPort[e]))
                .put("lifetime", allocations.lifetimeSeconds(a));
        emitter.commit();
    }

    private static String endpoint(long hi, long lo, int port) {
        StringBuilder sb = new StringBuilder(48);
        boolean v4 = IpAddresses.isV4(hi, lo);
        if (!v4) {
            sb.append('[');
        }
        IpAddresses.appendTo(sb, hi, lo);
        if (!v4) {
            sb.append(']');
        }
        return sb.append(':').append(port).toString();
    }

    @Override
    public boolean explains(int ipProtocol, long initHi, long initLo, int initPort, long respHi, long respLo,
                            int respPort, long timeNs) {
        if (allocations.size() == 0) {
            return false;
        }
        if (allocations.findByRelayedAddress(initHi, initLo, initPort, timeNs) >= 0
                || allocations.findByRelayedAddress(respHi, respLo, respPort, timeNs) >= 0) {
            c.relayedFlows++;
            return true;
        }
        return false;
    }

    @Override
    public void onTime(long timeNs) {
        if (timeNs > nowNs) {
            nowNs = timeNs;
        }
        transactions.expire(nowNs, config.stunTransactionTimeoutNs, this);
        while (pendingCount > 0 && pendingDeadlineNs[pendingHead] <= nowNs) {
            popPendingFailure();
        }
        if (nowNs >= nextSweepNs) {
            nextSweepNs = nowNs + config.sweepIntervalNs;
            c.allocationsEvicted = allocations.evictions();
            allocations.expire(nowNs, config.turnAllocationIdleTimeoutNs);
            // keep a flow's record at least as long as its transactions and pending failures can refer to it
            fl.expire(nowNs, Math.max(config.udpIdleTimeoutNs, 2 * config.stunTransactionTimeoutNs));
        }
    }

    @Override
    public void onEnd(long timeNs) {
        onTime(timeNs);
        while (pendingCount > 0) {
            popPendingFailure(); // decide now: no later success can come
        }
        c.transactionsEvicted = transactions.evictions();
        c.allocationsEvicted = allocations.evictions();
        c.flowsEvicted = fl.evictions();
    }

    private void popPendingFailure() {
        int e = pendingEntry[pendingHead];
        long key = pendingKey[pendingHead];
        pendingHead = (pendingHead + 1) % pendingEntry.length;
        pendingCount--;
        if (fl.key[e] != key || (fl.flags[e] & StunFlowTable.F_FAILURE_PENDING) == 0) {
            return; // the record was evicted and reused
        }
        fl.flags[e] &= ~StunFlowTable.F_FAILURE_PENDING;
        int a = allocations.find(key);
        if (a >= 0 && (allocations.state(a) == AllocationTracker.STATE_ALLOCATED
                || allocations.state(a) == AllocationTracker.STATE_RELEASED)) {
            return; // a later attempt succeeded
        }
        fl.flags[e] |= StunFlowTable.F_FAILURE_REPORTED;
        c.allocationFailureEvents++;
        int slot = findSlot(e);
        MonitorEvent ev = beginFlowEvent(e, slot);
        ev.type = EventType.TURN_ALLOCATION_FAILURE;
        ev.severity = ev.rule != null ? Severity.CRITICAL : Severity.WARNING;
        ev.fields.put("errorCode", fl.failureCode[e]).put("attempts", a >= 0 ? allocations.attempts(a) : 0);
        emitter.commit();
    }

    /** A request closed by the timeout: stun_unanswered when the whole flow stayed silent. */
    @Override
    public void onUnanswered(int method, int retransmissions, long firstNs, long lastNs, long flowKey, long txHi,
                             long txLo) {
        c.unanswered++;
        if (method != StunMessage.METHOD_BINDING && method != StunMessage.METHOD_ALLOCATE) {
            return;
        }
        int e = fl.find(flowKey);
        if (e < 0 || (fl.flags[e] & (StunFlowTable.F_UNANSWERED_REPORTED | StunFlowTable.F_RESPONSE_SEEN)) != 0) {
            return;
        }
        boolean udp = fl.proto[e] == 17;
        if (udp && retransmissions < 1) {
            return; // sent once: an ICE check on a pair that was abandoned, not evidence of a firewall
        }
        int slot = findSlot(e);
        if (slot >= 0) {
            int f = table.flags[slot];
            if ((f & (FlowTable.F_ICMP_ERROR | FlowTable.F_REPORTED)) != 0) {
                return; // already refused by ICMP (icmp_unreachable) or reported otherwise
            }
            boolean clientInit = table.fromInitiator(slot, fl.clientHi[e], fl.clientLo[e], fl.clientPort[e]);
            long fromServer = clientInit ? table.respPackets[slot] : table.initPackets[slot];
            if (udp && fromServer > 0) {
                return; // something came back on the 5-tuple: not blocked
            }
            table.flags[slot] |= FlowTable.F_REPORTED;
        }
        fl.flags[e] |= StunFlowTable.F_UNANSWERED_REPORTED;
        c.unansweredEvents++;
        MonitorEvent ev = beginFlowEvent(e, slot);
        ev.type = EventType.BLOCKED_FLOW;
        ev.reason = "stun_unanswered";
        ev.severity = ev.rule != null ? Severity.CRITICAL : Severity.INFO;
        ev.fields.put("method", StunMessage.methodName(method)).put("retransmissions", retransmissions);
        coverage.blocked[coverage.row(slot >= 0 ? table.rule[slot] : FlowMatrix.NO_RULE)]++;
        emitter.commit();
    }

    private int findSlot(int e) {
        int p = fl.proto[e];
        return table.find(p, fl.clientHi[e], fl.clientLo[e], fl.clientPort[e], fl.serverHi[e], fl.serverLo[e],
                fl.serverPort[e]);
    }

    /**
     * Starts a flow event: from the flow table (initiator as src, its rule and roles) when the flow is still
     * tracked, else from the STUN record (client as src, rule matched afresh).
     */
    private MonitorEvent beginFlowEvent(int e, int slot) {
        MonitorEvent ev = emitter.begin();
        ev.timeNs = nowNs;
        ev.proto = Transport.name(fl.proto[e]);
        long ir;
        long rr;
        int rule;
        if (slot >= 0) {
            ev.flow(table.initHi(slot), table.initLo(slot), table.initPort(slot), table.respHi(slot),
                    table.respLo(slot), table.respPort(slot));
            ir = table.initRoles[slot];
            rr = table.respRoles[slot];
            rule = table.rule[slot];
        } else {
            ev.flow(fl.clientHi[e], fl.clientLo[e], fl.clientPort[e], fl.serverHi[e], fl.serverLo[e],
                    fl.serverPort[e]);
            ir = matrix.rolesOf(fl.clientHi[e], fl.clientLo[e]);
            rr = matrix.rolesOf(fl.serverHi[e], fl.serverLo[e]);
            rule = matrix.match(fl.proto[e], ir, fl.clientPort[e], rr, fl.serverPort[e]);
        }
        ev.srcRole = matrix.roleName(ir);
        ev.dstRole = matrix.roleName(rr);
        ev.rule = rule >= 0 ? matrix.rule(rule).id() : null;
        ev.fields.put("app", "stun");
        return ev;
    }
}

package org.voipwatch.analyzer.detect.call;

import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.classify.Rule;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.pipeline.AnalysisContext;
import org.voipwatch.analyzer.pipeline.PacketAnalyzer;
import org.voipwatch.analyzer.protocol.sip.SipMessage;
import org.voipwatch.analyzer.protocol.sip.SipMethod;
import org.voipwatch.analyzer.protocol.sip.SipStatus;
import org.voipwatch.analyzer.protocol.sip.SipStreamReassembler;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.FlowTable;
import org.voipwatch.analyzer.track.call.CallTable;
import org.voipwatch.analyzer.track.call.MediaIndex;
import org.voipwatch.analyzer.track.call.RtpStreamTable;
import org.voipwatch.analyzer.track.call.SipCallTracker;
import org.voipwatch.analyzer.track.call.SipTcpStreams;
import org.voipwatch.analyzer.track.call.SipTransactionTable;

/**
 * Calls and audio: SIP (UDP, TCP through per-direction reassembly, reassembled IP fragments) drives the dialog and
 * SDP state of {@link SipCallTracker}; RTP packets are accounted to streams and, through the SDP expectations, to a
 * call direction ({@link MediaTracker}); timers on packet time judge the media after the grace period and end calls.
 * Events: {@code one_way_audio}, {@code no_audio}, {@code wrong_port_media}, {@code blocked_flow}
 * ({@code sip_unanswered}) and {@code call_summary}.
 *
 * <p>Why judge at answer + grace and not at the end: the alarm must page while the call is still up, and a call that
 * ends (or a capture that stops) inside the grace period has not shown anything wrong yet. Owned by the analyzer
 * thread; no allocation per packet (events may allocate).
 */
public final class CallAnalyzer implements PacketAnalyzer, SipCallTracker.Listener {
    /** Timers run at most this often (packet time): deadlines are seconds apart, precision of 0.1 s is plenty. */
    static final long SWEEP_INTERVAL_NS = 100_000_000L;
    /**
     * RTP streams are swept less often: their timeouts are 5 s and more, and the sweep reads each stream's
     * statistics object (a cache miss per stream, ~4,000 streams on the benchmark capture) where the call and
     * transaction sweeps read dense arrays.
     */
    static final long STREAM_SWEEP_INTERVAL_NS = 1_000_000_000L;
    /** Unconfirmed heuristic stream candidates are dropped after this idle time. */
    static final long CANDIDATE_IDLE_NS = 5_000_000_000L;
    /** Transactions are forgotten this long after their first request (RFC 3261 Timer B/F = 64*T1). */
    static final long TRANSACTION_LIFETIME_NS = 64_000_000_000L;
    /** Timer B: an INVITE with no response at all for this long is given up by the caller. */
    static final long INVITE_TIMEOUT_NS = 32_000_000_000L;
    /** Messages taken from one TCP segment at most (a budget for the framing loop). */
    static final int MAX_MESSAGES_PER_SEGMENT = 64;

    private final AnalyzerConfig config;
    private final AnalyzerCounters counters;
    private final FlowMatrix matrix;
    private final FlowTable flowTable;
    private final CallTable calls;
    private final MediaIndex media;
    private final RtpStreamTable streams;
    private final SipTransactionTable transactions;
    private final SipTcpStreams tcpStreams;
    private final SipMessage sip = new SipMessage();
    private final SipCallTracker tracker;
    private final MediaTracker mediaTracker;
    private final CallEvents events;
    private long nextSweepNs = Long.MIN_VALUE;
    private long nextStreamSweepNs = Long.MIN_VALUE;

    public CallAnalyzer(AnalysisContext ctx) {
        this.config = ctx.config;
        this.counters = ctx.counters;
        this.matrix = ctx.matrix;
        this.flowTable = ctx.flows.table();
        calls = new CallTable(config.maxCalls);
        media = new MediaIndex(config.maxCalls * 4);
        streams = new RtpStreamTable(config.maxRtpStreams);
        transactions = new SipTransactionTable(config.maxSipTransactions);
        tcpStreams = new SipTcpStreams(config.sipTcpStreams, SipStreamReassembler.DEFAULT_CAPACITY_BYTES);
        events = new CallEvents(matrix, ctx.emitter, ctx.flows, calls, streams, config.hashUsers, config.mediaGraceNs,
                counters.mediaQuality);
        tracker = new SipCallTracker(calls, media, transactions, counters, this);
        tracker.setGraceNs(config.mediaGraceNs);
        mediaTracker = new MediaTracker(this, calls, media, streams, counters, flowTable);
    }

    /** The call table (tests and metrics read it). */
    public CallTable calls() {
        return calls;
    }

    public RtpStreamTable streams() {
        return streams;
    }

    @Override
    public void onPacket(DecodedPacket p, int protocolClass, int flowSlot, boolean fromInitiator) {
        if (p.isUdp()) {
            if (protocolClass == ProtocolClass.RTP) {
                mediaTracker.onRtp(p, flowSlot, fromInitiator);
            } else if (protocolClass == ProtocolClass.SIP) {
                int rc = sip.wrap(p.buffer, p.payloadOffset, p.payloadLength);
                onSipMessage(p, rc);
            }
        } else if (p.isTcp()) {
            onTcp(p, protocolClass, flowSlot);
        }
    }

    private void onTcp(DecodedPacket p, int protocolClass, int flowSlot) {
        boolean sipFlow = protocolClass == ProtocolClass.SIP
                || (flowSlot >= 0 && flowTable.protocolClass[flowSlot] == ProtocolClass.SIP);
        if (sipFlow && p.payloadLength > 0) {
            SipStreamReassembler r = tcpStreams.acquire(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort,
                    p.timestampNs);
            r.onSegment(p.tcpSeq, p.buffer, p.payloadOffset, p.payloadLength);
            for (int i = 0; i < MAX_MESSAGES_PER_SEGMENT; i++) {
                int rc = r.next(sip);
                if (rc == SipStatus.NEED_MORE_DATA) {
                    break;
                }
                onSipMessage(p, rc);
            }
            counters.sipTcpStreamsEvicted = tcpStreams.evicted();
        }
        if ((p.tcpFlags & (DecodedPacket.TCP_FIN | DecodedPacket.TCP_RST)) != 0 && sipFlow) {
            tcpStreams.release(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
            if ((p.tcpFlags & DecodedPacket.TCP_RST) != 0) {
                tcpStreams.release(p.dstHi, p.dstLo, p.dstPort, p.srcHi, p.srcLo, p.srcPort);
            }
        }
    }

    private void onSipMessage(DecodedPacket p, int rc) {
        if (!SipStatus.isFramed(rc)) {
            if (rc != SipStatus.NOT_SIP) {
                counters.sipMalformed++;
            }
            return;
        }
        if (rc != SipStatus.OK) {
            counters.sipMalformed++; // counted as malformed, still a message with a valid start line (framed)
        }
        counters.sipMessages++;
        if (sip.isRequest()) {
            counters.sipRequests[sip.method()]++;
        } else {
            int code = sip.statusCode();
            counters.sipResponses[code >= 100 && code < 700 ? code : 0]++;
        }
        tracker.onMessage(sip, p, p.timestampNs);
        counters.sipTransactionsFull = transactions.full();
    }

    @Override
    public void onTime(long nowNs) {
        if (nowNs < nextSweepNs) {
            return;
        }
        nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
        sweepCalls(nowNs, false);
        sweepTransactions(nowNs, false);
        if (nowNs >= nextStreamSweepNs) {
            nextStreamSweepNs = nowNs + STREAM_SWEEP_INTERVAL_NS;
            sweepStreams(nowNs);
        }
    }

    @Override
    public void onEnd(long nowNs) {
        sweepTransactions(nowNs, true);
        sweepCalls(nowNs, true);
    }

    private void sweepCalls(long nowNs, boolean end) {
        CallTable t = calls;
        for (int c = 0; c < t.highWater(); c++) {
            int st = t.state[c];
            if (st == CallTable.FREE) {
                continue;
            }
            if (st == CallTable.ENDED) {
                if (nowNs - t.endNs[c] > config.callLingerNs) {
                    t.free(c);
                }
                continue;
            }
            if (t.deadlineNs[c] <= nowNs) {
                judgeMedia(c, nowNs);
            }
            if (end) {
                endCall(c, nowNs, "end_of_capture");
            } else if (st == CallTable.TRYING && nowNs - t.inviteNs[c] > INVITE_TIMEOUT_NS) {
                endCall(c, nowNs, "no_response");
            } else if (st == CallTable.CHALLENGED && nowNs - t.finalNs[c] > INVITE_TIMEOUT_NS) {
                endCall(c, nowNs, "challenge_not_retried");
            } else if (nowNs - t.lastActivityNs[c] > config.callIdleTimeoutNs) {
                counters.callsExpired++;
                endCall(c, nowNs, "inactivity");
            } else if (nowNs - t.createdNs[c] > config.callMaxAgeNs) {
                counters.callsExpired++;
                counters.callsMaxAge++;
                endCall(c, nowNs, "max_age");
            }
        }
    }

    private void sweepTransactions(long nowNs, boolean end) {
        SipTransactionTable t = transactions;
        for (int x = 0; x < t.highWater(); x++) {
            if (!t.used[x]) {
                continue;
            }
            if (!t.reported[x] && t.responses[x] == 0 && t.transmissions[x] >= 2
                    && (end || nowNs - t.firstNs[x] >= config.sipUnansweredTimeoutNs)) {
                t.reported[x] = true;
                // stamped at the timer's expiry when the clock jumped over it (no packet in between)
                events.sipUnanswered(t, x, Math.min(nowNs, t.firstNs[x] + config.sipUnansweredTimeoutNs));
            }
            if (!end && nowNs - t.firstNs[x] > TRANSACTION_LIFETIME_NS) {
                t.remove(x);
            }
        }
    }

    private void sweepStreams(long nowNs) {
        RtpStreamTable s = streams;
        for (int e = 0; e < s.highWater(); e++) {
            if (!s.used[e]) {
                continue;
            }
            long idle = nowNs - s.stats[e].lastTimeNs();
            if ((!s.confirmed(e) && idle > CANDIDATE_IDLE_NS) || idle > config.rtpStreamIdleTimeoutNs) {
                if (s.confirmed(e)) {
                    counters.rtpStreamsExpired++;
                    counters.rtpStreamsActive--;
                }
                s.remove(e);
            }
        }
    }

    /** The grace period after the answer is over: is media flowing both ways as negotiated? */
    void judgeMedia(int c, long clockNs) {
        CallTable t = calls;
        // offline, the clock may jump over the deadline when no packet fell in between (live capture has ticks):
        // nothing was heard in that gap either, so the verdict belongs to the deadline itself
        long nowNs = Math.min(clockNs, t.deadlineNs[c]);
        t.deadlineNs[c] = Long.MAX_VALUE;
        if (!SipCallTracker.expectsTwoWayMedia(t, c)) {
            return; // hold, one-way by SDP, or media rejected since the window opened
        }
        long toCallee = t.windowPackets[c * 2 + CallTable.CALLER];
        long toCaller = t.windowPackets[c * 2 + CallTable.CALLEE];
        if (toCallee == 0 && toCaller == 0) {
            if ((t.flags[c] & CallTable.F_NO_AUDIO_REPORTED) == 0) {
                t.flags[c] |= CallTable.F_NO_AUDIO_REPORTED;
                events.noAudio(c, nowNs);
            }
        } else if (toCallee == 0 || toCaller == 0) {
            int silent = toCallee == 0 ? CallTable.CALLER : CallTable.CALLEE;
            int flag = silent == CallTable.CALLER ? CallTable.F_ONE_WAY_0 : CallTable.F_ONE_WAY_1;
            if ((t.flags[c] & flag) == 0) {
                t.flags[c] |= flag;
                events.oneWay(c, silent, nowNs);
            }
        }
    }

    private int verdict(int c) {
        CallTable t = calls;
        int f = t.flags[c];
        if ((f & (CallTable.F_ONE_WAY_0 | CallTable.F_ONE_WAY_1)) != 0) {
            return CallVerdict.ONE_WAY_AUDIO;
        }
        if ((f & CallTable.F_NO_AUDIO_REPORTED) != 0) {
            return CallVerdict.NO_AUDIO;
        }
        if (t.answeredNs[c] != 0) {
            return CallVerdict.OK;
        }
        int s = t.finalStatus[c];
        if (s >= 300 && s != 487 && (f & CallTable.F_CANCELLED) == 0) {
            return CallVerdict.FAILED;
        }
        return CallVerdict.UNANSWERED;
    }

    /** Ends a call: summary now, expectations withdrawn, the entry lingers for retransmissions. */
    void endCall(int c, long nowNs, String reason) {
        CallTable t = calls;
        if (t.state[c] == CallTable.ENDED || t.state[c] == CallTable.FREE) {
            return;
        }
        if (t.deadlineNs[c] <= nowNs) {
            judgeMedia(c, nowNs);
        }
        t.state[c] = CallTable.ENDED;
        t.endNs[c] = nowNs;
        t.deadlineNs[c] = Long.MAX_VALUE;
        tracker.withdrawMedia(c, CallTable.CALLER);
        tracker.withdrawMedia(c, CallTable.CALLEE);
        int v = verdict(c);
        counters.callsByVerdict[v]++;
        counters.callsEnded++;
        counters.callsActive--;
        events.summary(c, nowNs, v, reason);
    }

    // ---------------------------------------------------------------- SipCallTracker.Listener

    @Override
    public void onCallCreated(int c) {
        counters.callsCreated++;
        counters.callsActive++;
    }

    @Override
    public void onCallEnded(int c, long nowNs, String reason) {
        endCall(c, nowNs, reason);
    }

    @Override
    public void onNegotiated(int c, int answerSide, long nowNs) {
        CallTable t = calls;
        if ((t.flags[c] & CallTable.F_RANGE_REPORTED) != 0) {
            return;
        }
        int a = c * 2;
        int b = a + 1;
        if (!t.mediaActive[a] || !t.mediaActive[b]) {
            return;
        }
        long ra = matrix.rolesOf(t.mediaHi[a], t.mediaLo[a]);
        long rb = matrix.rolesOf(t.mediaHi[b], t.mediaLo[b]);
        if (matrix.match(17, ra, t.mediaPort[a], rb, t.mediaPort[b]) == FlowMatrix.NO_RULE && mediaDocumented(ra, rb)) {
            t.flags[c] |= CallTable.F_RANGE_REPORTED;
            events.outsideRangeSdp(c, nowNs, answerSide);
        }
    }

    /** Whether some media rule connects the two role sets: then a port outside it is the port's fault. */
    boolean mediaDocumented(long ra, long rb) {
        for (int i = 0; i < matrix.ruleCount(); i++) {
            Rule r = matrix.rule(i);
            boolean rtp = r.media() || "rtp".equals(r.service().application());
            if (rtp && (((r.fromMask() & ra) != 0 && (r.toMask() & rb) != 0)
                    || ((r.fromMask() & rb) != 0 && (r.toMask() & ra) != 0))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onAnswered(int c, long nowNs) {
        // nothing beyond the tracker's window; kept for symmetry with onNegotiated
    }

    CallEvents events() {
        return events;
    }

    SipCallTracker tracker() {
        return tracker;
    }

    /** Method name for tests and logs. */
    static String methodName(int m) {
        return SipMethod.name(m);
    }
}

package org.voipwatch.analyzer.track.call;

import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.protocol.rtp.Codec;
import org.voipwatch.analyzer.protocol.sdp.SdpMessage;
import org.voipwatch.analyzer.protocol.sdp.SdpSession;
import org.voipwatch.analyzer.protocol.sdp.SdpStatus;
import org.voipwatch.analyzer.protocol.sip.SipMessage;
import org.voipwatch.analyzer.protocol.sip.SipMethod;
import org.voipwatch.analyzer.track.AnalyzerCounters;

/**
 * SIP dialog state of the call table: INVITE transactions (1xx, 2xx, 3xx-6xx, CANCEL, ACK, BYE), retransmissions
 * (same CSeq) recognised and ignored, re-INVITE and UPDATE renegotiating the media, forked 2xx after the first one
 * ignored, 401/407 challenges waiting for the repeated INVITE. SDP offer/answer (RFC 3264, RFC 6337 for where offers
 * and answers may appear) sets each side's media and the media expectations; a completed answer on an answered call
 * opens the evaluation window (start = that moment, deadline = start + grace) that the detector judges.
 *
 * <p>Which side wrote an SDP: a request is written by the side whose tag is in From, a response by the other side.
 * Owned by the analyzer thread; allocation-free.
 */
public final class SipCallTracker {
    /** What the detector hears from the tracker. */
    public interface Listener {
        void onCallCreated(int call);

        void onCallEnded(int call, long nowNs, String reason);

        /** An offer/answer exchange completed ({@code answerSide} wrote the answer). */
        void onNegotiated(int call, int answerSide, long nowNs);

        void onAnswered(int call, long nowNs);
    }

    private final CallTable calls;
    private final MediaIndex media;
    private final SipTransactionTable transactions;
    private final AnalyzerCounters counters;
    private final Listener listener;
    private final SdpMessage sdpParser = new SdpMessage();
    private final SdpSession sdp = new SdpSession();
    private long graceNs = 5_000_000_000L;

    public SipCallTracker(CallTable calls, MediaIndex media, SipTransactionTable transactions,
                          AnalyzerCounters counters, Listener listener) {
        this.calls = calls;
        this.media = media;
        this.transactions = transactions;
        this.counters = counters;
        this.listener = listener;
    }

    public void setGraceNs(long ns) {
        graceNs = ns;
    }

    /** One parsed SIP message (status OK) carried by packet {@code p}. */
    public void onMessage(SipMessage m, DecodedPacket p, long nowNs) {
        long ch = m.callIdHash();
        if (ch == 0 || m.callIdLength() <= 0) {
            return;
        }
        trackTransaction(m, p, ch, nowNs);
        byte[] b = m.buffer();
        int c = calls.find(ch, b, m.callIdOffset(), m.callIdLength());
        if (m.isRequest()) {
            int method = m.method();
            if (method == SipMethod.INVITE) {
                onInvite(m, p, ch, c, nowNs);
                return;
            }
            if (c < 0 || calls.state[c] == CallTable.ENDED) {
                return;
            }
            calls.lastActivityNs[c] = nowNs;
            switch (method) {
                case SipMethod.BYE:
                    calls.flags[c] |= CallTable.F_BYE;
                    listener.onCallEnded(c, nowNs, "bye");
                    break;
                case SipMethod.CANCEL:
                    calls.flags[c] |= CallTable.F_CANCELLED;
                    break;
                case SipMethod.ACK:
                    applySdp(m, c, requestSide(m, c), true, nowNs);
                    break;
                case SipMethod.UPDATE:
                    applySdp(m, c, requestSide(m, c), false, nowNs);
                    break;
                case SipMethod.PRACK:
                    int side = requestSide(m, c);
                    applySdp(m, c, side, calls.offerSide[c] == 1 - side, nowNs);
                    break;
                default:
                    break;
            }
            return;
        }
        if (c < 0 || calls.state[c] == CallTable.ENDED) {
            return;
        }
        calls.lastActivityNs[c] = nowNs;
        int cm = m.cseqMethod();
        if (cm == SipMethod.INVITE) {
            onInviteResponse(m, c, nowNs);
        } else if ((cm == SipMethod.UPDATE || cm == SipMethod.PRACK) && m.statusCode() / 100 == 2) {
            applySdp(m, c, 1 - requestSide(m, c), true, nowNs);
        }
    }

    private void trackTransaction(SipMessage m, DecodedPacket p, long ch, long nowNs) {
        int seq = m.cseqNumber();
        if (seq < 0) {
            return;
        }
        SipTransactionTable t = transactions;
        if (m.isRequest()) {
            int method = m.method();
            if (method == SipMethod.ACK) {
                return; // ACK has no response (RFC 3261 §17.1.1.3)
            }
            int x = t.find(ch, seq, method);
            if (x < 0) {
                x = t.create(ch, seq, method, nowNs);
                if (x < 0) {
                    return;
                }
                t.proto[x] = p.ipProtocol;
                t.srcHi[x] = p.srcHi;
                t.srcLo[x] = p.srcLo;
                t.srcPort[x] = p.srcPort;
                t.dstHi[x] = p.dstHi;
                t.dstLo[x] = p.dstLo;
                t.dstPort[x] = p.dstPort;
                int n = Math.min(m.callIdLength(), CallTable.MAX_CALL_ID_BYTES);
                System.arraycopy(m.buffer(), m.callIdOffset(), t.callId, x * CallTable.MAX_CALL_ID_BYTES, n);
                t.callIdLen[x] = n;
            } else {
                counters.sipRequestRetransmissions++;
            }
            t.transmissions[x]++;
        } else {
            int x = t.find(ch, seq, m.cseqMethod());
            if (x >= 0) {
                t.responses[x]++;
                t.lastStatus[x] = m.statusCode();
            }
        }
    }

    /** Side that sent a request of call {@code c}: the caller when the From tag is the caller's. */
    private int requestSide(SipMessage m, int c) {
        long tag = tagHash(m, true);
        return tag == calls.callerTag[c] || calls.callerTag[c] == 0 ? CallTable.CALLER : CallTable.CALLEE;
    }

    private static long tagHash(SipMessage m, boolean from) {
        int off = from ? m.fromTagOffset() : m.toTagOffset();
        int len = from ? m.fromTagLength() : m.toTagLength();
        return off < 0 || len <= 0 ? 0 : SipMessage.hash(m.buffer(), off, len);
    }

    private void onInvite(SipMessage m, DecodedPacket p, long ch, int c, long nowNs) {
        int seq = m.cseqNumber();
        if (c < 0) {
            c = calls.create(ch, m.buffer(), m.callIdOffset(), m.callIdLength(), nowNs);
            if (c < 0) {
                counters.callTableFull++;
                return;
            }
            int a = c * 2;
            calls.sipHi[a] = p.srcHi;
            calls.sipLo[a] = p.srcLo;
            calls.sipPort[a] = p.srcPort;
            calls.sipHi[a + 1] = p.dstHi;
            calls.sipLo[a + 1] = p.dstLo;
            calls.sipPort[a + 1] = p.dstPort;
            calls.proto[c] = p.ipProtocol;
            calls.callerTag[c] = tagHash(m, true);
            calls.setUser(c, CallTable.CALLER, m.buffer(), m.fromUserOffset(), m.fromUserLength());
            calls.setUser(c, CallTable.CALLEE, m.buffer(), m.toUserOffset(), m.toUserLength());
            listener.onCallCreated(c);
        } else {
            if (calls.state[c] == CallTable.ENDED) {
                return;
            }
            calls.lastActivityNs[c] = nowNs;
            if (seq == calls.inviteCseq[c * 2 + requestSide(m, c)]) {
                return; // retransmission
            }
            if (calls.state[c] == CallTable.CHALLENGED) {
                calls.state[c] = CallTable.TRYING; // repeated with credentials or another offer
            }
        }
        calls.inviteCseq[c * 2 + requestSide(m, c)] = seq;
        boolean body = m.isSdp() && m.bodyLength() > 0;
        calls.inviteHadSdp[c] = body;
        if (body) {
            applySdp(m, c, requestSide(m, c), false, nowNs);
        }
    }

    private void onInviteResponse(SipMessage m, int c, long nowNs) {
        int code = m.statusCode();
        int requester = c * 2 + requestSide(m, c);
        if (m.cseqNumber() != calls.inviteCseq[requester]) {
            return; // a late answer to an earlier INVITE
        }
        int st = calls.state[c];
        long toTag = tagHash(m, false);
        if (requester == c * 2 + CallTable.CALLER && calls.calleeTag[c] != 0 && toTag != 0
                && toTag != calls.calleeTag[c] && st == CallTable.ANSWERED) {
            return; // another fork answered too: the first 2xx made the dialog
        }
        int responder = 1 - requestSide(m, c);
        if (code < 200) {
            if ((code == 180 || code == 183) && calls.provisionalNs[c] == 0) {
                calls.provisionalNs[c] = nowNs;
            }
            if (st == CallTable.TRYING) {
                calls.state[c] = CallTable.EARLY;
            }
            if (code > 100) {
                answerOrOffer(m, c, responder, nowNs);
            }
            return;
        }
        if (code < 300) {
            if (calls.answeredCseq[requester] == m.cseqNumber()) {
                return; // 2xx retransmission
            }
            calls.answeredCseq[requester] = m.cseqNumber();
            boolean first = st != CallTable.ANSWERED;
            if (first) {
                calls.state[c] = CallTable.ANSWERED;
                calls.answeredNs[c] = nowNs;
                calls.finalNs[c] = nowNs;
                calls.finalStatus[c] = code;
                calls.calleeTag[c] = toTag;
                listener.onAnswered(c, nowNs);
            }
            answerOrOffer(m, c, responder, nowNs);
            if (first && calls.offerSide[c] < 0 && calls.hasSdp[c * 2] && calls.hasSdp[c * 2 + 1]) {
                openWindow(c, nowNs); // the answer may have come in a 183 already
            }
            return;
        }
        if (st == CallTable.ANSWERED) {
            return; // a failed re-INVITE leaves the session as it was (RFC 3261 §14.1)
        }
        calls.finalStatus[c] = code;
        calls.finalNs[c] = nowNs;
        if (isRetryable(code) && (calls.flags[c] & CallTable.F_CANCELLED) == 0) {
            calls.state[c] = CallTable.CHALLENGED;
        } else {
            listener.onCallEnded(c, nowNs, (calls.flags[c] & CallTable.F_CANCELLED) != 0 ? "cancel" : "failure");
        }
    }

    /**
     * Final responses after which a UA usually repeats the INVITE under the same Call-ID: credentials (401, 407),
     * another offer or extension set (415, 420, 421, 488), session timer (422), registration/interval (423),
     * glare (491). The call waits for that INVITE instead of ending; without one it ends after Timer B.
     */
    static boolean isRetryable(int code) {
        return code == 401 || code == 407 || code == 415 || code == 420 || code == 421 || code == 422
                || code == 423 || code == 488 || code == 491;
    }

    /** SDP in a response to INVITE: an answer to the INVITE's offer, or the offer itself when the INVITE had none. */
    private void answerOrOffer(SipMessage m, int c, int responder, long nowNs) {
        boolean answer = calls.inviteHadSdp[c] || calls.offerSide[c] == 1 - responder;
        applySdp(m, c, responder, answer, nowNs);
    }

    private void applySdp(SipMessage m, int c, int side, boolean answer, long nowNs) {
        if (!m.isSdp() || m.bodyLength() <= 0) {
            return;
        }
        int rc = sdpParser.parse(m.buffer(), m.bodyOffset(), m.bodyLength(), sdp);
        if (rc != SdpStatus.OK) {
            counters.sdpMalformed++;
            if (sdp.mediaCount() == 0) {
                return;
            }
        }
        withdrawMedia(c, side);
        setMedia(c, side);
        if (answer) {
            calls.offerSide[c] = -1;
            listener.onNegotiated(c, side, nowNs);
            if (calls.state[c] == CallTable.ANSWERED) {
                openWindow(c, nowNs);
            }
        } else {
            calls.offerSide[c] = side;
        }
    }

    /** Starts judging media from now: counts since the answer, deadline after the grace period. */
    public void openWindow(int c, long nowNs) {
        calls.windowStartNs[c] = nowNs;
        calls.windowPackets[c * 2] = 0;
        calls.windowPackets[c * 2 + 1] = 0;
        calls.deadlineNs[c] = expectsTwoWayMedia(calls, c) ? nowNs + graceNs : Long.MAX_VALUE;
    }

    /**
     * Both sides announced active RTP media, sendrecv on both ends, no c=0.0.0.0: media is expected both ways.
     * Anything else (hold with sendonly/recvonly/inactive or the RFC 2543 zero address, a rejected stream) is not
     * judged, because silence there is what the users asked for.
     */
    public static boolean expectsTwoWayMedia(CallTable t, int c) {
        int a = c * 2;
        int b = a + 1;
        return t.mediaActive[a] && t.mediaActive[b] && !t.zeroAddress[a] && !t.zeroAddress[b]
                && t.direction[a] == SdpSession.SENDRECV && t.direction[b] == SdpSession.SENDRECV;
    }

    /** The first audio RTP section (else the first RTP section) of the parsed SDP becomes the side's media. */
    private void setMedia(int c, int side) {
        int s = c * 2 + side;
        calls.hasSdp[s] = true;
        calls.mediaActive[s] = false;
        calls.ptCount[s] = 0;
        calls.candCount[s] = 0;
        int pick = -1;
        for (int i = 0; i < sdp.mediaCount(); i++) {
            if (sdp.isRtp(i) && (pick < 0 || (sdp.mediaType(i) == SdpSession.MEDIA_AUDIO
                    && sdp.mediaType(pick) != SdpSession.MEDIA_AUDIO))) {
                pick = i;
            }
        }
        if (pick < 0) {
            return;
        }
        int kind = sdp.addressKind(pick);
        calls.direction[s] = sdp.direction(pick);
        calls.zeroAddress[s] = sdp.isZeroAddress(pick);
        calls.mediaPort[s] = sdp.port(pick);
        boolean numeric = kind == SdpSession.ADDR_IP4 || kind == SdpSession.ADDR_IP6;
        calls.mediaHi[s] = numeric ? sdp.addressHi(pick) : 0;
        calls.mediaLo[s] = numeric ? sdp.addressLo(pick) : 0;
        calls.mediaActive[s] = numeric && !sdp.isDisabled(pick) && sdp.port(pick) > 0;
        int n = Math.min(sdp.payloadTypeCount(pick), CallTable.MAX_PAYLOAD_TYPES);
        for (int i = 0; i < n; i++) {
            int k = s * CallTable.MAX_PAYLOAD_TYPES + i;
            int pt = sdp.payloadType(pick, i);
            calls.ptNumber[k] = pt;
            int rate = sdp.clockRate(pick, i);
            calls.ptClock[k] = rate > 0 ? rate : Codec.staticClockRate(pt);
            calls.ptCodec[k] = sdp.codec(pick, i);
        }
        calls.ptCount[s] = n;
        if (!calls.mediaActive[s] || calls.zeroAddress[s]) {
            return;
        }
        media.put(calls.mediaHi[s], calls.mediaLo[s], calls.mediaPort[s], s);
        int cn = 0;
        for (int i = 0; i < sdp.candidateCount(pick) && cn < CallTable.MAX_CANDIDATES; i++) {
            if (sdp.candidateComponent(pick, i) != 1 || sdp.candidateTransport(pick, i) != 17) {
                continue;
            }
            int k = s * CallTable.MAX_CANDIDATES + cn;
            calls.candHi[k] = sdp.candidateHi(pick, i);
            calls.candLo[k] = sdp.candidateLo(pick, i);
            calls.candPort[k] = sdp.candidatePort(pick, i);
            media.put(calls.candHi[k], calls.candLo[k], calls.candPort[k], s);
            cn++;
        }
        calls.candCount[s] = cn;
    }

    /** Removes a side's endpoints from the media expectations (they stay in the call for its summary). */
    public void withdrawMedia(int c, int side) {
        int s = c * 2 + side;
        if (calls.mediaActive[s]) {
            media.remove(calls.mediaHi[s], calls.mediaLo[s], calls.mediaPort[s], s);
        }
        for (int i = 0; i < calls.candCount[s]; i++) {
            int k = s * CallTable.MAX_CANDIDATES + i;
            media.remove(calls.candHi[k], calls.candLo[k], calls.candPort[k], s);
        }
    }

    /** True when (hi, lo) is the side's media address or one of its candidates. */
    public boolean isSideAddress(int c, int side, long hi, long lo) {
        int s = c * 2 + side;
        if (calls.mediaHi[s] == hi && calls.mediaLo[s] == lo) {
            return true;
        }
        for (int i = 0; i < calls.candCount[s]; i++) {
            int k = s * CallTable.MAX_CANDIDATES + i;
            if (calls.candHi[k] == hi && calls.candLo[k] == lo) {
                return true;
            }
        }
        return false;
    }
}

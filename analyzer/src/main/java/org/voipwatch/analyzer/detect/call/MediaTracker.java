package org.voipwatch.analyzer.detect.call;

import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.protocol.rtp.Codec;
import org.voipwatch.analyzer.protocol.rtp.RtpHeader;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.FlowTable;
import org.voipwatch.analyzer.track.call.CallTable;
import org.voipwatch.analyzer.track.call.MediaIndex;
import org.voipwatch.analyzer.track.call.RtpStreamTable;
import org.voipwatch.analyzer.track.call.SipCallTracker;

/**
 * Accounts RTP packets (already probed: version 2, payload type outside RTCP's 72-76 range, RFC 5761 §4) to streams
 * (src, dst, SSRC) and, when SDP announced the destination (or, for symmetric RTP, the source), to a call direction.
 * A stream nobody announced is only a candidate until it shows {@link #CONFIRM_IN_SEQUENCE} consecutive sequence
 * numbers with one SSRC: a random UDP datagram whose first byte happens to look like RTP does not get that far.
 * Reads the RTP header fields straight from the packet bytes; allocation-free. Owned by the analyzer thread.
 */
final class MediaTracker {
    /** Consecutive sequence numbers (after the first packet) that confirm a stream without signalling. */
    static final int CONFIRM_IN_SEQUENCE = 3;

    private final CallAnalyzer owner;
    private final CallTable calls;
    private final MediaIndex media;
    private final RtpStreamTable streams;
    private final AnalyzerCounters counters;
    private final FlowTable flowTable;
    /**
     * Per flow and direction ({@code slot * 2 + (fromInitiator ? 0 : 1)}): the stream entry + 1 that the last RTP
     * packet of that direction belonged to, 0 for none. Checked with {@link RtpStreamTable#matches} (one cache line)
     * before use, so a stale value (flow slot reused, stream removed, another SSRC) only costs the normal lookup;
     * it spares the hash and the index probe, a cache miss per RTP packet (benchmarks/README.md). Flow slots are
     * dense, so the part in use is small.
     */
    private final int[] streamOfFlow;

    MediaTracker(CallAnalyzer owner, CallTable calls, MediaIndex media, RtpStreamTable streams,
                 AnalyzerCounters counters, FlowTable flowTable) {
        this.owner = owner;
        this.calls = calls;
        this.media = media;
        this.streams = streams;
        this.counters = counters;
        this.flowTable = flowTable;
        this.streamOfFlow = new int[flowTable.maxFlows() * 2];
    }

    void onRtp(DecodedPacket p, int flowSlot, boolean fromInitiator) {
        byte[] b = p.buffer;
        int off = p.payloadOffset;
        if (p.payloadLength < RtpHeader.FIXED_HEADER_LENGTH || (b[off] & 0xc0) != 0x80) {
            return;
        }
        int ssrc = readInt(b, off + RtpHeader.SSRC_OFFSET);
        counters.rtpPackets++;
        int cached = flowSlot >= 0 ? flowSlot * 2 + (fromInitiator ? 0 : 1) : -1;
        int e = cached >= 0 ? streamOfFlow[cached] - 1 : -1;
        // The common case in a few lines: the flow's last stream, still the same stream of a live call. Everything
        // else is out of line: C1 (offline analysis runs C1 only) compiles small hot methods much better.
        if (e >= 0 && streams.matches(e, p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort, ssrc)
                && inLiveCall(e)) {
            account(p, e, false);
        } else {
            onOtherStream(p, flowSlot, cached, ssrc);
        }
    }

    private boolean inLiveCall(int e) {
        return calls.inProgress(streams.call(e), streams.callGen(e));
    }

    /** A packet of another stream than the flow's last one, or of a stream not (or no longer) in a live call. */
    private void onOtherStream(DecodedPacket p, int flowSlot, int cached, int ssrc) {
        RtpStreamTable s = streams;
        int pt = p.buffer[p.payloadOffset + 1] & 0x7f;
        long now = p.timestampNs;
        int e = s.find(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort, ssrc);
        boolean linked = true; // (re)linked by this packet: account() must refresh the call's heard* copy
        if (e < 0) {
            e = s.create(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort, ssrc);
            if (e < 0) {
                counters.rtpStreamTableFull++;
                return;
            }
            counters.rtpStreamsCreated++;
            link(e, flowSlot, now);
            initStream(e, pt);
        } else if (!inLiveCall(e)) {
            // SDP seen after the first packets, or a new call on the same endpoints (and SSRC: sipp replays one
            // capture for every call) while the old call still lingers
            int oldCall = s.call(e);
            int oldGen = s.callGen(e);
            link(e, flowSlot, now);
            if (oldCall >= 0 && (s.call(e) != oldCall || s.callGen(e) != oldGen)) {
                s.stats[e].reset(); // the new call's stream: its figures start now
                initStream(e, pt);
            } else if (oldCall < 0 && s.call(e) >= 0) {
                initStream(e, s.payloadType[e]); // the SDP's rtpmap now gives the clock rate of a dynamic type
            }
        } else {
            linked = false; // a known stream of a live call, only not the flow's last one
        }
        if (cached >= 0) {
            streamOfFlow[cached] = e + 1;
        }
        account(p, e, linked);
    }

    /**
     * Accounts a packet to stream {@code e}: RFC 3550 statistics, confirmation of an unsignalled stream, and the
     * call direction's counters. {@code linked}: the stream was (re)linked by this packet, so the heard* copy
     * must not be skipped.
     */
    private void account(DecodedPacket p, int e, boolean linked) {
        byte[] b = p.buffer;
        int off = p.payloadOffset;
        int seq = ((b[off + RtpHeader.SEQUENCE_OFFSET] & 0xff) << 8) | (b[off + RtpHeader.SEQUENCE_OFFSET + 1] & 0xff);
        long ts = readInt(b, off + RtpHeader.TIMESTAMP_OFFSET) & 0xffff_ffffL;
        long now = p.timestampNs;
        RtpStreamTable s = streams;
        s.stats[e].update(now, seq, ts, p.payloadLength);
        if (!s.confirmed(e)) {
            countTowardsConfirmation(e, seq);
        }
        s.setLastSeq(e, seq);
        if (inLiveCall(e)) {
            int c = s.call(e);
            int d = c * 2 + s.dir(e);
            calls.windowPackets[d]++;
            calls.totalPackets[d]++;
            calls.lastActivityNs[c] = now;
            // the same stream as last time has the same addresses: skip six stores (an entry may be the reused
            // number of a removed stream; it is then new or newly linked, hence `linked`)
            if (linked || calls.heardStream[d] != e) {
                heard(p, d, e);
            }
        }
    }

    private void countTowardsConfirmation(int e, int seq) {
        RtpStreamTable s = streams;
        int last = s.lastSeq(e);
        int n = s.inSequence(e);
        if (last >= 0 && seq == ((last + 1) & 0xffff)) {
            s.setInSequence(e, ++n);
        } else if (last >= 0 && seq != last) {
            s.setInSequence(e, n = 0);
        }
        if (n >= CONFIRM_IN_SEQUENCE) {
            confirm(e);
        }
    }

    private void heard(DecodedPacket p, int d, int e) {
        CallTable t = calls;
        t.heardStream[d] = e;
        t.heardSrcHi[d] = p.srcHi;
        t.heardSrcLo[d] = p.srcLo;
        t.heardSrcPort[d] = p.srcPort;
        t.heardDstHi[d] = p.dstHi;
        t.heardDstLo[d] = p.dstLo;
        t.heardDstPort[d] = p.dstPort;
    }

    /** Clock rate and codec from the receiving side's SDP (rtpmap), else the RFC 3551 static table. */
    private void initStream(int e, int pt) {
        RtpStreamTable s = streams;
        s.payloadType[e] = pt;
        int c = s.call(e);
        int rate = c >= 0 ? calls.clockRate(c, 1 - s.dir(e), pt) : -1;
        s.stats[e].setClockRate(rate > 0 ? rate : Codec.staticClockRate(pt));
        int codec = c >= 0 ? calls.codec(c, 1 - s.dir(e), pt) : -1;
        s.codec[e] = codec > 0 ? codec : Codec.fromStaticPayloadType(pt);
    }

    private void confirm(int e) {
        if (!streams.confirmed(e)) {
            streams.setConfirmed(e);
            counters.rtpStreamsConfirmed++;
            counters.rtpStreamsActive++;
        }
    }

    /**
     * Finds the call of a stream: its destination announced by a side (media flows towards that side), else its
     * source announced by a side (symmetric RTP sent to somewhere else than negotiated: sdp_mismatch).
     */
    private void link(int e, int flowSlot, long now) {
        RtpStreamTable s = streams;
        int v = media.lookup(s.dstHi[e], s.dstLo[e], s.dstPort[e]);
        boolean toAnnounced = v != MediaIndex.NONE;
        if (!toAnnounced) {
            v = media.lookup(s.srcHi[e], s.srcLo[e], s.srcPort[e]);
            if (v == MediaIndex.NONE) {
                return;
            }
        }
        int c = v >> 1;
        int side = v & 1;
        int sender = toAnnounced ? 1 - side : side;
        s.link(e, c, calls.gen[c]);
        s.setDir(e, sender);
        confirm(e);
        CallTable t = calls;
        if ((t.flags[c] & CallTable.F_MISMATCH_REPORTED) == 0) {
            int receiver = 1 - sender;
            // RTP sent to the address the peer's SIP came from, while its SDP named another address, is NAT
            // traversal (symmetric RTP, RFC 4961), not a mismatch: a phone behind NAT announces its private address.
            // The same address with another port is a real mismatch.
            int r = c * 2 + receiver;
            boolean toPeerSip = s.dstHi[e] == t.sipHi[r] && s.dstLo[e] == t.sipLo[r]
                    && !(s.dstHi[e] == t.mediaHi[r] && s.dstLo[e] == t.mediaLo[r]);
            if (!toAnnounced && t.mediaActive[r] && !toPeerSip) {
                t.flags[c] |= CallTable.F_MISMATCH_REPORTED;
                owner.events().sdpMismatch(c, e, receiver, now, "destination");
            } else if (toAnnounced && t.mediaActive[c * 2 + sender]
                    && !owner.tracker().isSideAddress(c, sender, s.srcHi[e], s.srcLo[e])
                    && !(s.srcHi[e] == t.sipHi[c * 2 + sender] && s.srcLo[e] == t.sipLo[c * 2 + sender])) {
                t.flags[c] |= CallTable.F_MISMATCH_REPORTED;
                owner.events().sdpMismatch(c, e, sender, now, "source_address");
            }
        }
        if ((t.flags[c] & CallTable.F_RANGE_REPORTED) == 0 && flowSlot >= 0
                && flowTable.rule[flowSlot] == FlowMatrix.NO_RULE
                && owner.mediaDocumented(flowTable.initRoles[flowSlot], flowTable.respRoles[flowSlot])) {
            t.flags[c] |= CallTable.F_RANGE_REPORTED;
            owner.events().outsideRangeRtp(c, e, now);
        }
    }

    // Two 16-bit halves: small enough for C1 to inline (see decode.Bytes.u32); two reads per RTP packet.
    private static int readInt(byte[] b, int i) {
        return (readShort(b, i) << 16) | readShort(b, i + 2);
    }

    private static int readShort(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}

package org.voipwatch.analyzer.detect.call;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.Transport;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.EventType;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.event.Severity;
import org.voipwatch.analyzer.protocol.rtp.Mos;
import org.voipwatch.analyzer.protocol.rtp.RtpStreamStats;
import org.voipwatch.analyzer.track.FlowTable;
import org.voipwatch.analyzer.track.FlowTracker;
import org.voipwatch.analyzer.track.MediaQuality;
import org.voipwatch.analyzer.track.call.CallTable;
import org.voipwatch.analyzer.track.call.RtpStreamTable;
import org.voipwatch.analyzer.track.call.SipTransactionTable;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * Writes the call events ({@code one_way_audio}, {@code no_audio}, {@code wrong_port_media}, {@code call_summary},
 * {@code blocked_flow} reason {@code sip_unanswered}) from the call tables. Events are rare, so Strings (Call-ID,
 * addresses of the silent side) are made here, never on the packet path. Every call event carries the Call-ID as
 * its Kafka key. Owned by the analyzer thread.
 */
final class CallEvents {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final FlowMatrix matrix;
    private final EventEmitter emitter;
    private final FlowTracker flows;
    private final CallTable calls;
    private final RtpStreamTable streams;
    private final boolean hashUsers;
    private final long graceNs;
    private final MediaQuality quality;
    private MessageDigest sha256;

    CallEvents(FlowMatrix matrix, EventEmitter emitter, FlowTracker flows, CallTable calls, RtpStreamTable streams,
               boolean hashUsers, long graceNs, MediaQuality quality) {
        this.matrix = matrix;
        this.emitter = emitter;
        this.flows = flows;
        this.calls = calls;
        this.streams = streams;
        this.hashUsers = hashUsers;
        this.graceNs = graceNs;
        this.quality = quality;
        this.firstStreamOfCall = new int[calls.capacity()];
        this.nextStreamOfCall = new int[streams.capacity()];
    }

    String callId(int c) {
        return new String(calls.idBytes, c * CallTable.MAX_CALL_ID_BYTES, calls.idLen[c], StandardCharsets.ISO_8859_1);
    }

    private MonitorEvent begin(int c, String type, String severity, long nowNs) {
        MonitorEvent e = emitter.begin();
        e.type = type;
        e.severity = severity;
        e.timeNs = nowNs;
        e.key = callId(c);
        return e;
    }

    /** Fills src/dst, roles and the matching rule of a flow given by its ends. */
    private void flowMembers(MonitorEvent e, int proto, long sh, long sl, int sp, long dh, long dl, int dp) {
        e.proto = Transport.name(proto);
        e.flow(sh, sl, sp, dh, dl, dp);
        long sr = matrix.rolesOf(sh, sl);
        long dr = matrix.rolesOf(dh, dl);
        e.srcRole = matrix.roleName(sr);
        e.dstRole = matrix.roleName(dr);
        int r = matrix.match(proto, sr, sp, dr, dp);
        e.rule = r >= 0 ? matrix.rule(r).id() : null;
    }

    /** Media of {@code dir} (sender side) heard, the other direction silent after the grace period. */
    void oneWay(int c, int silentDir, long nowNs) {
        int heard = 1 - silentDir;
        int h = c * 2 + heard;
        MonitorEvent e = begin(c, EventType.ONE_WAY_AUDIO, Severity.CRITICAL, nowNs);
        e.proto = "udp";
        e.flow(calls.heardSrcHi[h], calls.heardSrcLo[h], calls.heardSrcPort[h], calls.heardDstHi[h],
                calls.heardDstLo[h], calls.heardDstPort[h]);
        e.srcRole = matrix.roleName(matrix.rolesOf(e.srcHi, e.srcLo));
        e.dstRole = matrix.roleName(matrix.rolesOf(e.dstHi, e.dstLo));
        int from = c * 2 + silentDir;
        int to = c * 2 + heard;
        long fr = matrix.rolesOf(calls.mediaHi[from], calls.mediaLo[from]);
        long tr = matrix.rolesOf(calls.mediaHi[to], calls.mediaLo[to]);
        int r = matrix.match(17, fr, calls.mediaPort[from], tr, calls.mediaPort[to]);
        e.rule = r >= 0 ? matrix.rule(r).id() : null;
        e.fields.put("callId", e.key)
                .put("silentSrc", IpAddresses.format(calls.mediaHi[from], calls.mediaLo[from]))
                .put("silentSport", calls.mediaPort[from])
                .put("silentDst", IpAddresses.format(calls.mediaHi[to], calls.mediaLo[to]))
                .put("silentDport", calls.mediaPort[to])
                .put("silentFrom", silentDir == CallTable.CALLER ? "caller" : "callee")
                .put("heardPackets", calls.windowPackets[h])
                .put("graceMs", graceNs / 1_000_000L)
                .put("sinceAnswerMs", (nowNs - calls.windowStartNs[c]) / 1_000_000L);
        emitter.commit();
    }

    void noAudio(int c, long nowNs) {
        int a = c * 2;
        int b = a + 1;
        MonitorEvent e = begin(c, EventType.NO_AUDIO, Severity.CRITICAL, nowNs);
        flowMembers(e, 17, calls.mediaHi[a], calls.mediaLo[a], calls.mediaPort[a], calls.mediaHi[b], calls.mediaLo[b],
                calls.mediaPort[b]);
        e.fields.put("callId", e.key).put("graceMs", graceNs / 1_000_000L)
                .put("sinceAnswerMs", (nowNs - calls.windowStartNs[c]) / 1_000_000L);
        emitter.commit();
    }

    /** The negotiated media pair (caller side to callee side) matches no rule although media is documented. */
    void outsideRangeSdp(int c, long nowNs, int announcedBy) {
        int a = c * 2;
        int b = a + 1;
        MonitorEvent e = begin(c, EventType.WRONG_PORT_MEDIA, Severity.WARNING, nowNs);
        flowMembers(e, 17, calls.mediaHi[a], calls.mediaLo[a], calls.mediaPort[a], calls.mediaHi[b], calls.mediaLo[b],
                calls.mediaPort[b]);
        e.reason = "outside_permitted_range";
        e.fields.put("callId", e.key).put("source", "sdp")
                .put("announcedBy", announcedBy == CallTable.CALLER ? "caller" : "callee");
        emitter.commit();
    }

    /** An RTP stream of the call on a flow no rule permits although media is documented between the roles. */
    void outsideRangeRtp(int c, int s, long nowNs) {
        MonitorEvent e = begin(c, EventType.WRONG_PORT_MEDIA, Severity.WARNING, nowNs);
        flowMembers(e, 17, streams.srcHi[s], streams.srcLo[s], streams.srcPort[s], streams.dstHi[s],
                streams.dstLo[s], streams.dstPort[s]);
        e.reason = "outside_permitted_range";
        e.fields.put("callId", e.key).put("source", "rtp");
        emitter.commit();
    }

    /** RTP of the call from or to an endpoint other than the negotiated one. */
    void sdpMismatch(int c, int s, int expectedSide, long nowNs, String what) {
        int x = c * 2 + expectedSide;
        MonitorEvent e = begin(c, EventType.WRONG_PORT_MEDIA, Severity.WARNING, nowNs);
        flowMembers(e, 17, streams.srcHi[s], streams.srcLo[s], streams.srcPort[s], streams.dstHi[s],
                streams.dstLo[s], streams.dstPort[s]);
        e.reason = "sdp_mismatch";
        e.fields.put("callId", e.key).put("mismatch", what)
                .put("negotiatedAddress", IpAddresses.format(calls.mediaHi[x], calls.mediaLo[x]))
                .put("negotiatedPort", calls.mediaPort[x]);
        emitter.commit();
    }

    /**
     * A request sent {@code transmissions} times that drew no response at all. Reported on its flow (initiator as
     * src, like every blocked_flow), once per flow.
     */
    void sipUnanswered(SipTransactionTable t, int x, long nowNs) {
        FlowTable ft = flows.table();
        int slot = ft.find(t.proto[x], t.srcHi[x], t.srcLo[x], t.srcPort[x], t.dstHi[x], t.dstLo[x], t.dstPort[x]);
        if (slot >= 0) {
            if ((ft.flags[slot] & FlowTable.F_REPORTED) != 0) {
                return;
            }
            ft.flags[slot] |= FlowTable.F_REPORTED;
        }
        MonitorEvent e = emitter.begin();
        e.type = EventType.BLOCKED_FLOW;
        e.reason = "sip_unanswered";
        e.timeNs = nowNs;
        e.key = new String(t.callId, x * CallTable.MAX_CALL_ID_BYTES, t.callIdLen[x], StandardCharsets.ISO_8859_1);
        int rule;
        if (slot >= 0) {
            e.proto = Transport.name(ft.proto(slot));
            e.flow(ft.initHi(slot), ft.initLo(slot), ft.initPort(slot), ft.respHi(slot), ft.respLo(slot),
                    ft.respPort(slot));
            e.srcRole = matrix.roleName(ft.initRoles[slot]);
            e.dstRole = matrix.roleName(ft.respRoles[slot]);
            rule = ft.rule[slot];
            flows.coverage().blocked[flows.coverage().row(rule)]++;
        } else {
            flowMembers(e, t.proto[x], t.srcHi[x], t.srcLo[x], t.srcPort[x], t.dstHi[x], t.dstLo[x], t.dstPort[x]);
            rule = e.rule == null ? FlowMatrix.NO_RULE : matrix.ruleIndex(e.rule);
        }
        e.rule = rule >= 0 ? matrix.rule(rule).id() : null;
        e.severity = rule >= 0 ? Severity.CRITICAL : Severity.INFO;
        e.fields.put("app", "sip").put("callId", e.key)
                .put("method", org.voipwatch.analyzer.protocol.sip.SipMethod.name(t.method[x]))
                .put("transmissions", t.transmissions[x])
                .put("silentForMs", (nowNs - t.firstNs[x]) / 1_000_000L);
        emitter.commit();
    }

    /** The call's summary at its end; severity warning for the media verdicts. */
    void summary(int c, long nowNs, int verdict, String endReason) {
        String sev = verdict == CallVerdict.ONE_WAY_AUDIO || verdict == CallVerdict.NO_AUDIO
                ? Severity.WARNING : Severity.INFO;
        MonitorEvent e = begin(c, EventType.CALL_SUMMARY, sev, nowNs);
        int a = c * 2;
        int b = a + 1;
        int proto = calls.proto[c];
        flowMembers(e, proto, calls.sipHi[a], calls.sipLo[a], calls.sipPort[a], calls.sipHi[b], calls.sipLo[b],
                calls.sipPort[b]);
        e.reason = null;
        e.fields.put("callId", e.key)
                .put("callerUser", user(c, CallTable.CALLER))
                .put("calleeUser", user(c, CallTable.CALLEE))
                .put("transport", Transport.name(proto))
                .put("verdict", CallVerdict.name(verdict))
                .put("endReason", endReason)
                .put("finalStatus", calls.finalStatus[c]);
        long inv = calls.inviteNs[c];
        putMs(e, "setupMs", calls.finalNs[c] != 0 ? calls.finalNs[c] - inv : -1);
        putMs(e, "postDialDelayMs", calls.provisionalNs[c] != 0 ? calls.provisionalNs[c] - inv : -1);
        putMs(e, "durationMs", calls.answeredNs[c] != 0 ? nowNs - calls.answeredNs[c] : -1);
        collectMedia(c);
        e.fields.putRaw("callerToCallee", mediaJson(CallTable.CALLER));
        e.fields.putRaw("calleeToCaller", mediaJson(CallTable.CALLEE));
        emitter.commit();
    }

    private static void putMs(MonitorEvent e, String name, long ns) {
        if (ns < 0) {
            e.fields.put(name, (CharSequence) null);
        } else {
            e.fields.put(name, ns / 1_000_000L);
        }
    }

    // per-direction sums over a call's streams, filled by collectMedia (index: sending side)
    private final long[] mediaPackets = new long[2];
    private final long[] mediaLost = new long[2];
    private final long[] mediaExpected = new long[2];
    private final int[] mediaStreams = new int[2];
    private final int[] mediaMain = new int[2];

    /**
     * The streams of each call as lists through {@link #nextStreamOfCall} (ascending stream numbers), valid while
     * the stream table's {@link RtpStreamTable#linkVersion()} equals {@link #groupedVersion}. Summing a call's media
     * used to walk every stream: at the end of a capture, where every remaining call is summarised with no link
     * changing in between, that was calls × streams (2,000 calls of the benchmark site: 110 ms); now one walk serves
     * them all. A call ending in live traffic, after links changed, costs one walk as before.
     */
    private final int[] firstStreamOfCall;
    private final int[] nextStreamOfCall;
    private long groupedVersion = -1;

    private void groupStreamsByCall() {
        java.util.Arrays.fill(firstStreamOfCall, -1);
        RtpStreamTable t = streams;
        for (int s = t.highWater() - 1; s >= 0; s--) { // backwards, so that each list comes out in ascending order
            int c = t.used[s] ? t.call(s) : -1;
            if (c >= 0) {
                nextStreamOfCall[s] = firstStreamOfCall[c];
                firstStreamOfCall[c] = s;
            }
        }
        groupedVersion = t.linkVersion();
    }

    /** Sums the call's streams per sending side; the busiest stream of a side is its main one. */
    private void collectMedia(int c) {
        for (int side = 0; side < 2; side++) {
            mediaPackets[side] = 0;
            mediaLost[side] = 0;
            mediaExpected[side] = 0;
            mediaStreams[side] = 0;
            mediaMain[side] = -1;
        }
        RtpStreamTable t = streams;
        if (groupedVersion != t.linkVersion()) {
            groupStreamsByCall();
        }
        int gen = calls.gen[c];
        for (int s = firstStreamOfCall[c]; s >= 0; s = nextStreamOfCall[s]) {
            if (t.callGen(s) == gen) {
                int side = t.dir(s);
                if (side != CallTable.CALLER && side != CallTable.CALLEE) {
                    continue;
                }
                RtpStreamStats st = t.stats[s];
                mediaPackets[side] += st.packets();
                mediaLost[side] += Math.max(0, st.lost());
                mediaExpected[side] += st.expected();
                mediaStreams[side]++;
                int main = mediaMain[side];
                if (main < 0 || st.packets() > t.stats[main].packets()) {
                    mediaMain[side] = s;
                }
            }
        }
    }

    /**
     * Media figures of one direction of the call last passed to {@link #collectMedia}; the busiest stream gives jitter
     * and codec.
     */
    private String mediaJson(int senderSide) {
        long packets = mediaPackets[senderSide];
        long lost = mediaLost[senderSide];
        long expected = mediaExpected[senderSide];
        int main = mediaMain[senderSide];
        int n = mediaStreams[senderSide];
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"streams\":").append(n).append(",\"packets\":").append(packets).append(",\"lost\":").append(lost);
        if (main >= 0) {
            RtpStreamStats st = streams.stats[main];
            double lossPct = expected > 0 ? 100.0 * lost / expected : 0;
            double jitter = st.meanJitterMs();
            double mos = Mos.estimate(streams.codec[main], lossPct, jitter);
            quality.record(senderSide, lossPct, jitter, mos); // once per call end and direction, not per packet
            sb.append(",\"lossPercent\":").append(round(lossPct))
                    .append(",\"jitterMs\":").append(round(jitter))
                    .append(",\"maxJitterMs\":").append(round(st.maxJitterMs()))
                    .append(",\"maxDeltaMs\":").append(round(st.maxDeltaNs() / 1e6))
                    .append(",\"mos\":").append(round(mos));
        }
        return sb.append('}').toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private String user(int c, int side) {
        int s = c * 2 + side;
        int n = calls.userLen[s];
        if (n == 0) {
            return null;
        }
        if (!hashUsers) {
            return new String(calls.userBytes, s * CallTable.MAX_USER_BYTES, n, StandardCharsets.ISO_8859_1);
        }
        try {
            if (sha256 == null) {
                sha256 = MessageDigest.getInstance("SHA-256");
            }
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JRE", ex);
        }
        sha256.reset();
        sha256.update(calls.userBytes, s * CallTable.MAX_USER_BYTES, n);
        byte[] d = sha256.digest();
        char[] out = new char[16]; // 64 bits: enough to correlate, too short to be a dictionary key
        for (int i = 0; i < 8; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(out);
    }
}

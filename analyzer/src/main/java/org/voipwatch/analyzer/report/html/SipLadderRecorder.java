package org.voipwatch.analyzer.report.html;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.pipeline.PacketAnalyzer;
import org.voipwatch.analyzer.protocol.sip.SipMessage;
import org.voipwatch.analyzer.protocol.sip.SipMethod;
import org.voipwatch.analyzer.protocol.sip.SipStatus;

/**
 * Records the SIP messages of the first {@link #MAX_CALLS_DEFAULT} INVITE dialogs (by Call-ID) for the HTML
 * report's ladder diagrams: time, addresses, first line, a retransmission flag and the SDP body (capped).
 * Only INVITE dialogs take a slot: OPTIONS pings and REGISTERs each have their own Call-ID and would otherwise
 * fill the table on a real capture; they are counted by method instead.
 *
 * <p>Registered by {@code Analyzers} only when a report is requested ({@code AnalyzerConfig.recordSipLadder}).
 * Owned by the analyzer thread while the pipeline runs; read by the report writer after the run. It allocates
 * for recorded messages only (bounded: calls × messages); other SIP packets cost a wrap and a hash lookup.
 * Datagrams and TCP segments that start with a whole SIP message are read; SIP split across TCP segments is not
 * reassembled here (the report says so).
 */
public final class SipLadderRecorder implements PacketAnalyzer {
    public static final int MAX_CALLS_DEFAULT = 500;
    public static final int MAX_MESSAGES_DEFAULT = 200;
    public static final int MAX_SDP_CHARS = 4096;
    public static final int MAX_FIRST_LINE_CHARS = 300;
    /** Distinct unrecorded Call-IDs are counted exactly up to this many, then as "at least". */
    private static final int SKIPPED_SET_CAPACITY = 1 << 16;

    private final FlowMatrix matrix;
    private final int maxCalls;
    private final int maxMessages;
    private final SipMessage sip = new SipMessage();
    private final List<LadderCall> calls = new ArrayList<>();
    /** Open addressing: Call-ID hash → index into calls + 1 (0 = empty). */
    private final long[] indexKeys;
    private final int[] indexValues;
    private final long[] skipped = new long[SKIPPED_SET_CAPACITY];
    private int skippedCalls;
    private boolean skippedSetFull;
    private long messagesDropped;
    private long sipMessages;
    private long sipMalformed;
    private final long[] otherMethods = new long[SipMethod.COUNT];
    private long recordedMessages;
    private int lastRecordedCall = -1;

    public SipLadderRecorder(FlowMatrix matrix) {
        this(matrix, MAX_CALLS_DEFAULT, MAX_MESSAGES_DEFAULT);
    }

    public SipLadderRecorder(FlowMatrix matrix, int maxCalls, int maxMessages) {
        this.matrix = matrix;
        this.maxCalls = maxCalls;
        this.maxMessages = maxMessages;
        int cap = Integer.highestOneBit(Math.max(16, maxCalls * 4 - 1)) << 1;
        this.indexKeys = new long[cap];
        this.indexValues = new int[cap];
    }

    @Override
    public void onPacket(DecodedPacket p, int protocolClass, int flowSlot, boolean fromInitiator) {
        if (protocolClass != ProtocolClass.SIP || p.payloadLength <= 0) {
            return;
        }
        int st = p.ipProtocol == 6 ? sip.wrapStream(p.buffer, p.payloadOffset, p.payloadLength)
                : sip.wrap(p.buffer, p.payloadOffset, p.payloadLength);
        if (st != SipStatus.OK) {
            if (st >= SipStatus.FIRST_MALFORMED) {
                sipMalformed++;
            }
            return;
        }
        sipMessages++;
        long h = sip.callIdHash();
        if (h == 0) {
            return;
        }
        int idx = find(h);
        if (idx < 0) {
            if (sip.cseqMethod() != SipMethod.INVITE) {
                int m = sip.cseqMethod();
                otherMethods[m >= 0 && m < otherMethods.length ? m : 0]++;
                return;
            }
            if (calls.size() >= maxCalls) {
                countSkipped(h);
                return;
            }
            idx = open(h, p.timestampNs);
        }
        LadderCall c = calls.get(idx);
        if (c.messages.size() >= maxMessages) {
            c.messagesDropped++;
            messagesDropped++;
            return;
        }
        c.add(record(p, c));
        recordedMessages++;
        lastRecordedCall = idx;
    }

    private LadderMessage record(DecodedPacket p, LadderCall c) {
        byte[] b = sip.buffer();
        int lineStart = sip.offset();
        int lineEnd = lineStart;
        int limit = lineStart + Math.min(sip.messageLength(), MAX_FIRST_LINE_CHARS);
        while (lineEnd < limit && b[lineEnd] != '\r' && b[lineEnd] != '\n') {
            lineEnd++;
        }
        String firstLine = new String(b, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
        String sdp = null;
        if (sip.bodyLength() > 0 && sip.isSdp()) {
            int n = Math.min(sip.bodyLength(), MAX_SDP_CHARS);
            sdp = new String(b, sip.bodyOffset(), n, StandardCharsets.UTF_8);
            if (n < sip.bodyLength()) {
                sdp += "\n[... " + (sip.bodyLength() - n) + " more bytes not kept]";
            }
        }
        long key = SipMessage.hash(b, lineStart, lineEnd - lineStart);
        key = key * 31 + sip.cseqNumber();
        key = key * 31 + sip.cseqMethod();
        if (sip.viaBranchOffset() >= 0) {
            key = key * 31 + SipMessage.hash(b, sip.viaBranchOffset(), sip.viaBranchLength());
        }
        key = key * 31 + p.srcLo * 17 + p.srcPort;
        key = key * 31 + p.dstLo * 17 + p.dstPort;
        boolean retransmission = c.seen(key);
        return new LadderMessage(p.timestampNs, p.ipProtocol, p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo,
                p.dstPort, roleOf(p.srcHi, p.srcLo), roleOf(p.dstHi, p.dstLo), firstLine, sip.isRequest(),
                sip.isRequest() ? 0 : sip.statusCode(), sip.cseqMethod(), retransmission, sdp, key);
    }

    private String roleOf(long hi, long lo) {
        return matrix == null ? "other" : matrix.roleName(matrix.rolesOf(hi, lo));
    }

    private int open(long h, long nowNs) {
        byte[] b = sip.buffer();
        String callId = new String(b, sip.callIdOffset(), Math.min(sip.callIdLength(), 256), StandardCharsets.UTF_8);
        String from = sip.fromUserOffset() < 0 ? null
                : new String(b, sip.fromUserOffset(), Math.min(sip.fromUserLength(), 128), StandardCharsets.UTF_8);
        String to = sip.toUserOffset() < 0 ? null
                : new String(b, sip.toUserOffset(), Math.min(sip.toUserLength(), 128), StandardCharsets.UTF_8);
        calls.add(new LadderCall(callId, from, to, nowNs));
        int idx = calls.size() - 1;
        int mask = indexKeys.length - 1;
        int i = (int) mix(h) & mask;
        while (indexValues[i] != 0) {
            i = (i + 1) & mask;
        }
        indexKeys[i] = h;
        indexValues[i] = idx + 1;
        return idx;
    }

    private int find(long h) {
        int mask = indexKeys.length - 1;
        int i = (int) mix(h) & mask;
        while (indexValues[i] != 0) {
            if (indexKeys[i] == h) {
                return indexValues[i] - 1;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private void countSkipped(long h) {
        if (skippedSetFull) {
            return;
        }
        int mask = skipped.length - 1;
        int i = (int) mix(h) & mask;
        long k = h == 0 ? 1 : h;
        while (skipped[i] != 0) {
            if (skipped[i] == k) {
                return;
            }
            i = (i + 1) & mask;
        }
        skipped[i] = k;
        skippedCalls++;
        // keep the table at most half full so probes stay short
        skippedSetFull = skippedCalls >= skipped.length / 2;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public void onTime(long nowNs) {
    }

    @Override
    public void onEnd(long nowNs) {
    }

    /** The recorded INVITE dialogs, in order of their first message. */
    public List<LadderCall> calls() {
        return Collections.unmodifiableList(calls);
    }

    /** Messages recorded so far; a later analyzer sees it grow by one when this packet was recorded. */
    public long recordedMessages() {
        return recordedMessages;
    }

    /** Index into {@link #calls()} of the call the last recorded message belongs to, or -1. */
    public int lastRecordedCall() {
        return lastRecordedCall;
    }

    public int maxCalls() {
        return maxCalls;
    }

    public int maxMessages() {
        return maxMessages;
    }

    /** INVITE dialogs seen after the table was full (exact below 32,768, else a lower bound). */
    public int callsNotRecorded() {
        return skippedCalls;
    }

    public boolean callsNotRecordedIsLowerBound() {
        return skippedSetFull;
    }

    /** Messages of recorded calls beyond the per-call limit. */
    public long messagesDropped() {
        return messagesDropped;
    }

    /** Whole SIP messages read (any method). */
    public long sipMessages() {
        return sipMessages;
    }

    public long sipMalformed() {
        return sipMalformed;
    }

    /** Messages outside INVITE dialogs, by {@link SipMethod} code of their CSeq method. */
    public long otherMethodMessages(int sipMethod) {
        return otherMethods[sipMethod];
    }

    /** One recorded INVITE dialog. */
    public static final class LadderCall {
        public final String callId;
        /** User part of From / To of the first message recorded, or null. */
        public final String fromUser;
        public final String toUser;
        public final long firstNs;
        public final List<LadderMessage> messages = new ArrayList<>();
        public long messagesDropped;

        LadderCall(String callId, String fromUser, String toUser, long firstNs) {
            this.callId = callId;
            this.fromUser = fromUser;
            this.toUser = toUser;
            this.firstNs = firstNs;
        }

        void add(LadderMessage m) {
            messages.add(m);
        }

        boolean seen(long key) {
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).key == key) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One recorded SIP message. */
    public static final class LadderMessage {
        public final long timeNs;
        public final int ipProtocol;
        public final long srcHi;
        public final long srcLo;
        public final int srcPort;
        public final long dstHi;
        public final long dstLo;
        public final int dstPort;
        public final String srcRole;
        public final String dstRole;
        public final String firstLine;
        public final boolean request;
        /** Response status code, 0 for requests. */
        public final int statusCode;
        /** {@link SipMethod} code of the CSeq method. */
        public final int cseqMethod;
        /** Same first line, CSeq, Via branch and direction as an earlier message of this call. */
        public final boolean retransmission;
        /** SDP body (capped at {@link #MAX_SDP_CHARS}), or null. */
        public final String sdp;
        final long key;

        LadderMessage(long timeNs, int ipProtocol, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo,
                      int dstPort, String srcRole, String dstRole, String firstLine, boolean request, int statusCode,
                      int cseqMethod, boolean retransmission, String sdp, long key) {
            this.timeNs = timeNs;
            this.ipProtocol = ipProtocol;
            this.srcHi = srcHi;
            this.srcLo = srcLo;
            this.srcPort = srcPort;
            this.dstHi = dstHi;
            this.dstLo = dstLo;
            this.dstPort = dstPort;
            this.srcRole = srcRole;
            this.dstRole = dstRole;
            this.firstLine = firstLine;
            this.request = request;
            this.statusCode = statusCode;
            this.cseqMethod = cseqMethod;
            this.retransmission = retransmission;
            this.sdp = sdp;
            this.key = key;
        }
    }
}

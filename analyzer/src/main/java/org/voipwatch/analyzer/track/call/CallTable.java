package org.voipwatch.analyzer.track.call;

import java.util.Arrays;

/**
 * The bounded call table: one entry per SIP dialog set (Call-ID), pooled in primitive arrays and found through a
 * {@link LongIndex} on the Call-ID's FNV-1a hash (the Call-ID bytes are kept, up to {@link #MAX_CALL_ID_BYTES}, to
 * confirm a hit and to name the call in events). Per call: SIP endpoints and tags, transaction times, and per side
 * ({@link #CALLER}, {@link #CALLEE}; arrays indexed {@code call * 2 + side}) the media that side announced in its
 * latest SDP. Per media direction (indexed {@code call * 2 + senderSide}: 0 = caller to callee, 1 = callee to caller)
 * the RTP packets seen and the last heard stream.
 *
 * <p>Entries are freed by the call detector (BYE/failure linger, media inactivity, maximum age); a full table
 * refuses new calls (counted by the caller). A generation number per entry lets RTP streams hold a call link that
 * goes stale when the entry is reused. Owned by the analyzer thread.
 */
public final class CallTable {
    public static final int CALLER = 0;
    public static final int CALLEE = 1;
    public static final int MAX_CALL_ID_BYTES = 128;
    public static final int MAX_USER_BYTES = 64;
    /** ICE candidates remembered per side as extra media endpoints. */
    public static final int MAX_CANDIDATES = 4;
    /** Payload types remembered per side (rtpmap clock rates). */
    public static final int MAX_PAYLOAD_TYPES = 8;

    // call states
    public static final int FREE = 0;
    /** INVITE seen, no provisional or final response yet. */
    public static final int TRYING = 1;
    /** A provisional response (1xx) seen. */
    public static final int EARLY = 2;
    public static final int ANSWERED = 3;
    /** Final 401/407 to the INVITE: the caller usually repeats it with credentials under the same Call-ID. */
    public static final int CHALLENGED = 4;
    /** Ended (BYE, failure, CANCEL, expiry): summary emitted, the entry lingers to absorb retransmissions. */
    public static final int ENDED = 5;

    // flags
    public static final int F_RANGE_REPORTED = 1;
    public static final int F_MISMATCH_REPORTED = 2;
    public static final int F_CANCELLED = 4;
    public static final int F_NO_AUDIO_REPORTED = 8;
    public static final int F_ONE_WAY_0 = 16;
    public static final int F_ONE_WAY_1 = 32;
    public static final int F_BYE = 64;

    private final int capacity;
    private final LongIndex index;
    private final int[] nextFree;
    private int freeHead;
    private int size;
    private int highWater;

    public final int[] state;
    public final int[] gen;
    public final int[] flags;
    public final long[] idHash;
    public final byte[] idBytes;
    public final int[] idLen;
    public final long[] callerTag;
    public final long[] calleeTag;
    /** User parts (From user for the caller, To user for the callee): [call*2+side] * MAX_USER_BYTES. */
    public final byte[] userBytes;
    public final int[] userLen;
    /** SIP signalling address of each side (the INVITE's sender and receiver). */
    public final long[] sipHi;
    public final long[] sipLo;
    public final int[] sipPort;
    public final int[] proto;
    public final long[] createdNs;
    public final long[] inviteNs;
    public final long[] provisionalNs;
    public final long[] finalNs;
    public final long[] answeredNs;
    public final long[] endNs;
    public final long[] lastActivityNs;
    public final int[] finalStatus;
    /**
     * CSeq of the latest INVITE sent by each side [call*2+side] (each UA numbers its own requests, RFC 3261
     * §12.2.1.1), -1 before.
     */
    public final int[] inviteCseq;
    /** CSeq of the INVITE whose 2xx was last seen, per requesting side [call*2+side], -1 before. */
    public final int[] answeredCseq;
    /** Whether the latest INVITE carried SDP (else a 2xx SDP is a late offer answered in the ACK). */
    public final boolean[] inviteHadSdp;

    // media per side [call*2+side]
    public final boolean[] hasSdp;
    /** The side announced an RTP media section with a numeric address and a non-zero port. */
    public final boolean[] mediaActive;
    public final long[] mediaHi;
    public final long[] mediaLo;
    public final int[] mediaPort;
    public final int[] direction;
    public final boolean[] zeroAddress;
    public final int[] ptCount;
    public final int[] ptNumber;
    public final int[] ptClock;
    public final int[] ptCodec;
    public final int[] candCount;
    public final long[] candHi;
    public final long[] candLo;
    public final int[] candPort;
    /** Side whose offer awaits an answer, or -1. */
    public final int[] offerSide;

    // evaluation window per negotiated answer
    public final long[] windowStartNs;
    /** Packet time at which the media expectation is judged; Long.MAX_VALUE when nothing is pending. */
    public final long[] deadlineNs;
    // per direction [call*2+senderSide]
    public final long[] windowPackets;
    public final long[] totalPackets;
    public final long[] heardSrcHi;
    public final long[] heardSrcLo;
    public final int[] heardSrcPort;
    public final long[] heardDstHi;
    public final long[] heardDstLo;
    public final int[] heardDstPort;
    /**
     * The RTP stream entry the heard* fields were last copied from, or -1: most packets of a direction come from
     * the same stream, and comparing one int spares six stores to six arrays per RTP packet.
     */
    public final int[] heardStream;

    public CallTable(int capacity) {
        this.capacity = capacity;
        index = new LongIndex(capacity);
        nextFree = new int[capacity];
        state = new int[capacity];
        gen = new int[capacity];
        flags = new int[capacity];
        idHash = new long[capacity];
        idBytes = new byte[capacity * MAX_CALL_ID_BYTES];
        idLen = new int[capacity];
        callerTag = new long[capacity];
        calleeTag = new long[capacity];
        userBytes = new byte[capacity * 2 * MAX_USER_BYTES];
        userLen = new int[capacity * 2];
        sipHi = new long[capacity * 2];
        sipLo = new long[capacity * 2];
        sipPort = new int[capacity * 2];
        proto = new int[capacity];
        createdNs = new long[capacity];
        inviteNs = new long[capacity];
        provisionalNs = new long[capacity];
        finalNs = new long[capacity];
        answeredNs = new long[capacity];
        endNs = new long[capacity];
        lastActivityNs = new long[capacity];
        finalStatus = new int[capacity];
        inviteCseq = new int[capacity * 2];
        answeredCseq = new int[capacity * 2];
        inviteHadSdp = new boolean[capacity];
        hasSdp = new boolean[capacity * 2];
        mediaActive = new boolean[capacity * 2];
        mediaHi = new long[capacity * 2];
        mediaLo = new long[capacity * 2];
        mediaPort = new int[capacity * 2];
        direction = new int[capacity * 2];
        zeroAddress = new boolean[capacity * 2];
        ptCount = new int[capacity * 2];
        ptNumber = new int[capacity * 2 * MAX_PAYLOAD_TYPES];
        ptClock = new int[capacity * 2 * MAX_PAYLOAD_TYPES];
        ptCodec = new int[capacity * 2 * MAX_PAYLOAD_TYPES];
        candCount = new int[capacity * 2];
        candHi = new long[capacity * 2 * MAX_CANDIDATES];
        candLo = new long[capacity * 2 * MAX_CANDIDATES];
        candPort = new int[capacity * 2 * MAX_CANDIDATES];
        offerSide = new int[capacity];
        windowStartNs = new long[capacity];
        deadlineNs = new long[capacity];
        windowPackets = new long[capacity * 2];
        totalPackets = new long[capacity * 2];
        heardSrcHi = new long[capacity * 2];
        heardSrcLo = new long[capacity * 2];
        heardSrcPort = new int[capacity * 2];
        heardDstHi = new long[capacity * 2];
        heardDstLo = new long[capacity * 2];
        heardDstPort = new int[capacity * 2];
        heardStream = new int[capacity * 2];
        for (int i = 0; i < capacity; i++) {
            nextFree[i] = i + 1 < capacity ? i + 1 : -1;
        }
        freeHead = 0;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    /** One past the highest entry ever used: sweeps visit [0, highWater). */
    public int highWater() {
        return highWater;
    }

    public boolean isUsed(int call) {
        return state[call] != FREE;
    }

    private static final int IN_PROGRESS = 1 << TRYING | 1 << EARLY | 1 << ANSWERED | 1 << CHALLENGED;

    /**
     * True while a stream's link (call, generation) still names the same call and that call has not ended
     * ({@link #TRYING} to {@link #CHALLENGED}): media belongs to it. Per RTP packet, so kept under C1's inlining limit
     * (a bit test of the state instead of two comparisons).
     */
    public boolean inProgress(int call, int generation) {
        return call >= 0 && gen[call] == generation && (IN_PROGRESS >>> state[call] & 1) != 0;
    }

    /** The call whose Call-ID is {@code b[off, off+len)} (hash {@code h}), or -1. */
    public int find(long h, byte[] b, int off, int len) {
        int n = Math.min(len, MAX_CALL_ID_BYTES);
        for (int pos = index.start(h); index.entryAt(pos) >= 0; pos = index.nextPos(pos)) {
            int c = index.entryAt(pos);
            if (index.hashAt(pos) == h && idLen[c] == n
                    && Arrays.equals(idBytes, c * MAX_CALL_ID_BYTES, c * MAX_CALL_ID_BYTES + n, b, off, off + n)) {
                return c;
            }
        }
        return -1;
    }

    /** A new call for this Call-ID, every member reset; -1 when the table is full. */
    public int create(long h, byte[] b, int off, int len, long nowNs) {
        if (freeHead < 0) {
            return -1;
        }
        int c = freeHead;
        freeHead = nextFree[c];
        size++;
        highWater = Math.max(highWater, c + 1);
        int n = Math.min(len, MAX_CALL_ID_BYTES);
        System.arraycopy(b, off, idBytes, c * MAX_CALL_ID_BYTES, n);
        idLen[c] = n;
        idHash[c] = h;
        index.insert(h, c);
        state[c] = TRYING;
        flags[c] = 0;
        callerTag[c] = 0;
        calleeTag[c] = 0;
        proto[c] = 0;
        createdNs[c] = nowNs;
        inviteNs[c] = nowNs;
        provisionalNs[c] = 0;
        finalNs[c] = 0;
        answeredNs[c] = 0;
        endNs[c] = 0;
        lastActivityNs[c] = nowNs;
        finalStatus[c] = 0;
        inviteHadSdp[c] = false;
        offerSide[c] = -1;
        windowStartNs[c] = 0;
        deadlineNs[c] = Long.MAX_VALUE;
        for (int s = c * 2; s < c * 2 + 2; s++) {
            userLen[s] = 0;
            sipHi[s] = 0;
            sipLo[s] = 0;
            sipPort[s] = 0;
            hasSdp[s] = false;
            mediaActive[s] = false;
            mediaHi[s] = 0;
            mediaLo[s] = 0;
            mediaPort[s] = 0;
            direction[s] = 0;
            zeroAddress[s] = false;
            ptCount[s] = 0;
            candCount[s] = 0;
            windowPackets[s] = 0;
            totalPackets[s] = 0;
            heardSrcPort[s] = -1;
            heardStream[s] = -1;
            inviteCseq[s] = -1;
            answeredCseq[s] = -1;
        }
        return c;
    }

    /** Releases a call; its generation changes so stale stream links are recognised. */
    public void free(int c) {
        if (state[c] == FREE) {
            return;
        }
        index.remove(idHash[c], c);
        state[c] = FREE;
        gen[c]++;
        nextFree[c] = freeHead;
        freeHead = c;
        size--;
    }

    /** Copies a user part (truncated to {@link #MAX_USER_BYTES}) for a side. */
    public void setUser(int c, int side, byte[] b, int off, int len) {
        int n = off < 0 ? 0 : Math.min(len, MAX_USER_BYTES);
        int slot = c * 2 + side;
        if (n > 0) {
            System.arraycopy(b, off, userBytes, slot * MAX_USER_BYTES, n);
        }
        userLen[slot] = n;
    }

    /** Clock rate for a payload type as announced by a side (rtpmap or static), or -1 when unknown there. */
    public int clockRate(int c, int side, int pt) {
        int s = c * 2 + side;
        for (int i = 0; i < ptCount[s]; i++) {
            if (ptNumber[s * MAX_PAYLOAD_TYPES + i] == pt) {
                return ptClock[s * MAX_PAYLOAD_TYPES + i];
            }
        }
        return -1;
    }

    public int codec(int c, int side, int pt) {
        int s = c * 2 + side;
        for (int i = 0; i < ptCount[s]; i++) {
            if (ptNumber[s * MAX_PAYLOAD_TYPES + i] == pt) {
                return ptCodec[s * MAX_PAYLOAD_TYPES + i];
            }
        }
        return -1;
    }
}

package org.voipwatch.analyzer.track.call;

import org.voipwatch.analyzer.protocol.rtp.RtpStreamStats;

/**
 * RTP streams keyed by (source address and port, destination address and port, SSRC), pooled in primitive arrays
 * with one preallocated {@link RtpStreamStats} per entry, found through a {@link LongIndex}. A stream is
 * <em>confirmed</em> when SDP announced its destination (it belongs to a call) or, without signalling, when it
 * passed the heuristic (several packets of version 2, one SSRC, consecutive sequence numbers); unconfirmed entries
 * are candidates that the detector expires quickly. A full pool refuses new streams (counted in {@link #full()}).
 *
 * <p>The key is also kept packed, one 64-byte line per entry ({@link #matches}): a lookup runs for every RTP
 * packet, and comparing the key through the seven public per-field arrays cost a cache miss per array (measured
 * with benchmarks' StageLadder; the public arrays stay for the rarer readers). The same line holds what every RTP
 * packet reads or writes besides its statistics: the linked call and generation, the direction, the confirmation
 * and the last sequence number ({@link #call}, {@link #lastSeq}, ...), so a packet of a known stream touches one
 * line of this table instead of seven.
 * Owned by the analyzer thread.
 */
public final class RtpStreamTable {
    private final int capacity;
    private final LongIndex index;
    /** longs per entry in {@link #keys}: one cache line. */
    private static final int KEY_STRIDE = 8;
    /**
     * Packed entries, {@link #KEY_STRIDE} longs each: srcHi, srcLo, dstHi, dstLo, srcPort << 48 | dstPort << 32 |
     * ssrc, then {@link #W_STATE} (bit 0 used, bit 1 confirmed, bits 2-3 direction + 1, bits 32-63 last sequence
     * number or -1), {@link #W_LINK} (call << 32 | call generation) and {@link #W_IN_SEQUENCE}.
     */
    private final long[] keys;
    private static final int W_PORTS_SSRC = 4;
    private static final int W_STATE = 5;
    private static final int W_LINK = 6;
    private static final int W_IN_SEQUENCE = 7;
    private static final long USED = 1;
    private static final long CONFIRMED = 1 << 1;
    private static final int DIR_SHIFT = 2;
    private static final long DIR_MASK = 3L << DIR_SHIFT;
    private static final long LOW_32 = 0xffff_ffffL;
    private final int[] nextFree;
    private int freeHead;
    private int highWater;
    private long full;
    /** Changes whenever a stream is created, removed or (re)linked to a call: see {@link #linkVersion()}. */
    private long linkVersion;

    public final boolean[] used;
    public final long[] srcHi;
    public final long[] srcLo;
    public final int[] srcPort;
    public final long[] dstHi;
    public final long[] dstLo;
    public final int[] dstPort;
    public final int[] ssrc;
    public final RtpStreamStats[] stats;
    public final int[] payloadType;
    public final int[] codec;

    public RtpStreamTable(int capacity) {
        this.capacity = capacity;
        index = new LongIndex(capacity);
        keys = new long[capacity * KEY_STRIDE];
        nextFree = new int[capacity];
        used = new boolean[capacity];
        srcHi = new long[capacity];
        srcLo = new long[capacity];
        srcPort = new int[capacity];
        dstHi = new long[capacity];
        dstLo = new long[capacity];
        dstPort = new int[capacity];
        ssrc = new int[capacity];
        stats = new RtpStreamStats[capacity];
        payloadType = new int[capacity];
        codec = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            stats[i] = new RtpStreamStats();
            nextFree[i] = i + 1 < capacity ? i + 1 : -1;
        }
    }

    static long hash(long sh, long sl, int sp, long dh, long dl, int dp, int ssrc) {
        long h = sh * 0x9E3779B97F4A7C15L + sl;
        h = h * 0x9E3779B97F4A7C15L + dh;
        h = h * 0x9E3779B97F4A7C15L + dl;
        return h * 0x9E3779B97F4A7C15L + (((long) sp << 48) ^ ((long) dp << 32) ^ (ssrc & 0xffffffffL));
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return index.size();
    }

    public int highWater() {
        return highWater;
    }

    /**
     * A number that changes whenever the streams' links to calls may have changed (a stream created, removed or
     * linked), so that a grouping of streams by call built at one version stays valid while the number does not.
     */
    public long linkVersion() {
        return linkVersion;
    }

    /** Streams refused because the pool was full. */
    public long full() {
        return full;
    }

    private static long portsSsrc(int sp, int dp, int s) {
        return ((long) sp << 48) | ((long) dp << 32) | (s & 0xffffffffL);
    }

    public int find(long sh, long sl, int sp, long dh, long dl, int dp, int s) {
        long k = hash(sh, sl, sp, dh, dl, dp, s);
        for (int pos = index.start(k); index.entryAt(pos) >= 0; pos = index.nextPos(pos)) {
            int e = index.entryAt(pos);
            if (index.hashAt(pos) == k && matches(e, sh, sl, sp, dh, dl, dp, s)) {
                return e;
            }
        }
        return -1;
    }

    /**
     * Whether entry {@code e} is in use and has this key: lets a caller that remembers an entry (a per-flow cache)
     * check it with one cache line instead of a lookup.
     */
    public boolean matches(int e, long sh, long sl, int sp, long dh, long dl, int dp, int s) {
        int b = e * KEY_STRIDE;
        long[] k = keys;
        return (k[b + W_STATE] & USED) != 0 && k[b + W_PORTS_SSRC] == portsSsrc(sp, dp, s) && k[b + 1] == sl
                && k[b + 3] == dl && k[b] == sh && k[b + 2] == dh;
    }

    /** A new unlinked, unconfirmed stream with reset statistics; -1 when full. */
    public int create(long sh, long sl, int sp, long dh, long dl, int dp, int s) {
        if (freeHead < 0) {
            full++;
            return -1;
        }
        int e = freeHead;
        freeHead = nextFree[e];
        linkVersion++;
        highWater = Math.max(highWater, e + 1);
        used[e] = true;
        srcHi[e] = sh;
        srcLo[e] = sl;
        srcPort[e] = sp;
        dstHi[e] = dh;
        dstLo[e] = dl;
        dstPort[e] = dp;
        ssrc[e] = s;
        int b = e * KEY_STRIDE;
        keys[b] = sh;
        keys[b + 1] = sl;
        keys[b + 2] = dh;
        keys[b + 3] = dl;
        keys[b + W_PORTS_SSRC] = portsSsrc(sp, dp, s);
        keys[b + W_STATE] = USED | ((long) -1 << 32); // unconfirmed, no direction, no sequence number yet
        keys[b + W_LINK] = (long) -1 << 32; // no call
        keys[b + W_IN_SEQUENCE] = 0;
        stats[e].reset();
        stats[e].setClockRate(0);
        payloadType[e] = -1;
        codec[e] = 0;
        index.insert(hash(sh, sl, sp, dh, dl, dp, s), e);
        return e;
    }

    public void remove(int e) {
        if (!used[e]) {
            return;
        }
        index.remove(hash(srcHi[e], srcLo[e], srcPort[e], dstHi[e], dstLo[e], dstPort[e], ssrc[e]), e);
        used[e] = false;
        linkVersion++;
        keys[e * KEY_STRIDE + W_STATE] = 0;
        nextFree[e] = freeHead;
        freeHead = e;
    }

    // The per-packet state in the entry's line. Small methods: C1 inlines them.

    /** The linked call entry, or -1. */
    public int call(int e) {
        return (int) (keys[e * KEY_STRIDE + W_LINK] >> 32);
    }

    /** The generation of the linked call when it was linked (a reused call entry has another). */
    public int callGen(int e) {
        return (int) keys[e * KEY_STRIDE + W_LINK];
    }

    public void link(int e, int call, int callGen) {
        linkVersion++;
        keys[e * KEY_STRIDE + W_LINK] = ((long) call << 32) | (callGen & LOW_32);
    }

    /** Direction within the call: the sender side ({@link CallTable#CALLER} or {@link CallTable#CALLEE}), or -1. */
    public int dir(int e) {
        return (int) ((keys[e * KEY_STRIDE + W_STATE] & DIR_MASK) >> DIR_SHIFT) - 1;
    }

    public void setDir(int e, int dir) {
        int b = e * KEY_STRIDE + W_STATE;
        keys[b] = (keys[b] & ~DIR_MASK) | ((long) (dir + 1) << DIR_SHIFT);
    }

    public boolean confirmed(int e) {
        return (keys[e * KEY_STRIDE + W_STATE] & CONFIRMED) != 0;
    }

    public void setConfirmed(int e) {
        keys[e * KEY_STRIDE + W_STATE] |= CONFIRMED;
    }

    /** The last sequence number seen, or -1 before the first packet. */
    public int lastSeq(int e) {
        return (int) (keys[e * KEY_STRIDE + W_STATE] >> 32);
    }

    public void setLastSeq(int e, int seq) {
        int b = e * KEY_STRIDE + W_STATE;
        keys[b] = (keys[b] & LOW_32) | ((long) seq << 32);
    }

    /** Consecutive in-sequence packets seen (heuristic confirmation). */
    public int inSequence(int e) {
        return (int) keys[e * KEY_STRIDE + W_IN_SEQUENCE];
    }

    public void setInSequence(int e, int n) {
        keys[e * KEY_STRIDE + W_IN_SEQUENCE] = n;
    }
}

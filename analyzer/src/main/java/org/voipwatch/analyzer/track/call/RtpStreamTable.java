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
 * with benchmarks' StageLadder; the public arrays stay for the rarer readers).
 * Owned by the analyzer thread.
 */
public final class RtpStreamTable {
    private final int capacity;
    private final LongIndex index;
    /** longs per entry in {@link #keys}: one cache line. */
    private static final int KEY_STRIDE = 8;
    /** Packed keys: srcHi, srcLo, dstHi, dstLo, srcPort << 48 | dstPort << 32 | ssrc, 1 while used. */
    private final long[] keys;
    private final int[] nextFree;
    private int freeHead;
    private int highWater;
    private long full;

    public final boolean[] used;
    public final long[] srcHi;
    public final long[] srcLo;
    public final int[] srcPort;
    public final long[] dstHi;
    public final long[] dstLo;
    public final int[] dstPort;
    public final int[] ssrc;
    public final RtpStreamStats[] stats;
    /** Linked call entry and its generation, or -1. */
    public final int[] call;
    public final int[] callGen;
    /** Direction within the call: the sender side ({@link CallTable#CALLER} or {@link CallTable#CALLEE}). */
    public final int[] dir;
    public final boolean[] confirmed;
    /** Consecutive in-sequence packets seen (heuristic confirmation). */
    public final int[] inSequence;
    public final int[] lastSeq;
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
        call = new int[capacity];
        callGen = new int[capacity];
        dir = new int[capacity];
        confirmed = new boolean[capacity];
        inSequence = new int[capacity];
        lastSeq = new int[capacity];
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
        return k[b + 5] == 1 && k[b + 4] == portsSsrc(sp, dp, s) && k[b + 1] == sl && k[b + 3] == dl
                && k[b] == sh && k[b + 2] == dh;
    }

    /** A new unlinked, unconfirmed stream with reset statistics; -1 when full. */
    public int create(long sh, long sl, int sp, long dh, long dl, int dp, int s) {
        if (freeHead < 0) {
            full++;
            return -1;
        }
        int e = freeHead;
        freeHead = nextFree[e];
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
        keys[b + 4] = portsSsrc(sp, dp, s);
        keys[b + 5] = 1;
        stats[e].reset();
        stats[e].setClockRate(0);
        call[e] = -1;
        callGen[e] = 0;
        dir[e] = -1;
        confirmed[e] = false;
        inSequence[e] = 0;
        lastSeq[e] = -1;
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
        keys[e * KEY_STRIDE + 5] = 0;
        nextFree[e] = freeHead;
        freeHead = e;
    }
}

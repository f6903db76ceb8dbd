package org.voipwatch.analyzer.track.call;

/**
 * Media expectations: which call side announced a receiving endpoint (address, port) in SDP (the m=/c= pair and
 * ICE candidates). An RTP packet whose destination is such an endpoint belongs to that call and flows towards that
 * side. One value per endpoint: a newer announcement of the same endpoint (another call reusing a port) replaces
 * the older one. Pooled entries in primitive arrays; a full pool refuses the expectation (counted in
 * {@link #full()}). Owned by the analyzer thread.
 */
public final class MediaIndex {
    public static final int NONE = -1;

    private final LongIndex index;
    private final long[] hi;
    private final long[] lo;
    private final int[] port;
    private final int[] value;
    private final int[] nextFree;
    private int freeHead;
    private long full;

    public MediaIndex(int capacity) {
        index = new LongIndex(capacity);
        hi = new long[capacity];
        lo = new long[capacity];
        port = new int[capacity];
        value = new int[capacity];
        nextFree = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            nextFree[i] = i + 1 < capacity ? i + 1 : -1;
        }
    }

    static long hash(long h, long l, int p) {
        return (h * 31 + l) * 0x9E3779B97F4A7C15L + p;
    }

    private int entry(long h, long l, int p) {
        long k = hash(h, l, p);
        for (int pos = index.start(k); index.entryAt(pos) >= 0; pos = index.nextPos(pos)) {
            int e = index.entryAt(pos);
            if (index.hashAt(pos) == k && port[e] == p && lo[e] == l && hi[e] == h) {
                return e;
            }
        }
        return -1;
    }

    /** The value ({@code call * 2 + side}) registered for the endpoint, or {@link #NONE}. */
    public int lookup(long h, long l, int p) {
        int e = entry(h, l, p);
        return e < 0 ? NONE : value[e];
    }

    /** Registers (or takes over) an endpoint; false when the pool is full. */
    public boolean put(long h, long l, int p, int v) {
        int e = entry(h, l, p);
        if (e >= 0) {
            value[e] = v;
            return true;
        }
        if (freeHead < 0) {
            full++;
            return false;
        }
        e = freeHead;
        freeHead = nextFree[e];
        hi[e] = h;
        lo[e] = l;
        port[e] = p;
        value[e] = v;
        index.insert(hash(h, l, p), e);
        return true;
    }

    /** Forgets an endpoint if it still belongs to {@code v}. */
    public void remove(long h, long l, int p, int v) {
        int e = entry(h, l, p);
        if (e >= 0 && value[e] == v) {
            index.remove(hash(h, l, p), e);
            nextFree[e] = freeHead;
            freeHead = e;
        }
    }

    public int size() {
        return index.size();
    }

    /** Expectations refused because the pool was full. */
    public long full() {
        return full;
    }
}

package org.voipwatch.analyzer.protocol.stun;

import org.voipwatch.analyzer.util.SlotAgeList;

/**
 * Open STUN/TURN request transactions, keyed by (transaction id, flow key), to match responses, count
 * retransmissions and report requests that were never answered (a firewall dropping STUN shows up as exactly that).
 * Bounded: {@code capacity} pooled entries in primitive arrays, no allocation after construction. When full, the
 * oldest open request is evicted and counted ({@link #evictions()}), not reported as unanswered.
 *
 * <p>The flow key is the caller's direction-independent hash of the 5-tuple (the same value for the request and
 * its response); pass 0 when unknown. Entries are kept in first-sent order: {@link #expire} walks only the expired
 * head of that list. Packet time is assumed to be roughly monotonic (merged captures that go back in time only
 * delay expiry). Single-threaded: owned by the analyzer thread (shard) that sees both directions of the flow.
 */
public final class StunTransactionTable {
    /** {@link #onResponse} result when no open request matches. */
    public static final long NOT_FOUND = -1L;

    /**
     * Called by {@link #expire}, on the table's thread, for each request that got no response within the timeout.
     * Pass one preallocated (non-capturing or field-holding) instance so expiry does not allocate.
     */
    @FunctionalInterface
    public interface Visitor {
        void onUnanswered(int method, int retransmissions, long firstNs, long lastNs, long flowKey, long txHi,
                long txLo);
    }

    private final SlotIndex index;
    private final long[] txHi;
    private final long[] txLo;
    private final long[] flowKey;
    private final int[] method;
    private final int[] retransmissions;
    private final long[] firstNs;
    private final long[] lastNs;
    private final int[] hash;
    /** Entry numbers in first-sent order, oldest first (never touched: a retransmission keeps its place). */
    private final SlotAgeList ages;

    private long requests;
    private long retransmissionCount;
    private long matched;
    private long unmatched;
    private long evictions;
    private long expired;

    private int matchIndex = -1;
    private int matchMethod;
    private int matchRetransmissions;
    private long matchFirstNs;
    private long matchLastNs;

    public StunTransactionTable(int capacity) {
        ages = new SlotAgeList(capacity); // first: it rejects capacity < 1
        index = new SlotIndex(capacity);
        txHi = new long[capacity];
        txLo = new long[capacity];
        flowKey = new long[capacity];
        method = new int[capacity];
        retransmissions = new int[capacity];
        firstNs = new long[capacity];
        lastNs = new long[capacity];
        hash = new int[capacity];
    }

    private static int hashOf(long hi, long lo, long flow) {
        return SlotIndex.hash(hi * 0x9e3779b97f4a7c15L ^ lo ^ Long.rotateLeft(flow, 17));
    }

    private int find(int h, long hi, long lo, long flow) {
        for (int s = index.firstSlot(h); ; s = index.nextSlot(s)) {
            int e = index.entryAt(s);
            if (e < 0) {
                return -1;
            }
            if (index.hashAt(s) == h && txLo[e] == lo && txHi[e] == hi && flowKey[e] == flow) {
                return e;
            }
        }
    }

    /**
     * A request was seen. Returns its retransmission count: 0 for a new transaction, n for the n-th retransmission
     * of an open one (same id and flow key).
     */
    public int onRequest(long hi, long lo, int requestMethod, long flow, long nowNs) {
        requests++;
        int h = hashOf(hi, lo, flow);
        int e = find(h, hi, lo, flow);
        if (e >= 0) {
            retransmissionCount++;
            lastNs[e] = nowNs;
            return ++retransmissions[e];
        }
        if (ages.isFull()) {
            evictions++;
            release(ages.oldest());
        }
        e = ages.pushNewest();
        txHi[e] = hi;
        txLo[e] = lo;
        flowKey[e] = flow;
        method[e] = requestMethod;
        retransmissions[e] = 0;
        firstNs[e] = nowNs;
        lastNs[e] = nowNs;
        hash[e] = h;
        index.insert(h, e);
        return 0;
    }

    /**
     * A success or error response was seen. Returns the round-trip time in ns from the latest transmission of the
     * request (never negative), or {@link #NOT_FOUND}; on a match the request is closed and the match accessors
     * ({@link #matchMethod()}...) describe it.
     */
    public long onResponse(long hi, long lo, long flow, long nowNs) {
        int e = find(hashOf(hi, lo, flow), hi, lo, flow);
        if (e < 0) {
            unmatched++;
            matchIndex = -1;
            return NOT_FOUND;
        }
        matched++;
        matchIndex = e;
        matchMethod = method[e];
        matchRetransmissions = retransmissions[e];
        matchFirstNs = firstNs[e];
        matchLastNs = lastNs[e];
        release(e);
        return Math.max(0, nowNs - matchLastNs);
    }

    /**
     * Closes every request first sent at or before {@code nowNs - timeoutNs}, oldest first, calling the visitor
     * for each (RFC 8489 §6.2.1: a UDP client gives up after about 39.5 s with default timers). Returns how many.
     */
    public int expire(long nowNs, long timeoutNs, Visitor visitor) {
        int n = 0;
        for (int e = ages.oldest(); e >= 0 && nowNs - firstNs[e] >= timeoutNs; e = ages.oldest()) {
            if (visitor != null) {
                visitor.onUnanswered(method[e], retransmissions[e], firstNs[e], lastNs[e], flowKey[e], txHi[e],
                        txLo[e]);
            }
            release(e);
            n++;
        }
        expired += n;
        return n;
    }

    private void release(int e) {
        index.remove(hash[e], e);
        ages.remove(e);
    }

    /** Entry number (0..capacity-1) of the last matched request, -1 after a miss; reused once released. */
    public int matchIndex() {
        return matchIndex;
    }

    public int matchMethod() {
        return matchMethod;
    }

    public int matchRetransmissions() {
        return matchRetransmissions;
    }

    public long matchFirstNs() {
        return matchFirstNs;
    }

    public long matchLastNs() {
        return matchLastNs;
    }

    public int size() {
        return ages.size();
    }

    public int capacity() {
        return ages.capacity();
    }

    /** Requests seen, retransmissions included. */
    public long requests() {
        return requests;
    }

    public long retransmissions() {
        return retransmissionCount;
    }

    public long matchedResponses() {
        return matched;
    }

    /** Responses with no open request: late, duplicated, or their request was not captured/evicted. */
    public long unmatchedResponses() {
        return unmatched;
    }

    /** Open requests dropped because the table was full. */
    public long evictions() {
        return evictions;
    }

    /** Requests reported unanswered by {@link #expire}. */
    public long expired() {
        return expired;
    }
}

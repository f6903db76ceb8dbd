package org.voipwatch.analyzer.detect.stun;

import org.voipwatch.analyzer.util.SlotAgeList;

/**
 * Per-flow STUN/TURN state, keyed by the direction-independent flow key of {@link StunAnalyzer#flowKey}: who is
 * the client (the sender of the first request seen), report flags, the ICE candidate-pair counts and the data a
 * deferred event needs. A hash of the canonical 5-tuple is used rather than the {@code FlowTable} slot because
 * slots move when flows are deleted (backward-shift deletion).
 *
 * <p>Bounded: {@code capacity} pooled entries in primitive arrays (open addressing with backward-shift deletion,
 * load at most 1/2), least recently active entry evicted and counted when full; no allocation after
 * construction. Owned by the analyzer thread.
 */
final class StunFlowTable {
    static final int F_UNANSWERED_REPORTED = 1;
    static final int F_FAILURE_PENDING = 1 << 1;
    static final int F_FAILURE_REPORTED = 1 << 2;
    static final int F_RESPONSE_SEEN = 1 << 3;
    static final int F_ICE_PAIR = 1 << 4;
    static final int F_ICE_SUCCEEDED = 1 << 5;

    private final int mask;
    /** Slot → entry + 1 (0 = empty slot). */
    private final int[] slots;

    final long[] key;
    final int[] proto;
    final long[] clientHi;
    final long[] clientLo;
    final int[] clientPort;
    final long[] serverHi;
    final long[] serverLo;
    final int[] serverPort;
    final int[] flags;
    /** ERROR-CODE of the last Allocate failure on this flow. */
    final int[] failureCode;
    /** REQUESTED-TRANSPORT of the last Allocate request (17 UDP by default, 6 TCP for RFC 6062). */
    final int[] allocTransport;
    /** Hash of the relayed address last checked against the matrix (0 = none). */
    final long[] relayChecked;
    final int[] iceChecks;
    final int[] iceSuccesses;
    final long[] lastNs;
    /** Entry numbers, least recently active first. */
    private final SlotAgeList ages;
    private long evictions;

    StunFlowTable(int capacity) {
        ages = new SlotAgeList(capacity); // first: it rejects capacity < 1
        int n = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        mask = n - 1;
        slots = new int[n];
        key = new long[capacity];
        proto = new int[capacity];
        clientHi = new long[capacity];
        clientLo = new long[capacity];
        clientPort = new int[capacity];
        serverHi = new long[capacity];
        serverLo = new long[capacity];
        serverPort = new int[capacity];
        flags = new int[capacity];
        failureCode = new int[capacity];
        allocTransport = new int[capacity];
        relayChecked = new long[capacity];
        iceChecks = new int[capacity];
        iceSuccesses = new int[capacity];
        lastNs = new long[capacity];
    }

    private int home(long k) {
        long z = k * 0x9e3779b97f4a7c15L;
        return (int) (z ^ (z >>> 32)) & mask;
    }

    /** Entry of this flow key, or -1. */
    int find(long k) {
        for (int s = home(k); ; s = (s + 1) & mask) {
            int e = slots[s] - 1;
            if (e < 0) {
                return -1;
            }
            if (key[e] == k) {
                return e;
            }
        }
    }

    /**
     * Entry of this flow, created when absent with (client, server) as given; marks it most recently active.
     * When the table is full the least recently active entry is evicted (counted).
     */
    int acquire(long k, int ipProto, long cHi, long cLo, int cPort, long sHi, long sLo, int sPort, long nowNs) {
        int e = find(k);
        if (e >= 0) {
            touch(e, nowNs);
            return e;
        }
        if (ages.isFull()) {
            evictions++;
            remove(ages.oldest());
        }
        e = ages.pushNewest();
        key[e] = k;
        proto[e] = ipProto;
        clientHi[e] = cHi;
        clientLo[e] = cLo;
        clientPort[e] = cPort;
        serverHi[e] = sHi;
        serverLo[e] = sLo;
        serverPort[e] = sPort;
        flags[e] = 0;
        failureCode[e] = -1;
        allocTransport[e] = 17;
        relayChecked[e] = 0;
        iceChecks[e] = 0;
        iceSuccesses[e] = 0;
        lastNs[e] = nowNs;
        int s = home(k);
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = e + 1;
        return e;
    }

    /** Forgets entries idle for at least {@code idleNs}, least recently active first. */
    int expire(long nowNs, long idleNs) {
        int n = 0;
        for (int e = ages.oldest(); e >= 0 && nowNs - lastNs[e] >= idleNs; e = ages.oldest()) {
            remove(e);
            n++;
        }
        return n;
    }

    private void touch(int e, long nowNs) {
        lastNs[e] = Math.max(lastNs[e], nowNs);
        ages.touch(e);
    }

    private void remove(int e) {
        int s = home(key[e]);
        while (slots[s] - 1 != e) {
            s = (s + 1) & mask;
        }
        // backward-shift deletion (Knuth 6.4 algorithm R): no tombstones
        int hole = s;
        int j = s;
        while (true) {
            j = (j + 1) & mask;
            if (slots[j] == 0) {
                break;
            }
            int h = home(key[slots[j] - 1]);
            boolean homeBetween = hole <= j ? h > hole && h <= j : h > hole || h <= j;
            if (!homeBetween) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = 0;
        ages.remove(e);
    }

    int size() {
        return ages.size();
    }

    long evictions() {
        return evictions;
    }
}

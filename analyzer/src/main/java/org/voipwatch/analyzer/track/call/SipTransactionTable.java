package org.voipwatch.analyzer.track.call;

/**
 * Client transactions of SIP requests (every method but ACK), keyed by (Call-ID hash, CSeq number, CSeq method) as
 * RFC 3261 §17.1.3 matches responses by branch and method (the CSeq pair is the same for a request and its
 * retransmissions, and works for RFC 2543 peers without a magic-cookie branch). Per transaction: first packet time,
 * transmissions, responses, whether it was reported, and the flow it travelled on, for the {@code sip_unanswered}
 * verdict. Pooled in primitive arrays; a full pool refuses new transactions (counted). Owned by the analyzer thread.
 */
public final class SipTransactionTable {
    private final LongIndex index;
    private final int[] nextFree;
    private int freeHead;
    private int highWater;
    private long full;

    public final boolean[] used;
    public final long[] key;
    public final long[] callIdHash;
    public final int[] cseq;
    public final int[] method;
    public final long[] firstNs;
    public final int[] transmissions;
    public final int[] responses;
    public final int[] lastStatus;
    public final boolean[] reported;
    public final int[] proto;
    public final long[] srcHi;
    public final long[] srcLo;
    public final int[] srcPort;
    public final long[] dstHi;
    public final long[] dstLo;
    public final int[] dstPort;
    public final byte[] callId;
    public final int[] callIdLen;

    public SipTransactionTable(int capacity) {
        index = new LongIndex(capacity);
        nextFree = new int[capacity];
        used = new boolean[capacity];
        key = new long[capacity];
        callIdHash = new long[capacity];
        cseq = new int[capacity];
        method = new int[capacity];
        firstNs = new long[capacity];
        transmissions = new int[capacity];
        responses = new int[capacity];
        lastStatus = new int[capacity];
        reported = new boolean[capacity];
        proto = new int[capacity];
        srcHi = new long[capacity];
        srcLo = new long[capacity];
        srcPort = new int[capacity];
        dstHi = new long[capacity];
        dstLo = new long[capacity];
        dstPort = new int[capacity];
        callId = new byte[capacity * CallTable.MAX_CALL_ID_BYTES];
        callIdLen = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            nextFree[i] = i + 1 < capacity ? i + 1 : -1;
        }
    }

    public static long key(long callIdHash, int cseq, int cseqMethod) {
        return (callIdHash * 0x9E3779B97F4A7C15L + cseq) * 31 + cseqMethod;
    }

    public int find(long callHash, int seq, int m) {
        long k = key(callHash, seq, m);
        for (int pos = index.start(k); index.entryAt(pos) >= 0; pos = index.nextPos(pos)) {
            int e = index.entryAt(pos);
            if (index.hashAt(pos) == k && callIdHash[e] == callHash && cseq[e] == seq && method[e] == m) {
                return e;
            }
        }
        return -1;
    }

    /** A new transaction (zero transmissions); -1 when full. */
    public int create(long callHash, int seq, int m, long nowNs) {
        if (freeHead < 0) {
            full++;
            return -1;
        }
        int e = freeHead;
        freeHead = nextFree[e];
        highWater = Math.max(highWater, e + 1);
        long k = key(callHash, seq, m);
        used[e] = true;
        key[e] = k;
        callIdHash[e] = callHash;
        cseq[e] = seq;
        method[e] = m;
        firstNs[e] = nowNs;
        transmissions[e] = 0;
        responses[e] = 0;
        lastStatus[e] = 0;
        reported[e] = false;
        callIdLen[e] = 0;
        index.insert(k, e);
        return e;
    }

    public void remove(int e) {
        if (used[e]) {
            index.remove(key[e], e);
            used[e] = false;
            nextFree[e] = freeHead;
            freeHead = e;
        }
    }

    public int highWater() {
        return highWater;
    }

    public int size() {
        return index.size();
    }

    public long full() {
        return full;
    }
}

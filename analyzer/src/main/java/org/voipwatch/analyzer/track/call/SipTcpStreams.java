package org.voipwatch.analyzer.track.call;

import org.voipwatch.analyzer.protocol.sip.SipStreamReassembler;

/**
 * A bounded pool of {@link SipStreamReassembler}s, one per direction of a TCP connection that carries SIP, keyed
 * by (source, destination) address and port. The pool is small (SIP over TCP means a few long-lived trunk or
 * proxy connections), so a linear search is cheaper than hashing; when it is full the least recently used stream
 * is taken over (counted in {@link #evicted()}). FIN or RST releases a direction. Owned by the analyzer thread.
 */
public final class SipTcpStreams {
    private final SipStreamReassembler[] pool;
    private final boolean[] used;
    private final long[] srcHi;
    private final long[] srcLo;
    private final int[] srcPort;
    private final long[] dstHi;
    private final long[] dstLo;
    private final int[] dstPort;
    private final long[] lastNs;
    private long evicted;

    public SipTcpStreams(int streams, int bufferBytes) {
        pool = new SipStreamReassembler[streams];
        used = new boolean[streams];
        srcHi = new long[streams];
        srcLo = new long[streams];
        srcPort = new int[streams];
        dstHi = new long[streams];
        dstLo = new long[streams];
        dstPort = new int[streams];
        lastNs = new long[streams];
        for (int i = 0; i < streams; i++) {
            pool[i] = new SipStreamReassembler(bufferBytes);
        }
    }

    private int find(long sh, long sl, int sp, long dh, long dl, int dp) {
        for (int i = 0; i < pool.length; i++) {
            if (used[i] && srcPort[i] == sp && dstPort[i] == dp && srcLo[i] == sl && dstLo[i] == dl
                    && srcHi[i] == sh && dstHi[i] == dh) {
                return i;
            }
        }
        return -1;
    }

    /** The reassembler of this direction, taking a free (or the least recently used) one when new. */
    public SipStreamReassembler acquire(long sh, long sl, int sp, long dh, long dl, int dp, long nowNs) {
        int i = find(sh, sl, sp, dh, dl, dp);
        if (i < 0) {
            int victim = 0;
            for (int j = 0; j < pool.length; j++) {
                if (!used[j]) {
                    victim = j;
                    break;
                }
                if (lastNs[j] < lastNs[victim]) {
                    victim = j;
                }
            }
            if (used[victim]) {
                evicted++;
            }
            i = victim;
            used[i] = true;
            srcHi[i] = sh;
            srcLo[i] = sl;
            srcPort[i] = sp;
            dstHi[i] = dh;
            dstLo[i] = dl;
            dstPort[i] = dp;
            pool[i].reset();
        }
        lastNs[i] = nowNs;
        return pool[i];
    }

    /** Releases this direction's reassembler (connection closed). */
    public void release(long sh, long sl, int sp, long dh, long dl, int dp) {
        int i = find(sh, sl, sp, dh, dl, dp);
        if (i >= 0) {
            used[i] = false;
        }
    }

    /** Streams taken over while still in use because the pool was full. */
    public long evicted() {
        return evicted;
    }
}

package org.voipwatch.analyzer.decode;

/**
 * Bounded IPv4 (RFC 791 section 3.2) and IPv6 (RFC 8200 section 4.5) fragment reassembly over a bounded pool:
 * a fragment of a new datagram takes a pooled slot, whose buffer is allocated the first time the slot is used and
 * kept (a capture without fragments never pays for the 64 MiB, which were a third of the start-up allocation and
 * of the peak RSS; a flood fills the pool once, then nothing more is allocated).
 *
 * <p>Limits (constructor parameters, defaults in brackets):
 * <table>
 *   <caption>limits</caption>
 *   <tr><td>maxDatagrams [{@value #DEFAULT_MAX_DATAGRAMS}]</td><td>datagrams in reassembly at once; when all
 *       slots are taken the one with the oldest first fragment is evicted (counted)</td></tr>
 *   <tr><td>maxDatagramBytes [{@value #DEFAULT_MAX_DATAGRAM_BYTES}]</td><td>bytes per datagram after the IP
 *       header (IPv6: after the fragment header); a fragment ending beyond is FRAGMENT_TOO_LARGE. The pool
 *       holds maxDatagrams x maxDatagramBytes bytes (64 MiB with the defaults)</td></tr>
 *   <tr><td>maxFragments [{@value #DEFAULT_MAX_FRAGMENTS}]</td><td>fragments held per datagram</td></tr>
 *   <tr><td>timeoutNs [30 s]</td><td>packet time after a datagram's first fragment at which it expires
 *       (RFC 8200 says 60 s; Linux uses 30 s), checked by {@link #expire(long)} and lazily on lookup</td></tr>
 * </table>
 *
 * <p>Policy: a fragment with exactly the offset and length of one already held is a duplicate and ignored
 * (bytes not compared); any other overlap drops the whole datagram (FRAGMENT_OVERLAP), because
 * overlapping fragments are the classic evasion trick (RFC 5722 forbids them for IPv6) and no two
 * reassembly policies agree on which bytes win.
 *
 * <p>Datagrams are keyed by (version, src, dst, protocol, id); callers pass protocol -1 for IPv6 (RFC 8200
 * keys on src, dst, id only). Lookup scans the active slots: fragments are rare in VoIP traffic and the
 * scan is bounded by maxDatagrams.
 *
 * <p>Owned by the analyzer thread (single writer; the counter getters may be read racily by a metrics thread).
 */
public final class FragmentReassembler {
    public static final int DEFAULT_MAX_DATAGRAMS = 1024;
    /** The largest IP payload a 16-bit total length can describe. */
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 65_535;
    public static final int DEFAULT_MAX_FRAGMENTS = 64;
    public static final long DEFAULT_TIMEOUT_NS = 30_000_000_000L;

    private final int maxDatagrams;
    private final int maxDatagramBytes;
    private final int maxFragments;
    private final long timeoutNs;

    private final byte[][] buffers;
    private final int[] version;
    private final long[] srcHi;
    private final long[] srcLo;
    private final long[] dstHi;
    private final long[] dstLo;
    private final int[] protocol;
    private final int[] id;
    private final long[] firstSeenNs;
    /** Datagram length once the last fragment (MF = 0) was seen, else -1. */
    private final int[] totalLength;
    private final int[] receivedBytes;
    private final int[] firstNextHeader;
    private final int[] fragmentCount;
    private final int[] fragStart;
    private final int[] fragEnd;

    /** Dense list of slots in use; activePos[slot] is the slot's index in it, -1 when free. */
    private final int[] active;
    private final int[] activePos;
    private int activeCount;
    /** A lower bound of the active slots' firstSeenNs, so {@link #expire} costs one comparison when idle. */
    private long earliestFirstSeenNs;
    /** Free slots as a FIFO ring, so a just-completed slot (whose buffer the caller reads) is reused last. */
    private final int[] freeRing;
    private int freeHead;
    private int freeCount;

    private byte[] completedBuffer;
    private int completedLength;
    private int completedNextHeader;

    private long completed;
    private long expired;
    private long evicted;
    private long overlaps;
    private long duplicates;
    private long dropped;

    /** A reassembler with the documented defaults. */
    public FragmentReassembler() {
        this(DEFAULT_MAX_DATAGRAMS, DEFAULT_MAX_DATAGRAM_BYTES, DEFAULT_MAX_FRAGMENTS, DEFAULT_TIMEOUT_NS);
    }

    /**
     * @param maxDatagrams     datagrams in reassembly at once (0 disables reassembly: fragments are dropped)
     * @param maxDatagramBytes largest reassembled IP payload, 8..65535
     * @param maxFragments     fragments per datagram, at least 1
     * @param timeoutNs        expiry after the first fragment, in packet time, positive
     */
    public FragmentReassembler(int maxDatagrams, int maxDatagramBytes, int maxFragments, long timeoutNs) {
        if (maxDatagrams < 0) {
            throw new IllegalArgumentException("maxDatagrams must be >= 0: " + maxDatagrams);
        }
        if (maxDatagramBytes < 8 || maxDatagramBytes > 65_535) {
            throw new IllegalArgumentException("maxDatagramBytes must be in 8..65535: " + maxDatagramBytes);
        }
        if (maxFragments < 1) {
            throw new IllegalArgumentException("maxFragments must be >= 1: " + maxFragments);
        }
        if (timeoutNs <= 0) {
            throw new IllegalArgumentException("timeoutNs must be > 0: " + timeoutNs);
        }
        this.maxDatagrams = maxDatagrams;
        this.maxDatagramBytes = maxDatagramBytes;
        this.maxFragments = maxFragments;
        this.timeoutNs = timeoutNs;
        buffers = new byte[maxDatagrams][];
        version = new int[maxDatagrams];
        srcHi = new long[maxDatagrams];
        srcLo = new long[maxDatagrams];
        dstHi = new long[maxDatagrams];
        dstLo = new long[maxDatagrams];
        protocol = new int[maxDatagrams];
        id = new int[maxDatagrams];
        firstSeenNs = new long[maxDatagrams];
        totalLength = new int[maxDatagrams];
        receivedBytes = new int[maxDatagrams];
        firstNextHeader = new int[maxDatagrams];
        fragmentCount = new int[maxDatagrams];
        fragStart = new int[maxDatagrams * maxFragments];
        fragEnd = new int[maxDatagrams * maxFragments];
        active = new int[maxDatagrams];
        activePos = new int[maxDatagrams];
        freeRing = new int[maxDatagrams];
        for (int i = 0; i < maxDatagrams; i++) {
            activePos[i] = -1;
            freeRing[i] = i;
        }
        freeCount = maxDatagrams;
    }

    /**
     * Adds one fragment's data ({@code len} bytes of {@code buf} from {@code off}: what follows the IPv4
     * header or the IPv6 fragment header).
     *
     * @param keyProtocol IPv4 protocol, or -1 for IPv6
     * @param nextHeader  protocol of the fragmentable part as this fragment states it (kept from offset 0)
     * @param fragOffset  fragment offset in bytes
     * @return {@link DecodeStatus#OK} when this fragment completed the datagram (read it with
     *     {@link #completedBuffer()}, {@link #completedLength()}, {@link #completedNextHeader()} before the
     *     next call), else FRAGMENT_PENDING, FRAGMENT_DUPLICATE, FRAGMENT_OVERLAP, FRAGMENT_TOO_LARGE,
     *     BAD_FRAGMENT, TOO_MANY_FRAGMENTS or FRAGMENT_DROPPED (reassembly disabled)
     */
    public int offer(int ipVersion, long sHi, long sLo, long dHi, long dLo, int keyProtocol, int ident,
                     byte[] buf, int off, int len, int fragOffset, boolean more, int nextHeader, long nowNs) {
        if (maxDatagrams == 0) {
            dropped++;
            return DecodeStatus.FRAGMENT_DROPPED;
        }
        // RFC 791/8200: every fragment but the last carries a multiple of 8 bytes
        if (len <= 0 || (more && (len & 7) != 0) || fragOffset < 0 || off < 0 || off > buf.length - len) {
            dropped++;
            return DecodeStatus.BAD_FRAGMENT;
        }
        int end = fragOffset + len;
        if (end > maxDatagramBytes) {
            dropped++;
            return DecodeStatus.FRAGMENT_TOO_LARGE;
        }
        int slot = find(ipVersion, sHi, sLo, dHi, dLo, keyProtocol, ident);
        if (slot >= 0 && nowNs - firstSeenNs[slot] >= timeoutNs) {
            release(slot);
            expired++;
            slot = -1;
        }
        if (slot < 0) {
            slot = allocate(nowNs);
            version[slot] = ipVersion;
            srcHi[slot] = sHi;
            srcLo[slot] = sLo;
            dstHi[slot] = dHi;
            dstLo[slot] = dLo;
            protocol[slot] = keyProtocol;
            id[slot] = ident;
        }
        return add(slot, buf, off, len, fragOffset, end, more, nextHeader);
    }

    private int add(int slot, byte[] buf, int off, int len, int start, int end, boolean more, int nextHeader) {
        int base = slot * maxFragments;
        int n = fragmentCount[slot];
        for (int i = 0; i < n; i++) {
            int s = fragStart[base + i];
            int e = fragEnd[base + i];
            if (s == start && e == end) {
                duplicates++;
                return DecodeStatus.FRAGMENT_DUPLICATE;
            }
            if (start < e && s < end) {
                overlaps++;
                release(slot);
                return DecodeStatus.FRAGMENT_OVERLAP;
            }
        }
        int known = totalLength[slot];
        boolean inconsistent = known >= 0 && (end > known || (!more && end != known));
        if (!more && !inconsistent) {
            for (int i = 0; i < n; i++) {
                if (fragEnd[base + i] > end) {
                    inconsistent = true;
                    break;
                }
            }
        }
        if (inconsistent) {
            dropped++;
            release(slot);
            return DecodeStatus.BAD_FRAGMENT;
        }
        if (n == maxFragments) {
            dropped++;
            release(slot);
            return DecodeStatus.TOO_MANY_FRAGMENTS;
        }
        byte[] data = buffers[slot];
        if (data == null) {
            data = new byte[maxDatagramBytes]; // once per pool slot, on its first datagram
            buffers[slot] = data;
        }
        System.arraycopy(buf, off, data, start, len);
        fragStart[base + n] = start;
        fragEnd[base + n] = end;
        fragmentCount[slot] = n + 1;
        receivedBytes[slot] += len;
        if (!more) {
            totalLength[slot] = end;
        }
        if (start == 0) {
            firstNextHeader[slot] = nextHeader;
        }
        // no overlaps are held, so byte count == length means every byte is present
        if (totalLength[slot] >= 0 && receivedBytes[slot] == totalLength[slot]) {
            completedBuffer = buffers[slot];
            completedLength = totalLength[slot];
            completedNextHeader = firstNextHeader[slot];
            completed++;
            release(slot);
            return DecodeStatus.OK;
        }
        return DecodeStatus.FRAGMENT_PENDING;
    }

    /**
     * Drops every datagram whose first fragment is at least the timeout older than {@code nowNs}. Cheap to
     * call per packet: it scans the active slots only when the earliest of them may be due.
     */
    public void expire(long nowNs) {
        // the per-packet check alone, small enough for C1 to inline into the decoder; the walk is out of line
        if (activeCount != 0 && nowNs - earliestFirstSeenNs >= timeoutNs) {
            expireDue(nowNs);
        }
    }

    private void expireDue(long nowNs) {
        long earliest = Long.MAX_VALUE;
        for (int i = activeCount - 1; i >= 0; i--) {
            int slot = active[i];
            if (nowNs - firstSeenNs[slot] >= timeoutNs) {
                release(slot);
                expired++;
            } else {
                earliest = Math.min(earliest, firstSeenNs[slot]);
            }
        }
        earliestFirstSeenNs = earliest;
    }

    private int find(int ipVersion, long sHi, long sLo, long dHi, long dLo, int keyProtocol, int ident) {
        for (int i = 0; i < activeCount; i++) {
            int s = active[i];
            if (id[s] == ident && srcLo[s] == sLo && dstLo[s] == dLo && srcHi[s] == sHi && dstHi[s] == dHi
                    && protocol[s] == keyProtocol && version[s] == ipVersion) {
                return s;
            }
        }
        return -1;
    }

    private int allocate(long nowNs) {
        if (freeCount == 0) {
            int oldest = active[0];
            for (int i = 1; i < activeCount; i++) {
                if (firstSeenNs[active[i]] < firstSeenNs[oldest]) {
                    oldest = active[i];
                }
            }
            release(oldest);
            evicted++;
        }
        int slot = freeRing[freeHead];
        freeHead = (freeHead + 1) % maxDatagrams;
        freeCount--;
        if (activeCount == 0 || nowNs < earliestFirstSeenNs) {
            earliestFirstSeenNs = nowNs;
        }
        activePos[slot] = activeCount;
        active[activeCount++] = slot;
        firstSeenNs[slot] = nowNs;
        totalLength[slot] = -1;
        receivedBytes[slot] = 0;
        fragmentCount[slot] = 0;
        firstNextHeader[slot] = -1;
        return slot;
    }

    private void release(int slot) {
        int pos = activePos[slot];
        int last = active[--activeCount];
        active[pos] = last;
        activePos[last] = pos;
        activePos[slot] = -1;
        freeRing[(freeHead + freeCount) % maxDatagrams] = slot;
        freeCount++;
    }

    /** The completed datagram's bytes (from index 0); valid until the next {@link #offer}. */
    public byte[] completedBuffer() {
        return completedBuffer;
    }

    public int completedLength() {
        return completedLength;
    }

    /** Protocol of the completed datagram's payload as stated by its offset-0 fragment. */
    public int completedNextHeader() {
        return completedNextHeader;
    }

    /** Datagrams reassembled completely. */
    public long completedCount() {
        return completed;
    }

    /** Incomplete datagrams dropped because their first fragment was older than the timeout. */
    public long expiredCount() {
        return expired;
    }

    /** Incomplete datagrams dropped to make room for a new one (pool full). */
    public long evictedCount() {
        return evicted;
    }

    /** Datagrams dropped because two fragments partially overlapped. */
    public long overlapCount() {
        return overlaps;
    }

    /** Duplicate fragments ignored. */
    public long duplicateCount() {
        return duplicates;
    }

    /** Fragments or datagrams dropped as malformed, too large, too many fragments, or reassembly disabled. */
    public long droppedCount() {
        return dropped;
    }

    /** Datagrams currently in reassembly. */
    public int activeCount() {
        return activeCount;
    }

    public int maxDatagrams() {
        return maxDatagrams;
    }

    public int maxDatagramBytes() {
        return maxDatagramBytes;
    }

    public long timeoutNs() {
        return timeoutNs;
    }
}

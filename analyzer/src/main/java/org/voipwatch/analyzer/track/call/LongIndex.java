package org.voipwatch.analyzer.track.call;

/**
 * Open-addressing index from a 64-bit key hash to entry numbers of a caller's pooled table, with linear probing
 * and backward-shift deletion (no tombstones). Several entries may share a hash: the caller walks the probe
 * sequence and compares its full key. Sized once (twice the entry capacity, a power of two); owned by the
 * analyzer thread.
 *
 * <p>Layout: a position's hash and entry share one {@code long[]} ({@code [2 * pos]} and {@code [2 * pos + 1]}),
 * so a probe reads one cache line instead of one in a hash array and another in an entry array: the RTP stream
 * lookup runs for every RTP packet (benchmarks/README.md, "protocol analyzers"). Usage:
 * <pre>
 *   for (int pos = idx.start(h); idx.entryAt(pos) >= 0; pos = idx.nextPos(pos)) {
 *       int e = idx.entryAt(pos);
 *       if (idx.hashAt(pos) == h &amp;&amp; sameKey(e)) return e;
 *   }
 * </pre>
 */
public final class LongIndex {
    /** [2 * pos] = hash, [2 * pos + 1] = entry, -1 when the position is empty. */
    private final long[] slots;
    private final int mask;
    private int size;

    public LongIndex(int entryCapacity) {
        int n = Integer.highestOneBit(Math.max(4, entryCapacity) * 2 - 1) << 1;
        slots = new long[n * 2];
        for (int i = 1; i < slots.length; i += 2) {
            slots[i] = -1;
        }
        mask = n - 1;
    }

    /** Mixes a key hash into a well-spread slot number (keys are often small integers or FNV hashes). */
    static int spread(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }

    public int start(long h) {
        return spread(h) & mask;
    }

    public int nextPos(int pos) {
        return (pos + 1) & mask;
    }

    /** Entry at a probe position, or -1 (empty: the probe sequence ends here). */
    public int entryAt(int pos) {
        return (int) slots[pos * 2 + 1];
    }

    public long hashAt(int pos) {
        return slots[pos * 2];
    }

    public int size() {
        return size;
    }

    /** Adds an entry; the caller's pool capacity keeps the load factor at most one half. */
    public void insert(long h, int entry) {
        int pos = start(h);
        while (entryAt(pos) >= 0) {
            pos = nextPos(pos);
        }
        slots[pos * 2 + 1] = entry;
        slots[pos * 2] = h;
        size++;
    }

    /** Removes an entry inserted with hash {@code h}; returns false when it is not present. */
    public boolean remove(long h, int entry) {
        for (int pos = start(h); entryAt(pos) >= 0; pos = nextPos(pos)) {
            if (entryAt(pos) == entry) {
                shiftBack(pos);
                size--;
                return true;
            }
        }
        return false;
    }

    /** Backward-shift deletion: pull later members of the cluster into the hole when their home allows it. */
    private void shiftBack(int hole) {
        int i = hole;
        int j = nextPos(i);
        while (entryAt(j) >= 0) {
            int home = start(hashAt(j));
            // j may move to i when its home is not cyclically within (i, j]
            boolean stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!stays) {
                slots[i * 2 + 1] = slots[j * 2 + 1];
                slots[i * 2] = slots[j * 2];
                i = j;
            }
            j = nextPos(j);
        }
        slots[i * 2 + 1] = -1;
        slots[i * 2] = 0;
    }
}

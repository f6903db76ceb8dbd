package org.voipwatch.bench;

/**
 * A binary min-heap of (timeNs, code) pairs in two primitive arrays: the generator's schedule of "next packet of
 * stream X at time T". Ties are broken by code so the output is deterministic. Grows by doubling (it holds one entry
 * per active stream, a few thousand). Not thread-safe.
 */
final class EventQueue {
    private long[] times;
    private long[] codes;
    private int size;

    EventQueue(int initialCapacity) {
        times = new long[Math.max(16, initialCapacity)];
        codes = new long[times.length];
    }

    int size() {
        return size;
    }

    long peekTime() {
        return times[0];
    }

    long peekCode() {
        return codes[0];
    }

    void add(long timeNs, long code) {
        if (size == times.length) {
            times = java.util.Arrays.copyOf(times, size * 2);
            codes = java.util.Arrays.copyOf(codes, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(timeNs, code, times[parent], codes[parent])) {
                break;
            }
            times[i] = times[parent];
            codes[i] = codes[parent];
            i = parent;
        }
        times[i] = timeNs;
        codes[i] = code;
    }

    /** Removes the head; read it first with {@link #peekTime()} / {@link #peekCode()}. */
    void poll() {
        int n = --size;
        if (n == 0) {
            return;
        }
        siftDown(times[n], codes[n], n);
    }

    /**
     * Replaces the head by a new entry: one sift-down instead of a poll and an add, the common case of a stream
     * scheduling its own next packet.
     */
    void replaceHead(long timeNs, long code) {
        siftDown(timeNs, code, size);
    }

    private void siftDown(long t, long c, int n) {
        int i = 0;
        int half = n >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < n && less(times[right], codes[right], times[child], codes[child])) {
                child = right;
            }
            if (!less(times[child], codes[child], t, c)) {
                break;
            }
            times[i] = times[child];
            codes[i] = codes[child];
            i = child;
        }
        times[i] = t;
        codes[i] = c;
    }

    private static boolean less(long t1, long c1, long t2, long c2) {
        return t1 < t2 || (t1 == t2 && c1 < c2);
    }
}

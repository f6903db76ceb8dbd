package org.voipwatch.analyzer.track;

/**
 * A bounded open-addressing map from a long key (never 0) to two long counters, for summary groupings
 * such as unexpected flows by (role pair, protocol, port). When full, new keys are counted in
 * {@link #overflow} instead of stored. Owned by one thread.
 */
public final class LongCountMap {
    private final long[] keys;
    private final long[] first;
    private final long[] second;
    private final long[] example;
    private final int mask;
    private final int maxEntries;
    private int size;
    public long overflow;

    public LongCountMap(int maxEntries) {
        int cap = Integer.highestOneBit(Math.max(16, maxEntries) * 2 - 1) << 1;
        keys = new long[cap];
        first = new long[cap];
        second = new long[cap];
        example = new long[cap];
        mask = cap - 1;
        this.maxEntries = maxEntries;
    }

    /** Adds to the counters of {@code key}; returns false when the key is new and the map is full. */
    public boolean add(long key, long a, long b, long exampleValue) {
        int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 33) & mask;
        while (keys[i] != 0) {
            if (keys[i] == key) {
                first[i] += a;
                second[i] += b;
                return true;
            }
            i = (i + 1) & mask;
        }
        if (size >= maxEntries) {
            overflow += a;
            return false;
        }
        keys[i] = key;
        first[i] = a;
        second[i] = b;
        example[i] = exampleValue;
        size++;
        return true;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return keys.length;
    }

    public long keyAt(int slot) {
        return keys[slot];
    }

    public long firstAt(int slot) {
        return first[slot];
    }

    public long secondAt(int slot) {
        return second[slot];
    }

    public long exampleAt(int slot) {
        return example[slot];
    }
}

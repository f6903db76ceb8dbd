package org.voipwatch.analyzer.protocol.stun;

import java.util.Arrays;

/**
 * Open-addressing (linear probing) index from a 32-bit hash to entry numbers of a pooled table; the owner keeps
 * the keys in its own arrays and confirms a candidate with its own comparison. Deletion shifts later slots back
 * (Knuth's algorithm R) so there are no tombstones and probe runs stay short. Twice as many slots as entries keeps
 * the load at or below 1/2. Owned by the thread that owns the table using it.
 */
final class SlotIndex {
    private final int[] entries;
    private final int[] hashes;
    private final int mask;

    SlotIndex(int maxEntries) {
        int size = Integer.highestOneBit(Math.max(2, maxEntries) * 2 - 1) << 1;
        entries = new int[size];
        hashes = new int[size];
        mask = size - 1;
        Arrays.fill(entries, -1);
    }

    /** Spreads a 64-bit key into a 32-bit hash (Stafford's mix 13, as in SplitMix64). */
    static int hash(long key) {
        long z = key;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return (int) (z ^ (z >>> 31));
    }

    int firstSlot(int hash) {
        return hash & mask;
    }

    int nextSlot(int slot) {
        return (slot + 1) & mask;
    }

    /** Entry number in a slot, or -1 when the slot is empty (end of the probe run). */
    int entryAt(int slot) {
        return entries[slot];
    }

    int hashAt(int slot) {
        return hashes[slot];
    }

    /** Caller guarantees fewer entries than slots (the owner's capacity is at most half the slots). */
    void insert(int hash, int entry) {
        int s = hash & mask;
        while (entries[s] != -1) {
            s = (s + 1) & mask;
        }
        entries[s] = entry;
        hashes[s] = hash;
    }

    /** Removes the slot holding this entry (found from its hash); false when it is not indexed. */
    boolean remove(int hash, int entry) {
        int s = hash & mask;
        while (entries[s] != entry) {
            if (entries[s] == -1) {
                return false;
            }
            s = (s + 1) & mask;
        }
        int hole = s;
        int j = s;
        while (true) {
            j = (j + 1) & mask;
            if (entries[j] == -1) {
                break;
            }
            int home = hashes[j] & mask;
            // move j back into the hole unless its home lies cyclically in (hole, j]
            boolean homeBetween = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (!homeBetween) {
                entries[hole] = entries[j];
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        entries[hole] = -1;
        return true;
    }

    void clear() {
        Arrays.fill(entries, -1);
    }
}

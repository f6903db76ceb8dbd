package org.voipwatch.analyzer.track.dns;

import org.voipwatch.analyzer.classify.DynamicRoles;

/**
 * Addresses that DNS answers or TLS SNI in the traffic tied to a role's host names: address → role bits, each
 * entry valid until an expiry in packet time. Fixed capacity, primitive arrays (open addressing over the 128-bit
 * address, linear probing, backward-shift deletion), no allocation after construction.
 *
 * <p>Expiry: {@link #learnedRolesOf} ignores an entry whose expiry has passed on the table's clock (set by
 * {@link #onTime}); {@link #onTime} removes expired entries once per {@link #SWEEP_INTERVAL_NS}. When the table is
 * full, expired entries go first, then the half of the entries closest to expiry; each such eviction is counted.
 * Learning an address again ORs the role bits and keeps the later expiry.
 *
 * <p>Owned by the analyzer thread.
 */
public final class LearnedAddressTable implements DynamicRoles {
    public static final long SWEEP_INTERVAL_NS = 10_000_000_000L;

    private final int maxEntries;
    private final int mask;
    private final long[] keyHi;
    private final long[] keyLo;
    /** Role bits; 0 marks an empty slot (an entry always has at least one role). */
    private final long[] roles;
    private final long[] expiresNs;
    private int size;
    private long nowNs = Long.MIN_VALUE;
    private long nextSweepNs = Long.MIN_VALUE;

    /** New addresses stored. */
    public long learned;
    /** Learnings of an address already stored (roles ORed, expiry extended). */
    public long refreshed;
    public long expired;
    /** Entries dropped before their expiry because the table was full. */
    public long evicted;

    public LearnedAddressTable(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        int cap = Integer.highestOneBit(Math.max(2, maxEntries) * 2 - 1) << 1; // load factor <= 0.5
        mask = cap - 1;
        keyHi = new long[cap];
        keyLo = new long[cap];
        roles = new long[cap];
        expiresNs = new long[cap];
    }

    public int size() {
        return size;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** Records that {@code (hi, lo)} has {@code roleBits} until {@code untilNs} (packet time). */
    public void learn(long hi, long lo, long roleBits, long untilNs) {
        if (roleBits == 0) {
            return;
        }
        int i = find(hi, lo);
        if (i >= 0) {
            roles[i] |= roleBits;
            expiresNs[i] = Math.max(expiresNs[i], untilNs);
            refreshed++;
            return;
        }
        if (size >= maxEntries) {
            makeRoom();
        }
        i = home(hi, lo);
        while (roles[i] != 0) {
            i = (i + 1) & mask;
        }
        keyHi[i] = hi;
        keyLo[i] = lo;
        roles[i] = roleBits;
        expiresNs[i] = untilNs;
        size++;
        learned++;
    }

    @Override
    public long learnedRolesOf(long hi, long lo) {
        if (size == 0) {
            return 0;
        }
        int i = find(hi, lo);
        return i >= 0 && expiresNs[i] > nowNs ? roles[i] : 0;
    }

    /** Expiry of the entry for the address, or {@link Long#MIN_VALUE} when absent (tests, diagnostics). */
    public long expiresAt(long hi, long lo) {
        int i = find(hi, lo);
        return i >= 0 ? expiresNs[i] : Long.MIN_VALUE;
    }

    /** Advances the table's clock; removes expired entries once per sweep interval. */
    public void onTime(long timeNs) {
        if (timeNs > nowNs) {
            nowNs = timeNs;
        }
        if (nowNs >= nextSweepNs) {
            nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
            expired += removeUpTo(nowNs);
        }
    }

    /** Full: drop expired entries, else the half closest to expiry (at least one entry always goes). */
    private void makeRoom() {
        long gone = removeUpTo(nowNs);
        expired += gone;
        if (gone > 0) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i <= mask; i++) {
            if (roles[i] != 0) {
                min = Math.min(min, expiresNs[i]);
                max = Math.max(max, expiresNs[i]);
            }
        }
        evicted += removeUpTo(min + (max - min) / 2);
    }

    /** Removes every entry expiring at or before {@code cutoffNs}; returns how many. */
    private int removeUpTo(long cutoffNs) {
        int removed = 0;
        int i = 0;
        while (i <= mask) {
            if (roles[i] != 0 && expiresNs[i] <= cutoffNs) {
                remove(i);
                removed++;
                continue; // backward shift may have moved another entry into slot i
            }
            i++;
        }
        return removed;
    }

    private void remove(int slot) {
        int hole = slot;
        int j = slot;
        while (true) {
            j = (j + 1) & mask;
            if (roles[j] == 0) {
                break;
            }
            int h = home(keyHi[j], keyLo[j]);
            // move j back into the hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
            if (!stays) {
                keyHi[hole] = keyHi[j];
                keyLo[hole] = keyLo[j];
                roles[hole] = roles[j];
                expiresNs[hole] = expiresNs[j];
                hole = j;
            }
        }
        roles[hole] = 0;
        size--;
    }

    private int find(long hi, long lo) {
        int i = home(hi, lo);
        while (roles[i] != 0) {
            if (keyHi[i] == hi && keyLo[i] == lo) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private int home(long hi, long lo) {
        long h = (hi * 0x9E3779B97F4A7C15L ^ lo) * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 29)) & mask;
    }
}

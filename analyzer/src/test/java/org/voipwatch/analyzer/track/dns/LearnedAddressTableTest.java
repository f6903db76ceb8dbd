package org.voipwatch.analyzer.track.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expiry in packet time, OR-merging, and bounded capacity with counted evictions. */
class LearnedAddressTableTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * S;

    private static long v4(int i) {
        return 0x0000_ffff_0000_0000L | (0x0a000000L + i);
    }

    @Test
    void entryIsValidUntilItsExpiryInPacketTime() {
        LearnedAddressTable t = new LearnedAddressTable(8);
        t.onTime(T0);
        t.learn(0, v4(1), 0b10, T0 + 300 * S);
        assertEquals(0b10, t.learnedRolesOf(0, v4(1)));
        assertEquals(0, t.learnedRolesOf(0, v4(2)));
        t.onTime(T0 + 299 * S);
        assertEquals(0b10, t.learnedRolesOf(0, v4(1)));
        t.onTime(T0 + 300 * S);
        assertEquals(0, t.learnedRolesOf(0, v4(1)), "expired at its expiry");
        assertEquals(1, t.size(), "still stored until the next sweep (every 10 s of packet time)");
        t.onTime(T0 + 310 * S);
        assertEquals(0, t.size(), "the sweep removed it");
        assertEquals(1, t.expired);
    }

    @Test
    void learningAgainOrsRolesAndKeepsTheLaterExpiry() {
        LearnedAddressTable t = new LearnedAddressTable(8);
        t.onTime(T0);
        t.learn(7, 9, 0b01, T0 + 600 * S);
        t.learn(7, 9, 0b10, T0 + 300 * S);
        assertEquals(0b11, t.learnedRolesOf(7, 9));
        assertEquals(T0 + 600 * S, t.expiresAt(7, 9));
        assertEquals(1, t.learned);
        assertEquals(1, t.refreshed);
    }

    @Test
    void fullTableDropsExpiredFirstThenTheHalfClosestToExpiry() {
        LearnedAddressTable t = new LearnedAddressTable(4);
        t.onTime(T0);
        for (int i = 0; i < 4; i++) {
            t.learn(0, v4(i), 1, T0 + (100 + i) * S); // expiries 100, 101, 102, 103 s
        }
        t.learn(0, v4(4), 1, T0 + 1000 * S);
        // nothing had expired: entries expiring at or before 100 + (103 - 100) / 2 = 101 s were evicted
        assertEquals(2, t.evicted);
        assertEquals(3, t.size());
        assertEquals(0, t.learnedRolesOf(0, v4(0)));
        assertEquals(0, t.learnedRolesOf(0, v4(1)));
        assertEquals(1, t.learnedRolesOf(0, v4(2)));
        assertEquals(1, t.learnedRolesOf(0, v4(4)));
        t.learn(0, v4(5), 1, T0 + 1000 * S);
        t.onTime(T0 + 102 * S + 1); // v4(2) expired; no sweep yet (interval 10 s from T0), so makeRoom sweeps
        t.learn(0, v4(6), 1, T0 + 1000 * S);
        assertEquals(2, t.evicted, "an expired entry made room: no eviction");
        assertEquals(4, t.size());
    }

    @Test
    void manyInsertsAndRemovalsKeepEveryLiveEntryFindable() {
        // room for every live entry: only expiry sweeps remove, so each removal is a backward shift to check
        LearnedAddressTable t = new LearnedAddressTable(256);
        long now = T0;
        for (int round = 0; round < 50; round++) {
            now += 11 * S;
            t.onTime(now);
            for (int i = 0; i < 20; i++) {
                t.learn(0, v4(round * 20 + i), 1, now + (5 + (i % 7) * 10) * S);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(1, t.learnedRolesOf(0, v4(round * 20 + i)), "round " + round + " entry " + i);
            }
        }
        assertEquals(0, t.evicted);
        assertEquals(t.learned, t.size() + t.expired);
    }

    @Test
    void underPressureEveryEntryIsStoredExpiredOrCountedAsEvicted() {
        LearnedAddressTable t = new LearnedAddressTable(16);
        long now = T0;
        for (int i = 0; i < 1000; i++) {
            now += S / 2;
            t.onTime(now);
            t.learn(0, v4(i), 1, now + (30 + (i * 7) % 50) * S);
            assertEquals(1, t.learnedRolesOf(0, v4(i)), "the newest entry is always stored");
        }
        assertEquals(1000, t.learned);
        assertEquals(t.learned, t.size() + t.expired + t.evicted);
        assertEquals(true, t.evicted > 0 && t.size() <= 16);
    }
}

package org.voipwatch.analyzer.track.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LongIndex} against a plain {@code HashMap} model: inserts and removals with few distinct hashes (long
 * clusters, shared hashes, wrap-around at the end of the array) must leave every present entry reachable from its
 * hash's probe sequence and no removed one.
 */
class LongIndexTest {

    /** Whether {@code entry} is reachable walking the probe sequence of {@code h}, as callers do. */
    private static boolean reachable(LongIndex idx, long h, int entry) {
        for (int pos = idx.start(h); idx.entryAt(pos) >= 0; pos = idx.nextPos(pos)) {
            if (idx.hashAt(pos) == h && idx.entryAt(pos) == entry) {
                return true;
            }
        }
        return false;
    }

    @Test
    void randomInsertsAndRemovalsMatchAModel() {
        int capacity = 64;
        LongIndex idx = new LongIndex(capacity);
        Map<Integer, Long> model = new HashMap<>(); // entry -> hash
        Random rnd = new Random(7);
        for (int step = 0; step < 20_000; step++) {
            int entry = rnd.nextInt(capacity);
            if (model.containsKey(entry)) {
                assertTrue(idx.remove(model.remove(entry), entry), "remove of a present entry");
            } else {
                long h = rnd.nextInt(12); // few hashes: shared hashes and long clusters
                idx.insert(h, entry);
                model.put(entry, h);
            }
            assertEquals(model.size(), idx.size());
            if (step % 97 == 0) {
                for (int e = 0; e < capacity; e++) {
                    Long h = model.get(e);
                    if (h != null) {
                        assertTrue(reachable(idx, h, e), "entry " + e + " at step " + step);
                    } else {
                        for (long anyHash = 0; anyHash < 12; anyHash++) {
                            assertFalse(reachable(idx, anyHash, e), "removed entry " + e + " at step " + step);
                        }
                    }
                }
            }
        }
    }

    @Test
    void removeOfAnAbsentEntryIsRefused() {
        LongIndex idx = new LongIndex(8);
        idx.insert(5L, 3);
        assertFalse(idx.remove(5L, 4));
        assertFalse(idx.remove(6L, 3));
        assertTrue(idx.remove(5L, 3));
        assertEquals(0, idx.size());
        assertEquals(-1, idx.entryAt(idx.start(5L)));
    }
}

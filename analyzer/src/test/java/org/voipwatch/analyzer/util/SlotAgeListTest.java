package org.voipwatch.analyzer.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link SlotAgeList} on sequences worked out by hand: the expected age order (oldest first) and the slot each
 * {@link SlotAgeList#pushNewest()} hands out are written in the comments step by step.
 */
class SlotAgeListTest {

    /**
     * Checks the age order, oldest first, as an owner's expiry walks it ({@link SlotAgeList#next} from
     * {@link SlotAgeList#oldest}), and that both ends and the size agree with it.
     */
    private static void assertOrder(SlotAgeList list, int... expected) {
        int[] walked = new int[list.capacity() + 1];
        int n = 0;
        for (int s = list.oldest(); s >= 0 && n < walked.length; s = list.next(s)) {
            walked[n++] = s;
        }
        assertArrayEquals(expected, Arrays.copyOf(walked, n), "walk from the oldest");
        assertEquals(expected.length, list.size(), "size");
        assertEquals(expected.length == 0 ? -1 : expected[0], list.oldest(), "oldest");
        assertEquals(expected.length == 0 ? -1 : expected[expected.length - 1], list.newest(), "newest");
    }

    /** A list of this capacity with every slot pushed once: slots 0, 1, ... oldest first. */
    private static SlotAgeList filled(int capacity) {
        SlotAgeList list = new SlotAgeList(capacity);
        for (int i = 0; i < capacity; i++) {
            assertEquals(i, list.pushNewest(), "slot handed out by a fresh list");
        }
        assertTrue(list.isFull());
        return list;
    }

    @Test
    void freshListHandsOutSlotsInOrderAndKeepsThemOldestFirst() {
        SlotAgeList list = new SlotAgeList(3);
        assertOrder(list);
        assertEquals(3, list.capacity());
        assertEquals(0, list.pushNewest());
        assertEquals(1, list.pushNewest());
        assertFalse(list.isFull());
        assertEquals(2, list.pushNewest());
        assertTrue(list.isFull());
        assertOrder(list, 0, 1, 2);
    }

    @Test
    void touchMovesASlotToTheNewestEnd() {
        SlotAgeList list = filled(4); //  0 1 2 3
        list.touch(0); // the oldest:    1 2 3 0
        assertOrder(list, 1, 2, 3, 0);
        list.touch(2); // a middle one:  1 3 0 2
        assertOrder(list, 1, 3, 0, 2);
        list.touch(2); // the newest:    no change
        assertOrder(list, 1, 3, 0, 2);
    }

    @Test
    void removedSlotsAreReusedLastReleasedFirst() {
        SlotAgeList list = filled(4); // 0 1 2 3
        list.remove(1); // a middle one: 0 2 3, free 1
        list.remove(3); // the newest:   0 2,   free 3 1
        list.remove(0); // the oldest:   2,     free 0 3 1
        assertOrder(list, 2);
        assertEquals(0, list.pushNewest()); // 2 0
        assertEquals(3, list.pushNewest()); // 2 0 3
        assertEquals(1, list.pushNewest()); // 2 0 3 1
        assertOrder(list, 2, 0, 3, 1);
        assertTrue(list.isFull());
    }

    @Test
    void evictingTheOldestWhenFullMakesAnLruTable() {
        // The owners' pattern: when full, remove oldest() (counting the eviction), then push.
        SlotAgeList list = filled(2); // 0 1
        list.touch(0); //                1 0
        list.remove(list.oldest()); //   0, free 1
        assertEquals(1, list.pushNewest()); // 0 1
        assertOrder(list, 0, 1);
    }

    @Test
    void emptyingTheListResetsBothEnds() {
        SlotAgeList list = filled(1);
        list.remove(0);
        assertOrder(list);
        assertEquals(0, list.pushNewest());
        assertOrder(list, 0);
    }

    @Test
    void pushingIntoAFullListAndABadCapacityAreRefused() {
        SlotAgeList list = new SlotAgeList(1);
        list.pushNewest();
        assertThrows(IllegalStateException.class, list::pushNewest);
        assertThrows(IllegalArgumentException.class, () -> new SlotAgeList(0));
    }

    @Test
    void operationsDoNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SlotAgeList list = new SlotAgeList(64);
        churn(list, 10_000); // warm up (JIT, class init)
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        churn(list, 100_000);
        long after = mx.getThreadAllocatedBytes(tid);
        // One object per operation would be megabytes; a little slack for whatever the JVM itself charges here.
        assertTrue(after - before < 1024, "bytes allocated by 100k operations: " + (after - before));
    }

    private static void churn(SlotAgeList list, int steps) {
        for (int i = 0; i < steps; i++) {
            if (list.isFull()) {
                list.remove(list.oldest());
            }
            int s = list.pushNewest();
            if ((i & 3) == 0) {
                list.touch(list.oldest());
            }
            if ((i & 7) == 0) {
                list.remove(s);
            }
        }
    }
}

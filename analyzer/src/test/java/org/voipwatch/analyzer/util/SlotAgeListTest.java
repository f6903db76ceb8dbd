package org.voipwatch.analyzer.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link SlotAgeList} on sequences worked out by hand: the expected age order (oldest first) and the slot each
 * {@link SlotAgeList#pushNewest()} hands out are written in the comments step by step.
 */
class SlotAgeListTest {

    /** The used slots walked from the oldest with {@link SlotAgeList#next}, as an owner's expiry walks them. */
    private static int[] order(SlotAgeList list) {
        int[] out = new int[list.size()];
        int i = 0;
        for (int s = list.oldest(); s >= 0; s = list.next(s)) {
            out[i++] = s;
        }
        assertEquals(list.size(), i, "walk length");
        return out;
    }

    @Test
    void freshListHandsOutSlotsInOrderAndKeepsThemOldestFirst() {
        SlotAgeList list = new SlotAgeList(3);
        assertEquals(-1, list.oldest());
        assertEquals(-1, list.newest());
        assertEquals(0, list.size());
        assertEquals(3, list.capacity());
        assertEquals(0, list.pushNewest());
        assertEquals(1, list.pushNewest());
        assertFalse(list.isFull());
        assertEquals(2, list.pushNewest());
        assertTrue(list.isFull());
        assertArrayEquals(new int[] {0, 1, 2}, order(list));
        assertEquals(0, list.oldest());
        assertEquals(2, list.newest());
    }

    @Test
    void touchMovesASlotToTheNewestEnd() {
        SlotAgeList list = new SlotAgeList(4);
        for (int i = 0; i < 4; i++) {
            list.pushNewest();
        }
        list.touch(0); // head moves:   1 2 3 0
        assertArrayEquals(new int[] {1, 2, 3, 0}, order(list));
        list.touch(2); // middle moves: 1 3 0 2
        assertArrayEquals(new int[] {1, 3, 0, 2}, order(list));
        list.touch(2); // newest stays: 1 3 0 2
        assertArrayEquals(new int[] {1, 3, 0, 2}, order(list));
        assertEquals(1, list.oldest());
        assertEquals(2, list.newest());
        assertEquals(4, list.size());
    }

    @Test
    void removedSlotsAreReusedLastReleasedFirst() {
        SlotAgeList list = new SlotAgeList(4);
        for (int i = 0; i < 4; i++) {
            list.pushNewest(); // 0 1 2 3
        }
        list.remove(1); // middle:  0 2 3, free 1
        list.remove(3); // newest:  0 2,   free 3 1
        list.remove(0); // oldest:  2,     free 0 3 1
        assertArrayEquals(new int[] {2}, order(list));
        assertEquals(2, list.oldest());
        assertEquals(2, list.newest());
        assertEquals(1, list.size());
        assertEquals(0, list.pushNewest()); // 2 0
        assertEquals(3, list.pushNewest()); // 2 0 3
        assertEquals(1, list.pushNewest()); // 2 0 3 1
        assertArrayEquals(new int[] {2, 0, 3, 1}, order(list));
        assertTrue(list.isFull());
    }

    @Test
    void evictingTheOldestWhenFullMakesAnLruTable() {
        // The owners' pattern: when full, remove oldest() (counting the eviction), then push.
        SlotAgeList list = new SlotAgeList(2);
        int a = list.pushNewest(); // slot 0: [0]
        int b = list.pushNewest(); // slot 1: [0 1]
        list.touch(a); //                     [1 0]
        assertEquals(b, list.oldest());
        list.remove(list.oldest()); //        [0], free 1
        int c = list.pushNewest(); //         [0 1]: slot 1 again
        assertEquals(1, c);
        assertArrayEquals(new int[] {0, 1}, order(list));
    }

    @Test
    void emptyingTheListResetsBothEnds() {
        SlotAgeList list = new SlotAgeList(1);
        int s = list.pushNewest();
        assertEquals(0, s);
        list.remove(s);
        assertEquals(-1, list.oldest());
        assertEquals(-1, list.newest());
        assertEquals(0, list.size());
        assertEquals(0, list.pushNewest());
        assertEquals(0, list.oldest());
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

package org.voipwatch.analyzer.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.util.IpAddresses;

class FlowTableTest {
    private static final long A = IpAddresses.v4Lo(0x7f000a01); // 127.0.10.1
    private static final long B = IpAddresses.v4Lo(0x7f001401); // 127.0.20.1

    @Test
    void findsAFlowFromEitherDirectionAndKnowsItsInitiator() {
        FlowTable t = new FlowTable(16);
        int slot = t.insert(17, 0, B, 40000, 0, A, 5060, 1L);
        assertEquals(slot, t.find(17, 0, B, 40000, 0, A, 5060));
        assertEquals(slot, t.find(17, 0, A, 5060, 0, B, 40000));
        assertEquals(FlowTable.NOT_FOUND, t.find(6, 0, B, 40000, 0, A, 5060), "protocol is part of the key");
        assertTrue(t.fromInitiator(slot, 0, B, 40000));
        assertFalse(t.fromInitiator(slot, 0, A, 5060));
        assertEquals(B, t.initLo(slot));
        assertEquals(40000, t.initPort(slot));
        assertEquals(A, t.respLo(slot));
        assertEquals(5060, t.respPort(slot));
        t.swapInitiator(slot);
        assertEquals(A, t.initLo(slot));
        assertEquals(5060, t.initPort(slot));
        assertTrue(t.fromInitiator(slot, 0, A, 5060));
    }

    @Test
    void foundFromInitiatorAgreesWithFromInitiator() {
        FlowTable t = new FlowTable(16);
        int slot = t.insert(17, 0, B, 40000, 0, A, 5060, 1L); // B is the initiator, A < B is the key's A side
        int self = t.insert(17, 0, A, 7000, 0, A, 7000, 1L); // one socket talking to itself: one direction only
        for (boolean swapped : new boolean[] {false, true}) {
            assertEquals(slot, t.find(17, 0, B, 40000, 0, A, 5060));
            assertEquals(t.fromInitiator(slot, 0, B, 40000), t.foundFromInitiator(slot));
            assertEquals(!swapped, t.foundFromInitiator(slot));
            assertEquals(slot, t.find(17, 0, A, 5060, 0, B, 40000));
            assertEquals(t.fromInitiator(slot, 0, A, 5060), t.foundFromInitiator(slot));
            assertEquals(swapped, t.foundFromInitiator(slot));
            assertEquals(self, t.find(17, 0, A, 7000, 0, A, 7000));
            assertTrue(t.foundFromInitiator(self));
            assertTrue(t.fromInitiator(self, 0, A, 7000));
            t.swapInitiator(slot);
            t.swapInitiator(self);
        }
    }

    @Test
    void refusesInsertBeyondItsBound() {
        FlowTable t = new FlowTable(16);
        for (int i = 0; i < 16; i++) {
            assertTrue(t.insert(17, 0, A, 1000 + i, 0, B, 5060, i) >= 0);
        }
        assertEquals(FlowTable.FULL, t.insert(17, 0, A, 2000, 0, B, 5060, 99));
        assertEquals(16, t.size());
    }

    /** Random inserts and removals checked against java.util.HashMap as the oracle (backward-shift deletion). */
    @Test
    void agreesWithAHashMapUnderRandomInsertsAndRemovals() {
        FlowTable t = new FlowTable(512);
        Map<String, Long> oracle = new HashMap<>();
        Random rnd = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            // small key space forces collisions and long probe runs
            int sp = 1000 + rnd.nextInt(300);
            int dp = 5060 + rnd.nextInt(3);
            long src = IpAddresses.v4Lo(0x0a000000 | rnd.nextInt(4));
            String key = src + ":" + sp + ">" + dp;
            String rkey = key; // one orientation is enough: the oracle key uses the initiator's view
            int slot = t.find(17, 0, src, sp, 0, A, dp);
            if (rnd.nextInt(3) == 0) {
                if (slot >= 0) {
                    assertEquals(oracle.remove(rkey), t.firstNs[slot], "stored value at " + step);
                    t.remove(slot);
                } else {
                    assertFalse(oracle.containsKey(rkey), "lost entry at step " + step);
                }
            } else if (slot < 0) {
                assertFalse(oracle.containsKey(rkey), "lost entry at step " + step);
                if (oracle.size() < 512) {
                    int s = t.insert(17, 0, src, sp, 0, A, dp, step);
                    oracle.put(rkey, (long) step);
                    assertTrue(s >= 0);
                }
            } else {
                assertEquals(oracle.get(rkey), t.firstNs[slot]);
            }
            assertEquals(oracle.size(), t.size());
        }
    }

    /**
     * The index starts small and doubles with the live flows: every flow stays findable across each doubling,
     * with removals (backward-shift) in between, checked against a HashMap.
     */
    @Test
    void keepsEveryFlowWhileTheIndexGrows() {
        FlowTable t = new FlowTable(65_536);
        Map<Integer, Integer> slotOf = new HashMap<>();
        Random rnd = new Random(7);
        for (int n = 0; n < 40_000; n++) {
            int port = 1024 + n % 60_000;
            long src = IpAddresses.v4Lo(0x0a000000 | (n / 60_000));
            int s = t.insert(17, 0, src, port, 0, A, 5060, n);
            assertTrue(s >= 0, "insert " + n);
            slotOf.put(n, s);
            if (rnd.nextInt(4) == 0) {
                int victim = rnd.nextInt(n + 1);
                Integer vs = slotOf.remove(victim);
                if (vs != null) {
                    t.remove(vs);
                }
            }
            if (Integer.bitCount(n) == 1 || n % 9_999 == 0) {
                for (Map.Entry<Integer, Integer> e : slotOf.entrySet()) {
                    int k = e.getKey();
                    assertEquals((int) e.getValue(), t.find(17, 0, IpAddresses.v4Lo(0x0a000000 | (k / 60_000)),
                            1024 + k % 60_000, 0, A, 5060), "flow " + k + " after " + n + " inserts");
                }
            }
        }
        assertEquals(slotOf.size(), t.size());
        assertEquals(FlowTable.NOT_FOUND, t.find(17, 0, IpAddresses.v4Lo(0x0b000000), 1024, 0, A, 5060));
    }

    @Test
    void sweepRemovesIdleFlowsAndVisitsEachOnce() {
        FlowTable t = new FlowTable(1024);
        for (int i = 0; i < 1000; i++) {
            int s = t.insert(17, 0, A, 1000 + i, 0, B, 5060, i);
            t.lastNs[s] = i;
        }
        int[] visited = new int[1];
        int removed = t.sweep(500, (table, slot) -> {
            assertTrue(table.lastNs[slot] < 500);
            visited[0]++;
        });
        assertEquals(500, removed);
        assertEquals(500, visited[0]);
        assertEquals(500, t.size());
        for (int i = 500; i < 1000; i++) {
            assertTrue(t.find(17, 0, B, 5060, 0, A, 1000 + i) >= 0, "flow " + i + " must survive");
        }
    }
}

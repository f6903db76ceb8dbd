package org.voipwatch.analyzer.protocol.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StunTransactionTableTest {
    private static final long MS = 1_000_000L;

    @Test
    void requestRetransmissionsResponse() {
        StunTransactionTable t = new StunTransactionTable(8);
        assertEquals(0, t.onRequest(1, 2, StunMessage.METHOD_BINDING, 77, 1000 * MS));
        assertEquals(1, t.onRequest(1, 2, StunMessage.METHOD_BINDING, 77, 1500 * MS));
        assertEquals(2, t.onRequest(1, 2, StunMessage.METHOD_BINDING, 77, 2500 * MS));
        assertEquals(0, t.onRequest(1, 2, StunMessage.METHOD_BINDING, 78, 2500 * MS), "other flow, other entry");
        assertEquals(2, t.size());
        assertEquals(StunTransactionTable.NOT_FOUND, t.onResponse(1, 3, 77, 2600 * MS));
        assertEquals(-1, t.matchIndex());
        assertEquals(40 * MS, t.onResponse(1, 2, 77, 2540 * MS));
        assertEquals(StunMessage.METHOD_BINDING, t.matchMethod());
        assertEquals(2, t.matchRetransmissions());
        assertEquals(1000 * MS, t.matchFirstNs());
        assertEquals(2500 * MS, t.matchLastNs());
        assertEquals(StunTransactionTable.NOT_FOUND, t.onResponse(1, 2, 77, 2550 * MS), "duplicate response");
        assertEquals(1, t.size());
        assertEquals(4, t.requests());
        assertEquals(2, t.retransmissions());
        assertEquals(1, t.matchedResponses());
        assertEquals(2, t.unmatchedResponses());
        assertEquals(0, t.onResponse(1, 2, 78, 2400 * MS), "packet time going back: clamped at 0");
    }

    @Test
    void expireReportsUnansweredOldestFirst() {
        StunTransactionTable t = new StunTransactionTable(8);
        t.onRequest(0xa, 1, StunMessage.METHOD_ALLOCATE, 5, 0);
        t.onRequest(0xb, 2, StunMessage.METHOD_BINDING, 6, 10_000 * MS);
        t.onRequest(0xa, 1, StunMessage.METHOD_ALLOCATE, 5, 20_000 * MS);
        List<String> seen = new ArrayList<>();
        StunTransactionTable.Visitor v = (method, rtx, first, last, flow, hi, lo) ->
                seen.add(method + "/" + rtx + "/" + first / MS + "/" + last / MS + "/" + flow + "/" + hi + "/" + lo);
        assertEquals(0, t.expire(39_999 * MS, 40_000 * MS, v));
        assertEquals(1, t.expire(40_000 * MS, 40_000 * MS, v));
        assertEquals(List.of("3/1/0/20000/5/10/1"), seen);
        assertEquals(1, t.expire(60_000 * MS, 40_000 * MS, v));
        assertEquals("1/0/10000/10000/6/11/2", seen.get(1));
        assertEquals(0, t.size());
        assertEquals(2, t.expired());
    }

    @Test
    void evictsOldestWhenFull() {
        StunTransactionTable t = new StunTransactionTable(3);
        for (int i = 0; i < 5; i++) {
            t.onRequest(i, i, StunMessage.METHOD_BINDING, 0, i * MS);
        }
        assertEquals(3, t.size());
        assertEquals(2, t.evictions());
        assertEquals(StunTransactionTable.NOT_FOUND, t.onResponse(0, 0, 0, 9 * MS));
        assertEquals(StunTransactionTable.NOT_FOUND, t.onResponse(1, 1, 0, 9 * MS));
        assertEquals(7 * MS, t.onResponse(2, 2, 0, 9 * MS));
        assertEquals(5 * MS, t.onResponse(4, 4, 0, 9 * MS));
    }

    /** Random operations against a HashMap model: checks the probing and backward-shift deletion. */
    @Test
    void agreesWithAModel() {
        StunTransactionTable t = new StunTransactionTable(64);
        Map<String, long[]> model = new HashMap<>(); // key -> {firstNs, lastNs, retransmissions}
        Random rnd = new Random(7);
        long now = 0;
        for (int i = 0; i < 20_000; i++) {
            now += MS;
            long hi = rnd.nextInt(40);
            long lo = rnd.nextInt(3);
            long flow = rnd.nextInt(2);
            String key = hi + ":" + lo + ":" + flow;
            if (rnd.nextBoolean()) {
                if (model.size() == 64 && !model.containsKey(key)) {
                    continue; // keep the model free of eviction order
                }
                long[] e = model.computeIfAbsent(key, k -> new long[] {0, 0, -1});
                int expectedRtx = (int) ++e[2];
                if (expectedRtx == 0) {
                    e[0] = now;
                }
                e[1] = now;
                assertEquals(expectedRtx, t.onRequest(hi, lo, 1, flow, now));
            } else {
                long[] e = model.remove(key);
                long rtt = t.onResponse(hi, lo, flow, now);
                assertEquals(e == null ? StunTransactionTable.NOT_FOUND : now - e[1], rtt, key);
            }
            assertEquals(model.size(), t.size());
        }
        assertEquals(0, t.evictions());
        assertTrue(t.matchedResponses() > 1000);
    }

    @Test
    void steadyStateDoesNotAllocate() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StunTransactionTable t = new StunTransactionTable(1024);
        AllocationTracker a = new AllocationTracker(1024);
        StunTransactionTable.Visitor none = (method, rtx, first, last, flow, hi, lo) -> { };
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 100_000; i++) {
                long now = (round * 100_000L + i) * MS;
                t.onRequest(i, i * 31L, StunMessage.METHOD_BINDING, i & 15, now);
                t.onRequest(i, i * 31L, StunMessage.METHOD_BINDING, i & 15, now + 1); // retransmission
                if ((i & 3) != 0) {
                    sink += t.onResponse(i, i * 31L, i & 15, now + 2);
                }
                t.expire(now, 2_000 * MS, none);
                a.onAllocateRequest(i & 2047, false, now);
                a.onAllocateSuccess(i & 2047, 0, i, i & 0xffff, 600, now);
                sink += a.findByRelayedAddress(0, i, i & 0xffff, now);
            }
            long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 1) {
                assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 100k transactions");
            }
        }
        assertTrue(t.expired() > 0, "expiry path exercised");
        assertTrue(a.evictions() > 0, "eviction path exercised");
        assertTrue(sink != 0);
    }
}

package org.voipwatch.analyzer.protocol.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 3550 A.1/A.3/A.8 behaviour on hand-made sequences, expected values worked out by hand in the comments. */
class RtpStreamStatsTest {
    private static final long MS = 1_000_000L;

    @Test
    void lossGapAndPerfectTiming() {
        RtpStreamStats s = new RtpStreamStats();
        s.setClockRate(8000);
        // seq 10..19 without 15 and 16: expected 10, received 8, lost 2; 20 ms / 160 units each: jitter 0
        for (int seq = 10; seq < 20; seq++) {
            if (seq == 15 || seq == 16) {
                continue;
            }
            assertEquals(RtpStreamStats.IN_ORDER, s.update(seq * 20 * MS, seq, seq * 160L, 172));
        }
        assertEquals(8, s.packets());
        assertEquals(8 * 172, s.bytes());
        assertEquals(10, s.expected());
        assertEquals(2, s.lost());
        assertEquals(20.0, s.lossPercent(), 1e-9);
        assertEquals(0.0, s.jitterMs(), 1e-9);
        assertEquals(60 * MS, s.maxDeltaNs());
        assertEquals(10 * 20 * MS, s.firstTimeNs());
        assertTrue(s.validated());
        // A.3 interval: 2 of 10 lost = 0.2 * 256 = 51
        assertEquals(51, s.intervalFractionLost());
        assertEquals(0, s.intervalFractionLost());
    }

    @Test
    void jitterFollowsA8() {
        RtpStreamStats s = new RtpStreamStats();
        s.setClockRate(8000);
        s.update(0, 1, 160, 0);
        s.update(20 * MS, 2, 320, 0);
        // third packet 10 ms late: D = 80 units, J = 0 + (80 - 0) / 16 = 5
        s.update(50 * MS, 3, 480, 0);
        assertEquals(5.0, s.jitterUnits(), 1e-9);
        // fourth on time again: arrival delta 10 ms = 80 units vs 160: D = 80, J = 5 + 75/16 = 9.6875
        s.update(60 * MS, 4, 640, 0);
        assertEquals(9.6875, s.jitterUnits(), 1e-9);
        assertEquals(9.6875 / 8, s.jitterMs(), 1e-9);
        assertEquals(9.6875 / 8, s.maxJitterMs(), 1e-9);
        // mean over the three updates: (0 + 5 + 9.6875) / 3 units
        assertEquals((5 + 9.6875) / 3 / 8, s.meanJitterMs(), 1e-9);
    }

    @Test
    void duplicatesReorderAndWrap() {
        RtpStreamStats s = new RtpStreamStats();
        int[] seqs = {65533, 65534, 0, 65535, 1, 1, 2, 65535};
        int[] want = {RtpStreamStats.IN_ORDER, RtpStreamStats.IN_ORDER, RtpStreamStats.IN_ORDER,
            RtpStreamStats.OUT_OF_ORDER, RtpStreamStats.IN_ORDER, RtpStreamStats.DUPLICATE, RtpStreamStats.IN_ORDER,
            RtpStreamStats.DUPLICATE};
        for (int i = 0; i < seqs.length; i++) {
            assertEquals(want[i], s.update(i * 20 * MS, seqs[i], 0, 0), "packet " + i);
        }
        // 65533..2 across the wrap: 6 expected, 8 received (2 duplicates): lost -2 as A.3 allows
        assertEquals(65536 + 2, s.extendedMaxSeq());
        assertEquals(6, s.expected());
        assertEquals(8, s.received());
        assertEquals(-2, s.lost());
        assertEquals(0.0, s.lossPercent());
        assertEquals(2, s.duplicates());
        assertEquals(1, s.outOfOrder());
    }

    /**
     * Late packets up to {@link RtpStreamStats#MAX_MISORDER} behind, duplicates, gaps and wraps, classified against a
     * model that remembers every extended sequence number received (a set, no window): the bit window must give
     * the same answers for every packet A.1 treats as late, and the same counters.
     */
    @Test
    void duplicateWindowAgreesWithAnUnboundedModel() {
        Random rnd = new Random(7);
        for (int run = 0; run < 50; run++) {
            RtpStreamStats s = new RtpStreamStats();
            Set<Long> received = new HashSet<>();
            int start = rnd.nextInt(65536);
            long maxExt = start; // the model's highest extended sequence number
            long duplicates = 0;
            long late = 0;
            for (int i = 0; i < 5_000; i++) {
                long ext;
                int pick = i == 0 ? 0 : rnd.nextInt(10);
                if (pick < 6) {
                    ext = i == 0 ? start : maxExt + 1 + (rnd.nextInt(8) == 0 ? rnd.nextInt(2_000) : 0); // gap
                } else if (pick < 9) {
                    ext = maxExt - rnd.nextInt(RtpStreamStats.MAX_MISORDER); // late, possibly already received
                } else {
                    ext = maxExt; // the highest again: a duplicate
                }
                int want;
                if (ext > maxExt || i == 0) {
                    want = RtpStreamStats.IN_ORDER;
                    maxExt = Math.max(maxExt, ext);
                } else if (received.contains(ext)) {
                    want = RtpStreamStats.DUPLICATE;
                    duplicates++;
                } else {
                    want = RtpStreamStats.OUT_OF_ORDER;
                    late++;
                }
                received.add(ext);
                assertEquals(want, s.update(i * 20 * MS, (int) (ext & 0xffff), 0, 0), "run " + run + " packet " + i);
            }
            assertEquals(duplicates, s.duplicates(), "run " + run);
            assertEquals(late, s.outOfOrder(), "run " + run);
            assertEquals(maxExt, s.extendedMaxSeq(), "run " + run); // the first packet's number has cycle 0
        }
    }

    @Test
    void largeJumpNeedsTwoPacketsToResync() {
        RtpStreamStats s = new RtpStreamStats();
        for (int seq = 100; seq < 110; seq++) {
            s.update(seq * MS, seq, 0, 0);
        }
        // a single stray packet far away is held back (A.1 bad_seq) and not counted
        assertEquals(RtpStreamStats.BAD_SEQUENCE, s.update(200 * MS, 40000, 0, 0));
        assertEquals(RtpStreamStats.IN_ORDER, s.update(201 * MS, 110, 0, 0));
        assertEquals(11, s.expected());
        assertEquals(11, s.received());
        // the source restarts at 5000: the second sequential packet confirms it
        assertEquals(RtpStreamStats.BAD_SEQUENCE, s.update(300 * MS, 5000, 0, 0));
        assertEquals(RtpStreamStats.RESYNC, s.update(301 * MS, 5001, 0, 0));
        assertEquals(RtpStreamStats.IN_ORDER, s.update(302 * MS, 5003, 0, 0));
        assertEquals(1, s.seqResets());
        // epochs: 100..110 (11 of 11) then 5000..5003 (3 of 4)
        assertEquals(15, s.expected());
        assertEquals(14, s.received());
        assertEquals(1, s.lost());
        assertEquals(15, s.packets());
        s.reset();
        assertEquals(0, s.packets());
        assertEquals(0, s.expected());
        assertFalse(s.validated());
    }

    @Test
    void updateDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RtpStreamStats s = new RtpStreamStats();
        s.setClockRate(8000);
        for (int i = 0; i < 20000; i++) {
            s.update(i * 20 * MS + (i % 7) * MS, i & 0xffff, i * 160L, 172);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100000; i++) {
            s.update(i * 20 * MS + (i % 7) * MS, (i * 3 % 5 + i) & 0xffff, i * 160L, 172);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 100000 updates");
    }
}

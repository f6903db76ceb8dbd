package org.voipwatch.capture.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * IdleTicker on a hand-driven wall clock. Expected tick times follow from the definition in the class comment:
 * tick = last packet time + wall time elapsed since that packet, due once per idle period of silence.
 */
class IdleTickerTest {
    private static final long MS = 1_000_000L;
    /** Packet clock (capture header time) and wall clock deliberately far apart: they are different clocks. */
    private static final long PKT = 1_700_000_000_000_000_000L;
    private static final long WALL = 5_000 * MS;

    private long wall = WALL;
    private final IdleTicker ticker = new IdleTicker(200 * MS, 0, () -> wall);

    @Test
    void noTickBeforeTheFirstPacket() {
        wall += 10_000 * MS;
        assertEquals(IdleTicker.NO_TICK, ticker.poll());
        assertEquals(IdleTicker.NO_TICK, ticker.nowEstimateNs());
    }

    @Test
    void tickIsDueAfterTheIdleTimeAndCarriesPacketTimePlusElapsedWallTime() {
        ticker.onPacket(PKT);
        wall += 199 * MS;
        assertEquals(IdleTicker.NO_TICK, ticker.poll(), "199 ms of silence is not idle yet");
        wall += 1 * MS;
        assertEquals(PKT + 200 * MS, ticker.poll());
        wall += 150 * MS;
        assertEquals(IdleTicker.NO_TICK, ticker.poll(), "150 ms after the last tick: not due again");
        wall += 60 * MS;
        assertEquals(PKT + 410 * MS, ticker.poll());
        wall += 1_000 * MS;
        assertEquals(PKT + 1_410 * MS, ticker.poll(), "a late poll still gives the time of now");
    }

    @Test
    void aPacketRestartsTheIdlePeriod() {
        ticker.onPacket(PKT);
        wall += 300 * MS;
        assertEquals(PKT + 300 * MS, ticker.poll());
        ticker.onPacket(PKT + 305 * MS); // packet stamped 5 ms after the wall-clock estimate: the kernel's time wins
        wall += 100 * MS;
        assertEquals(IdleTicker.NO_TICK, ticker.poll());
        wall += 100 * MS;
        assertEquals(PKT + 505 * MS, ticker.poll());
    }

    @Test
    void ticksNeverGoBackwards() {
        ticker.onPacket(PKT);
        wall += 1_000 * MS;
        assertEquals(PKT + 1_000 * MS, ticker.poll());
        // another interface delivers an old packet (its time is behind the last tick)
        ticker.onPacket(PKT + 100 * MS);
        wall += 200 * MS;
        assertEquals(IdleTicker.NO_TICK, ticker.poll(), "PKT+300ms would move the clock back from PKT+1000ms");
        wall += 800 * MS;
        assertEquals(PKT + 1_100 * MS, ticker.poll());
    }

    @Test
    void nowEstimateIsPacketTimePlusElapsedAndNeverBehindTheLastTick() {
        ticker.onPacket(PKT);
        wall += 50 * MS;
        assertEquals(PKT + 50 * MS, ticker.nowEstimateNs());
        wall += 950 * MS;
        assertEquals(PKT + 1_000 * MS, ticker.poll());
        ticker.onPacket(PKT + 10 * MS);
        assertEquals(PKT + 1_000 * MS, ticker.nowEstimateNs());
    }

    /**
     * With a 100 ms delivery lag (TPACKET_V3 block timeout), a packet captured up to 100 ms ago may still be in the
     * kernel; the tick stays 100 ms behind the estimate so it cannot overtake that packet.
     */
    @Test
    void aDeliveryLagKeepsTicksBehindPacketsThatMayStillBeInTheKernel() {
        IdleTicker lagged = new IdleTicker(200 * MS, 100 * MS, () -> wall);
        lagged.onPacket(PKT);
        wall += 200 * MS;
        assertEquals(PKT + 100 * MS, lagged.poll());
        wall += 200 * MS;
        assertEquals(PKT + 300 * MS, lagged.poll());
        assertEquals(PKT + 300 * MS, lagged.nowEstimateNs());
        // a packet captured at PKT + 250 ms, handed over only now: the estimate does not go back to it, and the
        // next tick counts from it
        lagged.onPacket(PKT + 250 * MS);
        assertEquals(PKT + 300 * MS, lagged.nowEstimateNs(), "never behind the last tick");
        wall += 200 * MS;
        assertEquals(PKT + 350 * MS, lagged.poll());
    }

    @Test
    void nowEstimateIsNeverBeforeTheLastPacket() {
        IdleTicker lagged = new IdleTicker(200 * MS, 100 * MS, () -> wall);
        lagged.onPacket(PKT);
        wall += 10 * MS;
        assertEquals(PKT, lagged.nowEstimateNs());
    }

    @Test
    void rejectsANonPositiveIdleTime() {
        assertThrows(IllegalArgumentException.class, () -> new IdleTicker(0, 0, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new IdleTicker(200 * MS, 200 * MS, () -> 0));
    }
}

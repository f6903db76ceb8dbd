package org.voipwatch.capture.time;

import java.util.function.LongSupplier;

/**
 * Keeps the packet clock moving on a quiet wire. Offline, time comes only from packets; live, a timer such as the
 * SYN timeout must still fire when nothing more arrives. When no packet has been seen for {@link #idleNanos()} of
 * wall-clock time, {@link #poll()} returns a tick time: the last packet's time plus the wall-clock time elapsed
 * since that packet was handed over, minus a delivery lag. Ticks repeat at most once per idle period and never go
 * backwards.
 *
 * <p>The lag is the longest a captured packet can wait in the kernel before it is handed over (libpcap's TPACKET_V3
 * block timeout). A packet still waiting there was captured less than the lag ago, so a tick that stays the lag
 * behind the estimated "now" never overtakes it: a SYN-ACK sitting in an unfinished block cannot be preceded by a
 * tick that fires the SYN timeout.
 *
 * <p>Threads: {@link #onPacket} is called by the capture threads (one per interface), {@link #poll} and
 * {@link #nowEstimateNs} by the single ticker thread. The two packet fields are volatile and written wall time
 * first, packet time last; a reader racing a packet may pair a new wall time with the previous packet time,
 * which only makes it wait one more poll (it then sees less than the idle time elapsed).
 * The wall clock is injected (System::nanoTime in production) so tests drive it by hand.
 */
public final class IdleTicker {
    /** Idle time after which a tick is due: long enough to cost nothing under traffic, short next to timeouts. */
    public static final long IDLE_NANOS_DEFAULT = 200_000_000L;
    /** Returned by {@link #poll()} when no tick is due. */
    public static final long NO_TICK = Long.MIN_VALUE;

    private final long idleNanos;
    private final long lagNanos;
    private final LongSupplier wallNanos;
    private volatile long lastPacketWallNs;
    private volatile long lastPacketNs = NO_TICK;
    // ticker thread only
    private long lastTickNs = NO_TICK;
    private long lastTickWallNs;

    /**
     * @param idleNanos wall-clock silence before a tick is due, positive
     * @param lagNanos  longest delivery delay of a captured packet (0 in immediate mode), less than idleNanos
     * @param wallNanos a monotonic wall clock in nanoseconds (System::nanoTime)
     */
    public IdleTicker(long idleNanos, long lagNanos, LongSupplier wallNanos) {
        if (idleNanos <= 0) {
            throw new IllegalArgumentException("idleNanos must be positive, got " + idleNanos);
        }
        if (lagNanos < 0 || lagNanos >= idleNanos) {
            throw new IllegalArgumentException("lagNanos must be in 0..idleNanos-1, got " + lagNanos);
        }
        this.idleNanos = idleNanos;
        this.lagNanos = lagNanos;
        this.wallNanos = wallNanos;
    }

    /** A packet stamped {@code packetNs} (capture header time) was just received. Capture threads; no allocation. */
    public void onPacket(long packetNs) {
        lastPacketWallNs = wallNanos.getAsLong();
        lastPacketNs = packetNs;
    }

    /**
     * Returns the packet time of a tick to publish now, or {@link #NO_TICK}: before the first packet (there is no
     * packet clock to advance yet), when a packet or a tick came less than the idle time ago, or when the tick would
     * not move the clock forward. Ticker thread only.
     */
    public long poll() {
        long pkt = lastPacketNs;
        if (pkt == NO_TICK) {
            return NO_TICK;
        }
        long pktWall = lastPacketWallNs;
        long now = wallNanos.getAsLong();
        if (now - pktWall < idleNanos || (lastTickNs != NO_TICK && now - lastTickWallNs < idleNanos)) {
            return NO_TICK;
        }
        long t = pkt + (now - pktWall) - lagNanos;
        if (lastTickNs != NO_TICK && t <= lastTickNs) {
            return NO_TICK;
        }
        lastTickNs = t;
        lastTickWallNs = now;
        return t;
    }

    /**
     * The packet-clock time that corresponds to now (last packet time plus wall time since, minus the lag), at least
     * the last packet's time and the last tick; {@link #NO_TICK} before the first packet. Used for the END slot when capture stops. Ticker thread or
     * the thread that has joined it.
     */
    public long nowEstimateNs() {
        long pkt = lastPacketNs;
        if (pkt == NO_TICK) {
            return NO_TICK;
        }
        long t = pkt + Math.max(0, wallNanos.getAsLong() - lastPacketWallNs - lagNanos);
        return lastTickNs != NO_TICK && lastTickNs > t ? lastTickNs : t;
    }

    public long idleNanos() {
        return idleNanos;
    }
}

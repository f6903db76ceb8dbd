package org.voipwatch.capture.ring;

import com.lmax.disruptor.RingBuffer;
import org.voipwatch.capture.source.PacketSource;
import org.voipwatch.capture.source.RingPublishingSource;

/**
 * Moves packets from a source into the ring: claims slots in batches, lets the source fill them in place
 * (no copy through an intermediate object), publishes the batch, and ends with one {@code KIND_END} slot.
 * Runs on the capture thread (the ring's single producer). A {@link RingPublishingSource} (live capture) publishes
 * from its own threads instead, END included; this loop then only waits for it.
 */
public final class CaptureLoop {
    /** Slots claimed per batch: amortises the claim/publish cost without delaying packets much. */
    public static final int BATCH_DEFAULT = 64;

    private final RingBuffer<PacketEvent> ring;
    private final int batch;
    private volatile long packets;
    private volatile long firstPacketNanos;

    public CaptureLoop(RingBuffer<PacketEvent> ring, int batch) {
        if (batch < 1 || batch > ring.getBufferSize()) {
            throw new IllegalArgumentException("batch must be in 1.." + ring.getBufferSize() + ", got " + batch);
        }
        this.ring = ring;
        this.batch = batch;
    }

    /** Runs until the source is exhausted or stopped; returns the number of packets published. */
    public long run(PacketSource source) {
        if (source instanceof RingPublishingSource) {
            RingPublishingSource live = (RingPublishingSource) source;
            long n = live.publishInto(ring);
            firstPacketNanos = live.firstPacketNanos();
            packets = n;
            return n;
        }
        long lastTs = 0;
        long count = 0;
        boolean more = true;
        while (more) {
            long hi = ring.next(batch);
            long lo = hi - batch + 1;
            long before = count == 0 ? System.nanoTime() : 0; // the first packet's read starts the clock
            long seq = source.fillBatch(ring, lo, hi);
            more = seq > hi;
            for (long s = lo; s < seq; s++) { // slots just written on this thread: cheap to read back
                PacketEvent slot = ring.get(s);
                if (slot.kind == PacketEvent.KIND_PACKET) {
                    count++;
                }
                lastTs = slot.timestampNs;
            }
            if (before != 0 && count > 0) {
                firstPacketNanos = before;
            }
            if (!more) {
                ring.get(seq).setEnd(lastTs);
                // fill the rest of the claimed batch with ticks that do not move the clock
                for (long s = seq + 1; s <= hi; s++) {
                    ring.get(s).setTick(lastTs);
                }
            }
            ring.publish(lo, hi);
            packets = count;
        }
        return count;
    }

    public long packets() {
        return packets;
    }

    /** System.nanoTime() when reading of the first packet began (offline: the start of its batch), 0 before. */
    public long firstPacketNanos() {
        return firstPacketNanos;
    }
}

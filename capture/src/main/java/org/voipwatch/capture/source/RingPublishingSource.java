package org.voipwatch.capture.source;

import com.lmax.disruptor.RingBuffer;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * A source that owns its capture threads and publishes into the ring itself (live capture), instead of being
 * pulled slot by slot through {@link #nextInto}: a blocking pull would hold a half-filled batch of claimed slots
 * back from the analyzer for as long as the wire is quiet. {@link org.voipwatch.capture.ring.CaptureLoop} calls
 * {@link #publishInto} for such sources. The ring must be multi-producer when {@link #multiProducer()} says so.
 */
public interface RingPublishingSource extends PacketSource {
    /**
     * Publishes packets and idle ticks into {@code ring} from the source's own threads until {@link #stop()} is
     * called or every capture thread has ended, then publishes exactly one {@code KIND_END} slot and returns the
     * number of packets published. Blocks the calling thread meanwhile; an interrupt of that thread stops the
     * source like {@link #stop()} and is re-asserted on return. Call once.
     */
    long publishInto(RingBuffer<PacketEvent> ring);

    /** System.nanoTime() when the first packet was published, 0 before. */
    long firstPacketNanos();
}

package org.voipwatch.capture.source;

import com.lmax.disruptor.RingBuffer;

import org.voipwatch.capture.ring.PacketEvent;

/**
 * Where packets come from: capture files (offline) or interfaces (live). Offline and live analysis differ
 * only in the source. Owned by the capture thread.
 */
public interface PacketSource extends AutoCloseable {
    /**
     * Fills {@code slot} with the next packet (or a tick) and returns true, or returns false when the source
     * is exhausted. Must not allocate.
     */
    boolean nextInto(PacketEvent slot);

    /**
     * Fills the claimed slots {@code lo..hi} of {@code ring} in order and returns the sequence after the last one
     * filled: {@code hi + 1}, or less when the source was exhausted first. Must not allocate. The default asks
     * {@link #nextInto} for each slot; a file source overrides it so that a packet does not pay for the calls
     * through every wrapper and interface on its way (C1, which runs offline analysis, inlines none of them).
     */
    default long fillBatch(RingBuffer<PacketEvent> ring, long lo, long hi) {
        long seq = lo;
        while (seq <= hi && nextInto(ring.get(seq))) {
            seq++;
        }
        return seq;
    }

    /** Warnings collected while reading (truncated files, skipped blocks); empty when all went well. */
    java.util.List<String> warnings();

    /**
     * True when the source publishes into the packet ring from more than one thread (live capture: a thread per
     * interface plus the idle ticker), so the ring must be built with {@code ProducerType.MULTI}. False for
     * sources pulled on one thread by {@link org.voipwatch.capture.ring.CaptureLoop}.
     */
    default boolean multiProducer() {
        return false;
    }

    /** Asks a blocking source to stop soon; {@link #nextInto} then returns false. Thread-safe. */
    default void stop() {
    }

    @Override
    void close();
}

package org.voipwatch.capture.source;

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

    /** Warnings collected while reading (truncated files, skipped blocks); empty when all went well. */
    java.util.List<String> warnings();

    /** Asks a blocking source to stop soon; {@link #nextInto} then returns false. Thread-safe. */
    default void stop() {
    }

    @Override
    void close();
}

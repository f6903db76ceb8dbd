package org.voipwatch.analyzer.cli;

import java.io.PrintStream;
import com.lmax.disruptor.RingBuffer;
import java.util.List;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.PacketSource;

/**
 * Wraps a source to print a progress line on a terminal about twice a second (packets read and rate). The
 * wall clock is read here, on the capture thread, never in the analysis path.
 */
final class ProgressSource implements PacketSource {
    private static final long INTERVAL_NANOS = 500_000_000L;
    private final PacketSource delegate;
    private final boolean enabled;
    private final PrintStream err;
    private long packets;
    private long startNanos;
    private long nextNanos;
    private boolean printed;

    ProgressSource(PacketSource delegate, boolean enabled, PrintStream err) {
        this.delegate = delegate;
        this.enabled = enabled;
        this.err = err;
    }

    @Override
    public boolean nextInto(PacketEvent slot) {
        boolean more = delegate.nextInto(slot);
        if (enabled && more && (++packets & 0xffff) == 0) {
            progress();
        }
        return more;
    }

    private void progress() {
        long now = System.nanoTime();
        if (startNanos == 0) {
            startNanos = now;
            nextNanos = now + INTERVAL_NANOS;
        } else if (now >= nextNanos) {
            nextNanos = now + INTERVAL_NANOS;
            double secs = (now - startNanos) / 1e9;
            err.printf("\rvoipwatch: %,d packets read (%.1f M/s)   ", packets, packets / secs / 1e6);
            printed = true;
        }
    }

    @Override
    public long fillBatch(RingBuffer<PacketEvent> ring, long lo, long hi) {
        long next = delegate.fillBatch(ring, lo, hi);
        if (enabled) {
            long before = packets;
            packets += next - lo;
            if ((before >>> 16) != (packets >>> 16)) { // about every 65,536 packets, as nextInto
                progress();
            }
        }
        return next;
    }

    void finish() {
        if (printed) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    @Override
    public List<String> warnings() {
        return delegate.warnings();
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

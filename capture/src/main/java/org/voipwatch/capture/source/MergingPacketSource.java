package org.voipwatch.capture.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import com.lmax.disruptor.RingBuffer;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * Merges several {@link CaptureReader}s into one packet stream in timestamp order (k-way merge on each reader's
 * next record; equal timestamps keep the order of the file list). Each reader keeps its own window, so the record a
 * reader holds stays valid while others advance.
 *
 * <p>A linear scan over the readers' heads is used because k is the number of files on a command line (a handful);
 * it allocates nothing. Never throws from {@link #nextInto}: a reader that fails ends with a warning. Owned by the
 * capture thread; only {@link #stop()} may be called from another thread.
 */
public final class MergingPacketSource implements PacketSource {
    private final CaptureReader[] readers;
    private final String[] names;
    private final boolean[] ready;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> warningsView = Collections.unmodifiableList(warnings);
    private volatile boolean stopped;
    private boolean started;
    private boolean finished;
    private long cutFrames;

    /**
     * @param readers open readers, in the order that defines {@link PacketEvent#sourceIndex}; closed by
     *                {@link #close()}
     * @param names   the file names used in warnings (same order)
     */
    public MergingPacketSource(List<CaptureReader> readers, List<String> names) {
        if (readers.size() != names.size()) {
            throw new IllegalArgumentException("readers and names differ in size");
        }
        this.readers = readers.toArray(new CaptureReader[0]);
        this.names = names.toArray(new String[0]);
        this.ready = new boolean[this.readers.length];
    }

    @Override
    public boolean nextInto(PacketEvent slot) {
        if (stopped) {
            return false;
        }
        if (!started) {
            started = true;
            for (int i = 0; i < readers.length; i++) {
                advance(i);
            }
        }
        int best = 0;
        if (readers.length == 1) {
            // one file (the common case): no merge scan
            if (!ready[0]) {
                return end(slot);
            }
        } else {
            best = -1;
            long bestTs = 0;
            for (int i = 0; i < readers.length; i++) {
                // Strictly earlier only: ties go to the lower index, i.e. file order.
                if (ready[i] && (best < 0 || readers[i].timestampNs() < bestTs)) {
                    best = i;
                    bestTs = readers[i].timestampNs();
                }
            }
            if (best < 0) {
                return end(slot);
            }
        }
        if (readers[best].copyTo(slot, best)) {
            cutFrames++;
        }
        advance(best);
        return true;
    }

    /**
     * One file (the common case): the slots are filled straight from its reader, with direct calls to the file
     * reader's methods; several files go packet by packet through the merge.
     */
    @Override
    public long fillBatch(RingBuffer<PacketEvent> ring, long lo, long hi) {
        if (readers.length != 1 || !(readers[0] instanceof CaptureFileReader) || !started || stopped) {
            return PacketSource.super.fillBatch(ring, lo, hi);
        }
        CaptureFileReader r = (CaptureFileReader) readers[0];
        long seq = lo;
        if (!ready[0]) {
            end(ring.get(seq));
            return seq;
        }
        while (seq <= hi) {
            if (r.copyTo(ring.get(seq), 0)) {
                cutFrames++;
            }
            seq++;
            boolean more;
            try {
                more = r.next();
            } catch (RuntimeException e) {
                readerFailed(0, e);
                return seq;
            }
            if (!more) {
                ready[0] = false;
                if (r.warning() != null) {
                    warnings.add(r.warning());
                }
                if (seq <= hi) {
                    end(ring.get(seq)); // as nextInto() does when the file is done: the warning about cut frames
                }
                return seq;
            }
        }
        return seq;
    }

    private boolean end(PacketEvent slot) {
        finish(Math.max(slot.data.length, PacketEvent.MAX_FRAME_BYTES));
        return false;
    }

    private void advance(int i) {
        try {
            ready[i] = readers[i].next();
        } catch (RuntimeException e) {
            readerFailed(i, e);
            return;
        }
        if (!ready[i] && readers[i].warning() != null) {
            warnings.add(readers[i].warning());
        }
    }

    /** A reader bug must not take the capture thread down: end that file and say why (out of line: cold). */
    private void readerFailed(int i, RuntimeException e) {
        ready[i] = false;
        warnings.add(names[i] + ": reader failed after " + readers[i].recordCount() + " packets: " + e);
    }

    private void finish(int slotBytes) {
        if (!finished) {
            finished = true;
            if (cutFrames > 0) {
                warnings.add(cutFrames + " frames longer than the " + slotBytes + "-byte ring slot were cut");
            }
        }
    }

    /** Frames whose captured length exceeded the slot and were cut to it. */
    public long cutFrames() {
        return cutFrames;
    }

    /** Records read so far from the file at {@code sourceIndex}. */
    public long recordCount(int sourceIndex) {
        return readers[sourceIndex].recordCount();
    }

    /** Format name of the file at {@code sourceIndex}, see {@link CaptureReader#format()}. */
    public String format(int sourceIndex) {
        return readers[sourceIndex].format();
    }

    @Override
    public List<String> warnings() {
        return warningsView;
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public void close() {
        for (CaptureReader r : readers) {
            r.close();
        }
    }
}

package org.voipwatch.capture.source;

import org.voipwatch.capture.ring.PacketEvent;

/**
 * What the pcap and pcapng readers share: the streaming input, the current record as a view into the input's window
 * (timestamp, link type, lengths, data offset), the record count and the way reading stops with a warning.
 * Subclasses parse their own headers and fill the record fields in {@link #next()}. Owned by one thread.
 */
abstract class CaptureFileReader implements CaptureReader {
    final String name;
    final CaptureInput in;
    final String format;

    /** Where the current record ends in the window, or -1 when {@link #next()} has nothing to step past. */
    int recordEnd = -1;
    long recordCount;
    long timestampNs;
    int linkType;
    int capturedLength;
    int originalLength;
    int dataOffset;
    boolean done;
    String warning;

    CaptureFileReader(String name, CaptureInput in, String format) {
        this.name = name;
        this.in = in;
        this.format = format;
    }

    /**
     * Starts a {@link #next()} call: false once reading has stopped; otherwise moves the input past the record
     * returned last, whose bytes the caller was allowed to use until now.
     */
    final boolean stepPastRecord() {
        if (done) {
            return false;
        }
        if (recordEnd >= 0) {
            in.pos = recordEnd;
            recordEnd = -1;
        }
        return true;
    }

    /**
     * Ends iteration; {@code problem} null means a clean end unless the input itself failed.
     *
     * @param offset byte offset in the (uncompressed) file where the problem was found, for the warning
     * @return false, so that {@code next()} can {@code return stop(...)}
     */
    final boolean stop(String problem, long offset) {
        done = true;
        String readError = in.readError();
        if (problem != null || readError != null) {
            warning = name + ": " + (problem != null ? problem : "read error") + " at byte offset " + offset
                    + (format.endsWith("+gzip") ? " (uncompressed)" : "") + " after " + recordCount + " packets"
                    + (readError != null ? " (" + readError + ")" : "");
        }
        return false;
    }

    @Override
    public final boolean copyTo(PacketEvent slot, int sourceIndex) {
        boolean cut = capturedLength > Math.max(slot.data.length, PacketEvent.MAX_FRAME_BYTES);
        slot.setPacket(timestampNs, linkType, in.array(), dataOffset, capturedLength, originalLength, sourceIndex,
                recordCount);
        return cut;
    }

    @Override
    public final long timestampNs() {
        return timestampNs;
    }

    @Override
    public final int linkType() {
        return linkType;
    }

    @Override
    public final int capturedLength() {
        return capturedLength;
    }

    @Override
    public final int originalLength() {
        return originalLength;
    }

    @Override
    public final byte[] buffer() {
        return in.array();
    }

    @Override
    public final int offset() {
        return dataOffset;
    }

    @Override
    public final long recordCount() {
        return recordCount;
    }

    @Override
    public final String warning() {
        return warning;
    }

    @Override
    public final String format() {
        return format;
    }

    @Override
    public final void close() {
        done = true;
        in.close();
    }
}

package org.voipwatch.capture.source;

import java.io.Closeable;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * A streaming reader of one capture file, record by record, into a reused internal buffer.
 *
 * <p>Usage: {@code while (reader.next()) { use buffer()[offset() .. offset()+capturedLength()) }}. The
 * bytes stay valid until the next call to {@link #next()}. Implementations never allocate per record and
 * keep memory bounded whatever the file size. A damaged or truncated file ends the iteration and leaves a
 * human-readable {@link #warning()}; it does not throw. Owned by one thread.
 */
public interface CaptureReader extends Closeable {
    /** Advances to the next record; false at end of input (clean or not: see {@link #warning()}). */
    boolean next();

    long timestampNs();

    /** LINKTYPE_* of the current record (pcapng: of its interface). */
    int linkType();

    int capturedLength();

    int originalLength();

    byte[] buffer();

    int offset();

    /** Number of records returned so far (the current record's frame number). */
    long recordCount();

    /**
     * Copies the current record into a ring slot (frame bytes and header fields). One call instead of seven
     * accessor calls per packet on the capture thread; readers with direct field access override it.
     *
     * @return true when the frame was longer than the slot can hold and was cut
     */
    default boolean copyTo(PacketEvent slot, int sourceIndex) {
        boolean cut = capturedLength() > Math.max(slot.data.length, PacketEvent.MAX_FRAME_BYTES);
        slot.setPacket(timestampNs(), linkType(), buffer(), offset(), capturedLength(), originalLength(),
                sourceIndex, recordCount());
        return cut;
    }

    /** Null, or why reading stopped early / what was skipped (e.g. "truncated record at byte 1234"). */
    String warning();

    /** Human-readable format name: "pcap", "pcap-ns", "pcapng", with "+gzip" when compressed. */
    String format();

    @Override
    void close();
}

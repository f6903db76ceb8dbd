package org.voipwatch.capture.source;

import java.io.IOException;

/**
 * Reads classic libpcap files record by record: both byte orders, microsecond ({@code 0xa1b2c3d4}), nanosecond
 * ({@code 0xa1b23c4d}) and the Kuznetsov "modified" variant ({@code 0xa1b2cd34}, 8 extra bytes per record header).
 *
 * <pre>
 * File header (24 bytes):                 Record header (16 bytes, then caplen bytes of frame):
 *  0 magic      4 major(2) 6 minor(4)       0 ts_sec (unsigned)   4 ts_usec or ts_nsec
 *  8 thiszone  12 sigfigs 16 snaplen        8 incl_len (captured) 12 orig_len (on the wire)
 * 20 linktype (low 16 bits; upper bits carry FCS flags)
 * </pre>
 * A record is returned as a view into the reader's window; nothing is allocated per record. A damaged or truncated
 * file ends iteration with a {@link #warning()}. Owned by one thread.
 */
public final class PcapFileReader implements CaptureReader {
    public static final int MAGIC_MICROS = 0xa1b2c3d4;
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    public static final int MAGIC_MODIFIED = 0xa1b2cd34;

    static final int FILE_HEADER_LENGTH = 24;
    static final int SNAPLEN_OFFSET = 16;
    static final int LINKTYPE_OFFSET = 20;
    static final int TS_SEC_OFFSET = 0;
    static final int TS_FRAC_OFFSET = 4;
    static final int INCL_LEN_OFFSET = 8;
    static final int ORIG_LEN_OFFSET = 12;
    static final int RECORD_HEADER_LENGTH = 16;
    static final int MODIFIED_RECORD_HEADER_LENGTH = 24;
    /** Larger records are taken as corruption (libpcap's own ceiling for most link types is 256 KiB). */
    public static final int MAX_RECORD_BYTES = 256 * 1024;

    private final String name;
    private final CaptureInput in;
    private final boolean bigEndian;
    private final long fracToNs;
    private final int recordHeaderLength;
    private final int linkType;
    private final String format;

    private int recordEnd = -1;
    private long recordCount;
    private long timestampNs;
    private int capturedLength;
    private int originalLength;
    private int dataOffset;
    private boolean done;
    private String warning;

    /**
     * @param magic the first 4 bytes read little-endian (the caller detected the format from them)
     * @param gzip whether {@code in} decompresses, for {@link #format()} and offsets in messages
     */
    PcapFileReader(String name, CaptureInput in, int magic, boolean gzip) throws IOException {
        this.name = name;
        this.in = in;
        int m = magic;
        this.bigEndian = m != MAGIC_MICROS && m != MAGIC_NANOS && m != MAGIC_MODIFIED;
        if (bigEndian) {
            m = Integer.reverseBytes(m);
        }
        this.fracToNs = m == MAGIC_NANOS ? 1 : 1000;
        this.recordHeaderLength = m == MAGIC_MODIFIED ? MODIFIED_RECORD_HEADER_LENGTH : RECORD_HEADER_LENGTH;
        if (!in.ensure(FILE_HEADER_LENGTH)) {
            throw new IOException(name + ": pcap file header truncated (" + in.available() + " of "
                    + FILE_HEADER_LENGTH + " bytes)");
        }
        this.linkType = in.getInt(in.pos + LINKTYPE_OFFSET, bigEndian) & 0xffff;
        in.pos += FILE_HEADER_LENGTH;
        this.format = (m == MAGIC_NANOS ? "pcap-ns" : m == MAGIC_MODIFIED ? "pcap-modified" : "pcap")
                + (gzip ? "+gzip" : "");
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        if (recordEnd >= 0) {
            in.pos = recordEnd;
            recordEnd = -1;
        }
        if (!in.ensure(recordHeaderLength)) {
            return stop(in.available() == 0 ? null : "EOF in the middle of a record header");
        }
        int h = in.pos;
        long caplen = in.getUnsignedInt(h + INCL_LEN_OFFSET, bigEndian);
        if (caplen > MAX_RECORD_BYTES) {
            return stop("record captured length " + caplen + " exceeds the " + MAX_RECORD_BYTES + "-byte limit");
        }
        int total = recordHeaderLength + (int) caplen;
        if (!in.ensure(total)) {
            return stop("truncated record (" + in.available() + " of " + total + " bytes present)");
        }
        h = in.pos; // ensure() may have compacted the window
        long seconds = in.getUnsignedInt(h + TS_SEC_OFFSET, bigEndian);
        long frac = in.getUnsignedInt(h + TS_FRAC_OFFSET, bigEndian);
        timestampNs = seconds * 1_000_000_000L + frac * fracToNs;
        capturedLength = (int) caplen;
        originalLength = (int) Math.min(Integer.MAX_VALUE, in.getUnsignedInt(h + ORIG_LEN_OFFSET, bigEndian));
        dataOffset = h + recordHeaderLength;
        recordEnd = h + total;
        recordCount++;
        return true;
    }

    /** Ends iteration; {@code problem} null means a clean end unless the input itself failed. */
    private boolean stop(String problem) {
        done = true;
        String readError = in.readError();
        if (problem != null || readError != null) {
            warning = name + ": " + (problem != null ? problem : "read error") + " at byte offset " + in.offset()
                    + (format.endsWith("+gzip") ? " (uncompressed)" : "") + " after " + recordCount + " packets"
                    + (readError != null ? " (" + readError + ")" : "");
        }
        return false;
    }

    @Override
    public long timestampNs() {
        return timestampNs;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public int capturedLength() {
        return capturedLength;
    }

    @Override
    public int originalLength() {
        return originalLength;
    }

    @Override
    public byte[] buffer() {
        return in.array();
    }

    @Override
    public int offset() {
        return dataOffset;
    }

    @Override
    public long recordCount() {
        return recordCount;
    }

    @Override
    public String warning() {
        return warning;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public void close() {
        done = true;
        in.close();
    }
}

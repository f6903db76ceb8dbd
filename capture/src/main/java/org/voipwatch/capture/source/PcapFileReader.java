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
public final class PcapFileReader extends CaptureFileReader {
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

    private final boolean bigEndian;
    private final long fracToNs;
    private final int recordHeaderLength;

    /**
     * @param magic the first 4 bytes read little-endian (the caller detected the format from them)
     * @param gzip whether {@code in} decompresses, for {@link #format()} and offsets in messages
     */
    PcapFileReader(String name, CaptureInput in, int magic, boolean gzip) throws IOException {
        super(name, in, formatName(hostOrderMagic(magic), gzip));
        int m = hostOrderMagic(magic);
        this.bigEndian = m != magic;
        this.fracToNs = m == MAGIC_NANOS ? 1 : 1000;
        this.recordHeaderLength = m == MAGIC_MODIFIED ? MODIFIED_RECORD_HEADER_LENGTH : RECORD_HEADER_LENGTH;
        if (!in.ensure(FILE_HEADER_LENGTH)) {
            throw new IOException(name + ": pcap file header truncated (" + in.available() + " of "
                    + FILE_HEADER_LENGTH + " bytes)");
        }
        this.linkType = in.getInt(in.pos + LINKTYPE_OFFSET, bigEndian) & 0xffff;
        in.pos += FILE_HEADER_LENGTH;
    }

    /** The magic as a little-endian file spells it: any other value was written big-endian. */
    private static int hostOrderMagic(int magic) {
        return magic == MAGIC_MICROS || magic == MAGIC_NANOS || magic == MAGIC_MODIFIED
                ? magic : Integer.reverseBytes(magic);
    }

    private static String formatName(int m, boolean gzip) {
        return (m == MAGIC_NANOS ? "pcap-ns" : m == MAGIC_MODIFIED ? "pcap-modified" : "pcap") + (gzip ? "+gzip" : "");
    }

    @Override
    public boolean next() {
        if (!stepPastRecord()) {
            return false;
        }
        CaptureInput in = this.in;
        if (!in.ensure(recordHeaderLength)) {
            return endInHeader();
        }
        long caplen = in.getUnsignedInt(in.pos + INCL_LEN_OFFSET, bigEndian);
        if (caplen > MAX_RECORD_BYTES) {
            return tooLong(caplen);
        }
        int total = recordHeaderLength + (int) caplen;
        if (!in.ensure(total)) {
            return truncated(total);
        }
        int h = in.pos; // ensure() may have compacted the window
        long seconds = in.getUnsignedInt(h + TS_SEC_OFFSET, bigEndian);
        long frac = in.getUnsignedInt(h + TS_FRAC_OFFSET, bigEndian);
        timestampNs = seconds * 1_000_000_000L + frac * fracToNs;
        capturedLength = (int) caplen;
        long orig = in.getUnsignedInt(h + ORIG_LEN_OFFSET, bigEndian);
        originalLength = orig > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) orig;
        dataOffset = h + recordHeaderLength;
        recordEnd = h + total;
        recordCount++;
        return true;
    }

    // The ends of input, out of line: next() stays small for the JIT (C1 compiled it to code that cost ~200 ns a
    // record while these String-building paths sat in its body; benchmarks/README.md).

    private boolean endInHeader() {
        return stop(in.available() == 0 ? null : "EOF in the middle of a record header", in.offset());
    }

    private boolean tooLong(long caplen) {
        return stop("record captured length " + caplen + " exceeds the " + MAX_RECORD_BYTES + "-byte limit",
                in.offset());
    }

    private boolean truncated(int total) {
        return stop("truncated record (" + in.available() + " of " + total + " bytes present)", in.offset());
    }
}

package org.voipwatch.capture.source;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a classic little-endian pcap file (microsecond magic {@code 0xa1b2c3d4} or nanosecond {@code 0xa1b23c4d})
 * from byte arrays: for tests and the benchmark capture generator. One 16-byte header array is reused, so writing a
 * record allocates nothing; wrap the stream in a {@link java.io.BufferedOutputStream} for speed. Not thread-safe.
 */
public final class PcapWriter implements Closeable, Flushable {
    /** Default snaplen written in the file header. */
    public static final int DEFAULT_SNAPLEN = 262_144;

    private final OutputStream out;
    private final boolean nanos;
    private final byte[] header = new byte[24];

    /**
     * Writes the file header at once.
     *
     * @param nanos    true for nanosecond timestamps, false for microseconds (timestamps are then truncated)
     * @param linkType LINKTYPE_* value, see {@link LinkType}
     */
    public PcapWriter(OutputStream out, boolean nanos, int linkType, int snaplen) throws IOException {
        this.out = out;
        this.nanos = nanos;
        putInt(0, nanos ? PcapFileReader.MAGIC_NANOS : PcapFileReader.MAGIC_MICROS);
        putShort(4, 2);
        putShort(6, 4);
        putInt(8, 0);
        putInt(12, 0);
        putInt(16, snaplen);
        putInt(20, linkType);
        out.write(header, 0, 24);
    }

    /** Ethernet, {@link #DEFAULT_SNAPLEN}. */
    public PcapWriter(OutputStream out, boolean nanos) throws IOException {
        this(out, nanos, LinkType.ETHERNET, DEFAULT_SNAPLEN);
    }

    /** Writes a whole frame ({@code originalLength == length}). */
    public void write(long timestampNs, byte[] frame, int offset, int length) throws IOException {
        write(timestampNs, frame, offset, length, length);
    }

    /** Writes a frame of which {@code length} bytes were captured out of {@code originalLength} on the wire. */
    public void write(long timestampNs, byte[] frame, int offset, int length, int originalLength) throws IOException {
        long seconds = Math.floorDiv(timestampNs, 1_000_000_000L);
        long fracNs = Math.floorMod(timestampNs, 1_000_000_000L);
        putInt(0, (int) seconds);
        putInt(4, (int) (nanos ? fracNs : fracNs / 1000));
        putInt(8, length);
        putInt(12, originalLength);
        out.write(header, 0, 16);
        out.write(frame, offset, length);
    }

    private void putInt(int at, int v) {
        header[at] = (byte) v;
        header[at + 1] = (byte) (v >>> 8);
        header[at + 2] = (byte) (v >>> 16);
        header[at + 3] = (byte) (v >>> 24);
    }

    private void putShort(int at, int v) {
        header[at] = (byte) v;
        header[at + 1] = (byte) (v >>> 8);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}

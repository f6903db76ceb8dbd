package org.voipwatch.analyzer.decode;

/**
 * Base of the header flyweights: a window {@code [offset, offset + length)} over a reused byte array, read in
 * network byte order. {@link #wrap} only records the window; callers check {@code length} against a header's
 * minimum before calling an accessor (accessors do not bounds-check, the decoder does it once per header).
 * Not thread-safe: one instance per analyzer thread.
 */
public abstract class Flyweight {
    protected byte[] buffer;
    protected int offset;
    protected int length;

    /** Points this flyweight at {@code len} bytes of {@code buf} starting at {@code off}; returns this. */
    public Flyweight wrap(byte[] buf, int off, int len) {
        this.buffer = buf;
        this.offset = off;
        this.length = len;
        return this;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    /** Bytes available in the window (captured bytes, not what the header claims). */
    public int length() {
        return length;
    }

    protected final int u8(int at) {
        return buffer[offset + at] & 0xff;
    }

    protected final int u16(int at) {
        return Bytes.u16(buffer, offset + at);
    }

    protected final long u32(int at) {
        return Bytes.u32(buffer, offset + at) & 0xffff_ffffL;
    }

    protected final long u64(int at) {
        return Bytes.u64(buffer, offset + at);
    }
}

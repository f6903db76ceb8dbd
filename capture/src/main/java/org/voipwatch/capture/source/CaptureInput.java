package org.voipwatch.capture.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A bounded window over a capture file's bytes: one reused heap array refilled from a {@link FileChannel}
 * (plain files) or an {@link InputStream} (gzip), so memory stays fixed whatever the file size.
 *
 * <p>Bytes between {@link #pos} and {@link #limit} are loaded; {@link #ensure(int)} makes more available by
 * compacting (moving the unread tail to index 0) and refilling. A read error is remembered as text and treated as
 * end of input, so readers above never see an exception while iterating. Owned by the reading thread.
 */
final class CaptureInput {
    /** Default window size: large enough for any record the readers accept plus its header and options. */
    static final int DEFAULT_CAPACITY = 1 << 20;

    private final byte[] array;
    private final ByteBuffer view;
    private final FileChannel channel;
    private final InputStream stream;
    /** File (or uncompressed-stream) offset of array[0]. */
    private long baseOffset;
    int pos;
    int limit;
    private boolean eof;
    private String readError;

    CaptureInput(FileChannel channel, InputStream stream, int capacity) {
        this.array = new byte[capacity];
        this.view = ByteBuffer.wrap(array);
        this.channel = channel;
        this.stream = stream;
    }

    byte[] array() {
        return array;
    }

    int capacity() {
        return array.length;
    }

    int available() {
        return limit - pos;
    }

    /** Offset in the file (uncompressed stream for gzip) of the next unread byte. */
    long offset() {
        return baseOffset + pos;
    }

    /** Null, or the message of the I/O error that ended input early. */
    String readError() {
        return readError;
    }

    /**
     * Makes at least {@code n} (at most {@link #capacity()}) unread bytes available at {@link #pos}; false when
     * input ended first (the bytes that were there stay available).
     */
    boolean ensure(int n) {
        // the common case alone, small enough for C1 to inline into the readers (two calls per record)
        return limit - pos >= n || refill(n);
    }

    private boolean refill(int n) {
        if (n > array.length) {
            return false;
        }
        if (pos + n > array.length) {
            compact();
        }
        while (limit - pos < n && !eof) {
            fill();
        }
        return limit - pos >= n;
    }

    /** Discards {@code n} bytes, streaming past those not loaded; returns how many could be skipped. */
    long skip(long n) {
        long skipped = 0;
        while (skipped < n) {
            int avail = limit - pos;
            if (avail == 0) {
                if (eof) {
                    break;
                }
                compact();
                fill();
                continue;
            }
            int step = (int) Math.min(avail, n - skipped);
            pos += step;
            skipped += step;
        }
        return skipped;
    }

    private void compact() {
        int remaining = limit - pos;
        if (remaining > 0 && pos > 0) {
            System.arraycopy(array, pos, array, 0, remaining);
        }
        baseOffset += pos;
        limit = remaining;
        pos = 0;
    }

    private void fill() {
        if (limit == array.length) {
            compact();
            if (limit == array.length) {
                return;
            }
        }
        int n;
        try {
            if (channel != null) {
                view.limit(array.length).position(limit);
                n = channel.read(view);
            } else {
                n = stream.read(array, limit, array.length - limit);
            }
        } catch (IOException e) {
            // Rare and final: a String here is fine, the hot path never gets this far.
            readError = e.getClass().getSimpleName() + ": " + e.getMessage();
            n = -1;
        }
        if (n <= 0) {
            // A blocking FileChannel or InputStream returns 0 only for an empty request; treat as end either way.
            eof = true;
            return;
        }
        limit += n;
    }

    // getInt and the helpers below are each under C1's 35-byte inlining limit: a pcap record header costs four of
    // these reads, and as one 72-byte method each was a call.

    int getInt(int at, boolean bigEndian) {
        int v = littleEndianInt(array, at);
        return bigEndian ? Integer.reverseBytes(v) : v;
    }

    private static int littleEndianInt(byte[] a, int at) {
        return littleEndianShort(a, at) | littleEndianShort(a, at + 2) << 16;
    }

    private static int littleEndianShort(byte[] a, int at) {
        return (a[at] & 0xff) | (a[at + 1] & 0xff) << 8;
    }

    int getUnsignedShort(int at, boolean bigEndian) {
        return bigEndian ? (array[at] & 0xff) << 8 | (array[at + 1] & 0xff)
                : (array[at] & 0xff) | (array[at + 1] & 0xff) << 8;
    }

    long getUnsignedInt(int at, boolean bigEndian) {
        return getInt(at, bigEndian) & 0xffffffffL;
    }

    long getLong(int at, boolean bigEndian) {
        long lo = getUnsignedInt(at, bigEndian);
        long hi = getUnsignedInt(at + 4, bigEndian);
        return bigEndian ? (lo << 32) | hi : (hi << 32) | lo;
    }

    void close() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (stream != null) {
                stream.close();
            }
        } catch (IOException ignored) {
            // Closing a read-only file cannot lose data; nothing useful to report.
        }
    }
}

package org.voipwatch.analyzer.protocol.sip;

/**
 * Frames SIP messages out of one direction of a TCP connection (RFC 3261 §18.3: Content-Length framing).
 * Segments are offered with their sequence number: in-order bytes are appended to a bounded buffer,
 * retransmitted or overlapping bytes are skipped, and a gap (a lost or uncaptured segment) throws the buffered
 * bytes away and restarts at the new segment, counted. {@link #next(SipMessage)} then yields the complete
 * messages one at a time, skipping CRLF keep-alives (RFC 5626 §3.5.1 "\r\n\r\n" ping, "\r\n" pong).
 *
 * <p>Usage: after each {@link #onSegment}, call {@link #next} until it returns {@link SipStatus#NEED_MORE_DATA}
 * (a gap or an overflow drops whatever is still buffered). A message returned by {@link #next} is a view into
 * this object's buffer: use it before the next {@link #onSegment}, which may compact the buffer. Pool instances per TCP flow direction and call
 * {@link #reset()} before reuse. Not thread-safe: owned by the analyzer thread that owns the flow.
 */
public final class SipStreamReassembler {
    public static final int DEFAULT_CAPACITY_BYTES = SipMessage.MAX_MESSAGE_BYTES;

    /** The segment's new bytes were appended. */
    public static final int APPENDED = 0;
    /** Every byte of the segment was already seen (retransmission); nothing appended. */
    public static final int DUPLICATE = 1;
    /** The segment starts after the expected sequence number: buffered bytes dropped, segment appended. */
    public static final int GAP = 2;
    /** The buffer could not hold the bytes: buffered bytes dropped (a message larger than the buffer). */
    public static final int OVERFLOW = 3;

    private final byte[] buf;
    private int readPos;
    private int writePos;
    private boolean seqKnown;
    /** Sequence number of the byte after the last one appended (32-bit, kept in a long). */
    private long nextSeq;

    /** Bytes of an oversize message still to be skipped as they arrive. */
    private long skipBytes;

    private long oversized;
    private long gaps;
    private long duplicateSegments;
    private long overflows;
    private long desyncs;
    private long keepAlives;
    private long messages;

    public SipStreamReassembler() {
        this(DEFAULT_CAPACITY_BYTES);
    }

    public SipStreamReassembler(int capacityBytes) {
        if (capacityBytes < 64) {
            throw new IllegalArgumentException("capacityBytes must be >= 64: " + capacityBytes);
        }
        buf = new byte[capacityBytes];
    }

    /** Forgets the buffered bytes, the sequence state and the counters, for reuse on another flow. */
    public void reset() {
        readPos = 0;
        writePos = 0;
        seqKnown = false;
        nextSeq = 0;
        skipBytes = 0;
        oversized = 0;
        gaps = 0;
        duplicateSegments = 0;
        overflows = 0;
        desyncs = 0;
        keepAlives = 0;
        messages = 0;
    }

    /**
     * Offers a TCP payload whose first byte has sequence number {@code seq} (unsigned 32-bit). Empty payloads
     * are ignored. Returns {@link #APPENDED}, {@link #DUPLICATE}, {@link #GAP} or {@link #OVERFLOW}.
     */
    public int onSegment(long seq, byte[] data, int off, int len) {
        if (len <= 0) {
            return APPENDED;
        }
        int result = APPENDED;
        if (seqKnown) {
            int diff = (int) (seq - nextSeq);
            if (diff < 0) {
                int skip = -diff;
                if (skip >= len) {
                    duplicateSegments++;
                    return DUPLICATE;
                }
                off += skip;
                len -= skip;
                seq += skip;
            } else if (diff > 0) {
                gaps++;
                dropBuffered();
                skipBytes = 0;
                result = GAP;
            }
        }
        seqKnown = true;
        nextSeq = (seq + len) & 0xffff_ffffL;
        if (skipBytes > 0) {
            int n = (int) Math.min(skipBytes, len);
            skipBytes -= n;
            off += n;
            len -= n;
            if (len == 0) {
                return result;
            }
        }
        if (!makeRoom(len)) {
            overflows++;
            dropBuffered();
            if (len > buf.length) {
                return OVERFLOW;
            }
            result = OVERFLOW;
        }
        System.arraycopy(data, off, buf, writePos, len);
        writePos += len;
        return result;
    }

    /**
     * Wraps the next complete message into {@code msg}. Returns {@link SipStatus#NEED_MORE_DATA} when no complete
     * message is buffered; otherwise the wrap status. A framed message ({@link SipStatus#isFramed}) is
     * consumed; a message too large for the buffer whose Content-Length is readable is skipped as its bytes arrive
     * ({@link SipStatus#MESSAGE_TOO_LARGE}, counted); other bytes that cannot be framed (not SIP, bad start
     * line...) are dropped and counted as a desync, and framing restarts with the next segment.
     */
    public int next(SipMessage msg) {
        skipKeepAlives();
        int avail = writePos - readPos;
        if (avail == 0) {
            return SipStatus.NEED_MORE_DATA;
        }
        int rc = msg.wrapStream(buf, readPos, avail);
        if (rc == SipStatus.NEED_MORE_DATA) {
            return rc;
        }
        if (msg.messageLength() > 0) {
            readPos += msg.messageLength();
            messages++;
            return rc;
        }
        if (rc == SipStatus.MESSAGE_TOO_LARGE && msg.oversizeLength() > 0) {
            // larger than the buffer but framed by its Content-Length: skip it and stay in sync
            oversized++;
            long skip = msg.oversizeLength();
            if (skip <= avail) {
                readPos += (int) skip;
            } else {
                skipBytes = skip - avail;
                dropBuffered();
            }
            return rc;
        }
        desyncs++;
        dropBuffered();
        return rc;
    }

    private void skipKeepAlives() {
        int p = readPos;
        while (p < writePos && (buf[p] == '\r' || buf[p] == '\n')) {
            p++;
        }
        if (p > readPos) {
            keepAlives++;
            readPos = p;
        }
        if (readPos == writePos) {
            readPos = 0;
            writePos = 0;
        }
    }

    private boolean makeRoom(int len) {
        if (writePos + len <= buf.length) {
            return true;
        }
        if (readPos > 0) {
            int n = writePos - readPos;
            System.arraycopy(buf, readPos, buf, 0, n);
            readPos = 0;
            writePos = n;
        }
        return writePos + len <= buf.length;
    }

    private void dropBuffered() {
        readPos = 0;
        writePos = 0;
    }

    /** Bytes buffered and not yet consumed as messages. */
    public int bufferedBytes() {
        return writePos - readPos;
    }

    public long gaps() {
        return gaps;
    }

    public long duplicateSegments() {
        return duplicateSegments;
    }

    public long overflows() {
        return overflows;
    }

    /** Messages over {@link SipMessage#MAX_MESSAGE_BYTES} skipped by their Content-Length. */
    public long oversizedMessages() {
        return oversized;
    }

    /** Times buffered bytes could not be framed as SIP and were dropped. */
    public long desyncs() {
        return desyncs;
    }

    /** Runs of CR/LF between messages (keep-alive pings and pongs). */
    public long keepAlives() {
        return keepAlives;
    }

    /** Messages framed (returned with a non-zero length) since the last reset. */
    public long messages() {
        return messages;
    }
}

package org.voipwatch.analyzer.protocol.rtp;

/**
 * Flyweight over an RTP packet (RFC 3550 §5.1); accessors read the buffer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers  (CC x 32)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | X=1: profile-defined 16 bits  |  extension length (32-bit words) | extension ...
 * </pre>
 *
 * Not thread-safe: one instance per analyzer thread, reused.
 */
public final class RtpHeader {
    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int SEQUENCE_OFFSET = 2;
    public static final int TIMESTAMP_OFFSET = 4;
    public static final int SSRC_OFFSET = 8;
    public static final int CSRC_OFFSET = 12;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int paddingLength;

    /**
     * Cheap demultiplexing probe (RFC 5761 §4, RFC 7983): version 2, at least a fixed header, and a payload
     * type outside 64..95, whose values with the marker bit set are RTCP's packet types 192..223.
     */
    public static boolean probeRtp(byte[] b, int off, int len) {
        if (len < FIXED_HEADER_LENGTH || (b[off] & 0xc0) != 0x80) {
            return false;
        }
        int pt = b[off + 1] & 0x7f;
        return pt < 64 || pt > 95;
    }

    /** RTCP counterpart of {@link #probeRtp}: version 2, second byte 192..223, first length word in bounds. */
    public static boolean probeRtcp(byte[] b, int off, int len) {
        if (len < 8 || (b[off] & 0xc0) != 0x80) {
            return false;
        }
        int type = b[off + 1] & 0xff;
        int words = (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
        return type >= 192 && type <= 223 && (words + 1) * 4 <= len;
    }

    /** Wraps {@code b[off, off+len)}; returns an {@link RtpStatus} code (the accessors are valid on OK). */
    public int wrap(byte[] b, int offset, int length) {
        buf = b;
        off = offset;
        len = length;
        headerLength = 0;
        paddingLength = 0;
        if (length < FIXED_HEADER_LENGTH) {
            return RtpStatus.TOO_SHORT;
        }
        if (version() != 2) {
            return RtpStatus.BAD_VERSION;
        }
        int h = FIXED_HEADER_LENGTH + 4 * csrcCount();
        if (h > length) {
            return RtpStatus.CSRC_TRUNCATED;
        }
        if (extension()) {
            if (h + 4 > length) {
                return RtpStatus.EXTENSION_TRUNCATED;
            }
            h += 4 + 4 * u16(h + 2);
            if (h > length) {
                return RtpStatus.EXTENSION_TRUNCATED;
            }
        }
        headerLength = h;
        if (padding()) {
            int pad = b[off + length - 1] & 0xff;
            if (pad == 0 || pad > length - h) {
                return RtpStatus.BAD_PADDING;
            }
            paddingLength = pad;
        }
        return RtpStatus.OK;
    }

    public int version() {
        return (buf[off] & 0xff) >>> 6;
    }

    public boolean padding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean extension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0f;
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7f;
    }

    /** Sequence number 0..65535. */
    public int sequence() {
        return u16(SEQUENCE_OFFSET);
    }

    /** Timestamp as an unsigned 32-bit value. */
    public long timestamp() {
        return u32(TIMESTAMP_OFFSET);
    }

    /** SSRC as the raw 32 bits (an identifier, so signedness does not matter; mask with 0xffffffffL to print). */
    public int ssrc() {
        return (int) u32(SSRC_OFFSET);
    }

    public int csrc(int i) {
        return (int) u32(CSRC_OFFSET + 4 * i);
    }

    /** Profile-defined 16 bits of the header extension (0xBEDE for RFC 8285 one-byte headers), -1 when none. */
    public int extensionProfile() {
        return extension() ? u16(FIXED_HEADER_LENGTH + 4 * csrcCount()) : -1;
    }

    /** Fixed header + CSRCs + extension (header and data), in bytes. */
    public int headerLength() {
        return headerLength;
    }

    public int paddingLength() {
        return paddingLength;
    }

    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload bytes without header and padding. */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    private int u16(int at) {
        return (buf[off + at] & 0xff) << 8 | (buf[off + at + 1] & 0xff);
    }

    private long u32(int at) {
        return ((long) (buf[off + at] & 0xff) << 24) | (buf[off + at + 1] & 0xff) << 16
                | (buf[off + at + 2] & 0xff) << 8 | (buf[off + at + 3] & 0xff);
    }
}

package org.voipwatch.analyzer.protocol.stun;

/**
 * Flyweight over one TURN ChannelData message (RFC 8656 §12.4) in a caller's buffer. One instance per analyzer
 * thread; {@link #wrap} neither allocates nor throws.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Channel Number        |            Length             |   CHANNEL_OFFSET 0, LENGTH_OFFSET 2
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                       Application Data                        /   DATA_OFFSET 4
 * +-------------------------------+-------------------------------+
 * </pre>
 *
 * <p>Channel numbers: RFC 5766 allowed 0x4000-0x7FFF, RFC 8656 §12 narrows them to 0x4000-0x4FFF (so that
 * RFC 9443 can give first bytes 80-127 to QUIC); only that narrower range is accepted by default, 0x5000-0x7FFF is
 * NOT_STUN. Length (RFC 8656 §12.5): over TCP/TLS the message is padded to a multiple of 4 and the buffer may hold
 * more after it ({@link #frameLength()}); over UDP the padding is optional, so the datagram must be exactly
 * 4 + length or 4 + length padded to 4.
 */
public final class ChannelData {
    public static final int HEADER_LENGTH = 4;
    public static final int CHANNEL_OFFSET = 0;
    public static final int LENGTH_OFFSET = 2;
    public static final int DATA_OFFSET = 4;
    public static final int MIN_CHANNEL = 0x4000;
    public static final int MAX_CHANNEL = 0x4fff;
    /** Upper end of the RFC 5766 range, still used by servers such as coturn 4.6 (e.g. channel 0x6179). */
    public static final int MAX_CHANNEL_RFC5766 = 0x7fff;

    private int channel;
    private int dataOffset;
    private int dataLength;
    private int frameLength;

    /**
     * Probes and wraps {@code buf[off, off+len)}; {@code tcp} selects stream framing. Returns {@link StunStatus#OK},
     * {@link StunStatus#NOT_STUN} (not ChannelData), {@link StunStatus#NEED_MORE_DATA} (TCP),
     * {@link StunStatus#CHANNEL_DATA_TRUNCATED} or {@link StunStatus#CHANNEL_DATA_BAD_LENGTH}.
     */
    public int wrap(byte[] buf, int off, int len, boolean tcp) {
        return wrap(buf, off, len, tcp, false);
    }

    /**
     * As {@link #wrap(byte[], int, int, boolean)}; with {@code allowRfc5766Channels} also channels 0x5000-0x7FFF
     * (RFC 5766 §11). RFC 9443 §3 gives their first bytes (80-127) to QUIC unless the 5-tuple carries a TURN
     * allocation, so the caller sets it only for a client↔server flow with an allocation.
     */
    public int wrap(byte[] buf, int off, int len, boolean tcp, boolean allowRfc5766Channels) {
        channel = -1;
        dataOffset = 0;
        dataLength = 0;
        frameLength = 0;
        if (buf == null || off < 0 || len <= 0 || len > buf.length - off) {
            return StunStatus.NOT_STUN;
        }
        int first = buf[off] & 0xff;
        // 0x40..0x4f: only channels 0x4000-0x4fff can start this way
        int max = allowRfc5766Channels ? MAX_CHANNEL_RFC5766 : MAX_CHANNEL;
        if (first < (MIN_CHANNEL >> 8) || first > (max >> 8)) {
            return StunStatus.NOT_STUN;
        }
        if (len < HEADER_LENGTH) {
            return tcp ? StunStatus.NEED_MORE_DATA : StunStatus.CHANNEL_DATA_TRUNCATED;
        }
        int number = ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
        int length = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        int exact = HEADER_LENGTH + length;
        int padded = HEADER_LENGTH + ((length + 3) & ~3);
        if (tcp) {
            if (len < padded) {
                return StunStatus.NEED_MORE_DATA;
            }
            frameLength = padded;
        } else {
            if (len != exact && len != padded) {
                return StunStatus.CHANNEL_DATA_BAD_LENGTH;
            }
            frameLength = len;
        }
        channel = number;
        dataOffset = off + DATA_OFFSET;
        dataLength = length;
        return StunStatus.OK;
    }

    /** Channel number 0x4000-0x4FFF, or -1 when the last wrap failed. */
    public int channelNumber() {
        return channel;
    }

    /** Offset in the buffer of the application data (the relayed datagram). */
    public int dataOffset() {
        return dataOffset;
    }

    /** Application data bytes (the Length field). */
    public int dataLength() {
        return dataLength;
    }

    /** Bytes this message occupies: over TCP the next message starts this far after off; over UDP the datagram. */
    public int frameLength() {
        return frameLength;
    }
}

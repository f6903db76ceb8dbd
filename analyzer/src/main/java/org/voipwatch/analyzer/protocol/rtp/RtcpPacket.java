package org.voipwatch.analyzer.protocol.rtp;

/**
 * Iterator-flyweight over a compound RTCP packet (RFC 3550 §6). {@link #wrap} then {@link #next()} moves from one
 * packet to the next; accessors read the current one. Report blocks of SR and RR (§6.4.1, §6.4.2) by index.
 *
 * <pre>
 * header   |V=2|P|    RC   |   PT=SR=200   |             length            |
 *          |                         SSRC of sender                        |
 * SR only  | NTP timestamp, most significant word | least significant word |
 *          | RTP timestamp | sender's packet count | sender's octet count   |
 * block    |                 SSRC_1 (SSRC of first source)                 |
 *  (24 B)  | fraction lost |       cumulative number of packets lost       |
 *          |           extended highest sequence number received           |
 *          |                      interarrival jitter                      |
 *          |                         last SR (LSR)                         |
 *          |                   delay since last SR (DLSR)                  |
 * </pre>
 *
 * Not thread-safe: one instance per analyzer thread.
 */
public final class RtcpPacket {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Loop budget: packets in one compound. */
    public static final int MAX_PACKETS = 32;
    public static final int REPORT_BLOCK_LENGTH = 24;
    private static final int SR_BLOCKS_OFFSET = 28;
    private static final int RR_BLOCKS_OFFSET = 8;

    private byte[] buf;
    private int end;
    private int next;
    private int cur = -1;
    private int curLen;
    private int packets;
    private int status;

    /** Starts iterating the compound packet {@code b[off, off+len)}; call {@link #next()} for the first packet. */
    public void wrap(byte[] b, int off, int len) {
        buf = b;
        next = off;
        end = off + Math.max(0, len);
        cur = -1;
        curLen = 0;
        packets = 0;
        status = RtpStatus.OK;
    }

    /**
     * Advances to the next packet; false at the end or on a malformed packet ({@link #status()} tells which).
     * Validity per RFC 3550 A.2: version 2, type 192..223, length inside the datagram, report blocks inside the
     * packet's length.
     */
    public boolean next() {
        cur = -1;
        if (status != RtpStatus.OK || next >= end) {
            return false;
        }
        if (packets == MAX_PACKETS) {
            status = RtpStatus.RTCP_TOO_MANY_PACKETS;
            return false;
        }
        int p = next;
        if (end - p < 4) {
            status = RtpStatus.TOO_SHORT;
            return false;
        }
        if ((buf[p] & 0xc0) != 0x80) {
            status = RtpStatus.BAD_VERSION;
            return false;
        }
        int type = buf[p + 1] & 0xff;
        if (type < 192 || type > 223) {
            status = RtpStatus.RTCP_BAD_TYPE;
            return false;
        }
        int length = ((buf[p + 2] & 0xff) << 8 | (buf[p + 3] & 0xff)) * 4 + 4;
        if (length > end - p) {
            status = RtpStatus.RTCP_BAD_LENGTH;
            return false;
        }
        int blocksAt = type == SR ? SR_BLOCKS_OFFSET : type == RR ? RR_BLOCKS_OFFSET : -1;
        if (blocksAt > 0 && blocksAt + count(p) * REPORT_BLOCK_LENGTH > length) {
            status = blocksAt > length ? RtpStatus.TOO_SHORT : RtpStatus.RTCP_BAD_REPORT_COUNT;
            return false;
        }
        cur = p;
        curLen = length;
        next = p + length;
        packets++;
        return true;
    }

    /** OK, or why iteration stopped early. */
    public int status() {
        return status;
    }

    /** Packet type (200 SR, 201 RR, 202 SDES, 203 BYE, 204 APP, 205/206 feedback...). */
    public int packetType() {
        return buf[cur + 1] & 0xff;
    }

    /** The 5-bit count field: report blocks (SR/RR), chunks (SDES), sources (BYE), subtype (APP). */
    public int count() {
        return count(cur);
    }

    private int count(int p) {
        return buf[p] & 0x1f;
    }

    public boolean padding() {
        return (buf[cur] & 0x20) != 0;
    }

    /** Offset and length in bytes of the current packet (header included). */
    public int packetOffset() {
        return cur;
    }

    public int packetLength() {
        return curLen;
    }

    /** First SSRC of the packet (sender of SR/RR/APP, first chunk of SDES, first source of BYE), 0 when absent. */
    public int ssrc() {
        return curLen >= 8 ? (int) u32(cur + 4) : 0;
    }

    /** SR: NTP timestamp (64-bit fixed point, seconds since 1900 in the high word). */
    public long ntpTimestamp() {
        return isSr() ? u32(cur + 8) << 32 | u32(cur + 12) : 0;
    }

    /** SR: RTP timestamp corresponding to the NTP timestamp. */
    public long rtpTimestamp() {
        return isSr() ? u32(cur + 16) : 0;
    }

    public long senderPacketCount() {
        return isSr() ? u32(cur + 20) : 0;
    }

    public long senderOctetCount() {
        return isSr() ? u32(cur + 24) : 0;
    }

    /**
     * The sender-info accessors read 20 bytes after the SSRC, which only an SR has (next() checked its length);
     * on a shorter packet last in the datagram they would read past it, so other types give 0.
     */
    private boolean isSr() {
        return cur >= 0 && (buf[cur + 1] & 0xff) == SR;
    }

    /** Report blocks of an SR or RR (0 for other types). */
    public int reportBlockCount() {
        int t = packetType();
        return t == SR || t == RR ? count() : 0;
    }

    private int block(int i) {
        return cur + (packetType() == SR ? SR_BLOCKS_OFFSET : RR_BLOCKS_OFFSET) + i * REPORT_BLOCK_LENGTH;
    }

    public int blockSsrc(int i) {
        return (int) u32(block(i));
    }

    /** Fraction lost since the previous report, as the raw 8-bit fixed-point value (divide by 256). */
    public int blockFractionLost(int i) {
        return buf[block(i) + 4] & 0xff;
    }

    /** Cumulative number of packets lost: a signed 24-bit value (negative with duplicates). */
    public int blockCumulativeLost(int i) {
        int b = block(i);
        int v = (buf[b + 5] & 0xff) << 16 | (buf[b + 6] & 0xff) << 8 | (buf[b + 7] & 0xff);
        return v << 8 >> 8;
    }

    public long blockExtendedHighestSequence(int i) {
        return u32(block(i) + 8);
    }

    /** Interarrival jitter in timestamp units. */
    public long blockJitter(int i) {
        return u32(block(i) + 12);
    }

    public long blockLastSr(int i) {
        return u32(block(i) + 16);
    }

    /** Delay since last SR in units of 1/65536 s. */
    public long blockDelaySinceLastSr(int i) {
        return u32(block(i) + 20);
    }

    private long u32(int at) {
        return ((long) (buf[at] & 0xff) << 24) | (buf[at + 1] & 0xff) << 16 | (buf[at + 2] & 0xff) << 8
                | (buf[at + 3] & 0xff);
    }
}

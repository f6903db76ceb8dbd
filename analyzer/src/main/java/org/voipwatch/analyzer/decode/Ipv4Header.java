package org.voipwatch.analyzer.decode;

/**
 * IPv4 header (RFC 791 section 3.1).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Flags: bit 0 reserved, bit 1 DF, bit 2 MF; Fragment Offset in units of 8 bytes.
 * </pre>
 * The header checksum is not verified: captures taken on the sending host see checksum offloading.
 * Owned by the analyzer thread.
 */
public final class Ipv4Header extends Flyweight {
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SRC_OFFSET = 12;
    public static final int DST_OFFSET = 16;
    /** Header without options (IHL = 5). */
    public static final int MIN_LENGTH = 20;

    public static final int FLAG_MF = 0x2000;
    public static final int FLAG_DF = 0x4000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    public int version() {
        return u8(VERSION_IHL_OFFSET) >>> 4;
    }

    /** Header length in bytes (IHL x 4), options included. */
    public int headerLength() {
        return (u8(VERSION_IHL_OFFSET) & 0x0f) * 4;
    }

    public int totalLength() {
        return u16(TOTAL_LENGTH_OFFSET);
    }

    public int identification() {
        return u16(IDENTIFICATION_OFFSET);
    }

    public boolean moreFragments() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & FLAG_MF) != 0;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffsetBytes() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & FRAGMENT_OFFSET_MASK) * 8;
    }

    public boolean isFragment() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0;
    }

    public int ttl() {
        return u8(TTL_OFFSET);
    }

    public int protocol() {
        return u8(PROTOCOL_OFFSET);
    }

    public int src() {
        return Bytes.u32(buffer, offset + SRC_OFFSET);
    }

    public int dst() {
        return Bytes.u32(buffer, offset + DST_OFFSET);
    }
}

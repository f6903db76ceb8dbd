package org.voipwatch.analyzer.decode;

/**
 * IPv6 Fragment extension header (RFC 8200 section 4.5).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Owned by the analyzer thread.
 */
public final class Ipv6FragmentHeader extends Flyweight {
    public static final int NEXT_HEADER_OFFSET = 0;
    public static final int OFFSET_FLAGS_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int LENGTH = 8;

    public int nextHeader() {
        return u8(NEXT_HEADER_OFFSET);
    }

    /** Fragment offset in bytes (the 13-bit field is in 8-octet units, already shifted by 3). */
    public int fragmentOffsetBytes() {
        return u16(OFFSET_FLAGS_OFFSET) & 0xfff8;
    }

    public boolean moreFragments() {
        return (u16(OFFSET_FLAGS_OFFSET) & 1) != 0;
    }

    public int identification() {
        return Bytes.u32(buffer, offset + IDENTIFICATION_OFFSET);
    }
}

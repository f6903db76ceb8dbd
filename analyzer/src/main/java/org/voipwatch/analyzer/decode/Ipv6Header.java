package org.voipwatch.analyzer.decode;

/**
 * IPv6 fixed header (RFC 8200 section 3).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                    Source Address (128 bits)                  +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                 Destination Address (128 bits)                +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Extension headers (RFC 8200 section 4) share a first byte "Next Header"; hop-by-hop (0), routing (43)
 * and destination options (60) carry "Hdr Ext Len" in 8-octet units not counting the first 8; AH (51,
 * RFC 4302 section 2.2) carries "Payload Len" in 4-octet units minus 2. The fragment header is
 * {@link Ipv6FragmentHeader}. Owned by the analyzer thread.
 */
public final class Ipv6Header extends Flyweight {
    public static final int VERSION_OFFSET = 0;
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    public static final int NEXT_HEADER_OFFSET = 6;
    public static final int HOP_LIMIT_OFFSET = 7;
    public static final int SRC_OFFSET = 8;
    public static final int DST_OFFSET = 24;
    public static final int LENGTH = 40;

    public static final int NH_HOP_BY_HOP = 0;
    public static final int NH_ROUTING = 43;
    public static final int NH_FRAGMENT = 44;
    public static final int NH_ESP = 50;
    public static final int NH_AH = 51;
    public static final int NH_NONE = 59;
    public static final int NH_DEST_OPTIONS = 60;

    /** Offsets inside a generic extension header. */
    public static final int EXT_NEXT_HEADER_OFFSET = 0;
    public static final int EXT_LENGTH_OFFSET = 1;
    public static final int EXT_MIN_LENGTH = 8;

    public int version() {
        return u8(VERSION_OFFSET) >>> 4;
    }

    public int payloadLength() {
        return u16(PAYLOAD_LENGTH_OFFSET);
    }

    public int nextHeader() {
        return u8(NEXT_HEADER_OFFSET);
    }

    public int hopLimit() {
        return u8(HOP_LIMIT_OFFSET);
    }

    public long srcHi() {
        return u64(SRC_OFFSET);
    }

    public long srcLo() {
        return u64(SRC_OFFSET + 8);
    }

    public long dstHi() {
        return u64(DST_OFFSET);
    }

    public long dstLo() {
        return u64(DST_OFFSET + 8);
    }

    /**
     * Length in bytes of the extension header of type {@code nextHeader} starting at {@code at} in
     * {@code buf} (caller checked {@link #EXT_MIN_LENGTH} bytes), or -1 when the type is not a walkable one.
     */
    public static int extensionLength(int nextHeader, byte[] buf, int at) {
        switch (nextHeader) {
            case NH_HOP_BY_HOP:
            case NH_ROUTING:
            case NH_DEST_OPTIONS:
                return ((buf[at + EXT_LENGTH_OFFSET] & 0xff) + 1) * 8;
            case NH_AH:
                return ((buf[at + EXT_LENGTH_OFFSET] & 0xff) + 2) * 4;
            case NH_FRAGMENT:
                return Ipv6FragmentHeader.LENGTH;
            default:
                return -1;
        }
    }
}

package org.voipwatch.analyzer.decode;

/**
 * ERSPAN headers (draft-foschiano-erspan-03), carried by GRE with protocol type 0x88BE (type II) or 0x22EB
 * (type III); type I is 0x88BE without the GRE sequence flag and has no ERSPAN header at all.
 * <pre>
 * Type II (Ver = 1), 8 bytes:
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Ver  |          VLAN         | COS | En|T|    Session ID     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Reserved         |                  Index                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Type III (Ver = 2), 12 bytes, then an 8-byte platform-specific subheader when O = 1:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Ver  |          VLAN         | COS |BSO|T|     Session ID    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Timestamp                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             SGT               |P|    FT   |   Hw ID   |D|Gra|O|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The mirrored frame follows: Ethernet, or for type III with FT = 2 an IP packet. Owned by the analyzer thread.
 */
public final class ErspanHeader extends Flyweight {
    public static final int VER_VLAN_OFFSET = 0;
    public static final int SESSION_OFFSET = 2;
    public static final int TYPE3_TIMESTAMP_OFFSET = 4;
    public static final int TYPE3_FLAGS_OFFSET = 8;
    public static final int TYPE2_LENGTH = 8;
    public static final int TYPE3_LENGTH = 12;
    public static final int TYPE3_SUBHEADER_LENGTH = 8;

    public static final int VERSION_TYPE2 = 1;
    public static final int VERSION_TYPE3 = 2;
    /** Type III FT values: the mirrored frame is Ethernet, or an IP packet. */
    public static final int FRAME_TYPE_ETHERNET = 0;
    public static final int FRAME_TYPE_IP = 2;
    private static final int SESSION_ID_MASK = 0x03ff;
    private static final int TYPE3_O_FLAG = 0x0001;

    public int version() {
        return u8(VER_VLAN_OFFSET) >>> 4;
    }

    public int vlan() {
        return u16(VER_VLAN_OFFSET) & 0x0fff;
    }

    public int sessionId() {
        return u16(SESSION_OFFSET) & SESSION_ID_MASK;
    }

    /** Type III frame type FT (needs {@link #TYPE3_LENGTH} bytes). */
    public int frameType() {
        return (u16(TYPE3_FLAGS_OFFSET + 2) >>> 10) & 0x1f;
    }

    /** Type III: an 8-byte platform-specific subheader follows (needs {@link #TYPE3_LENGTH} bytes). */
    public boolean hasSubheader() {
        return (u16(TYPE3_FLAGS_OFFSET + 2) & TYPE3_O_FLAG) != 0;
    }
}

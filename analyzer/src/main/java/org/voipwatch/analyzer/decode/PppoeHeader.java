package org.voipwatch.analyzer.decode;

/**
 * PPPoE session-stage header (RFC 2516 section 4), EtherType 0x8864, followed by the PPP protocol field.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  VER  | TYPE  |      CODE     |          SESSION_ID           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            LENGTH             |   PPP protocol (RFC 1661)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    PPP payload (IP packet) ...                 ~
 * VER = 1, TYPE = 1, CODE = 0 in the session stage; LENGTH counts the PPP protocol field and payload,
 * not this 6-byte header, and so excludes Ethernet padding.
 * </pre>
 * The discovery stage (EtherType 0x8863) carries no IP and is left as non-IP. The PPP protocol field is read
 * by {@link PppHeader}. Owned by the analyzer thread.
 */
public final class PppoeHeader extends Flyweight {
    public static final int VER_TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int SESSION_ID_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    /** The PPPoE header proper; the PPP protocol field follows. */
    public static final int LENGTH = 6;

    public static final int ETHERTYPE_PPPOE_DISCOVERY = 0x8863;
    public static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    /** VER = 1 and TYPE = 1 in one byte. */
    public static final int VER_TYPE_1_1 = 0x11;
    public static final int CODE_SESSION_DATA = 0x00;

    public int verType() {
        return u8(VER_TYPE_OFFSET);
    }

    public int code() {
        return u8(CODE_OFFSET);
    }

    public int sessionId() {
        return u16(SESSION_ID_OFFSET);
    }

    /** Bytes after this header that belong to the PPP frame (protocol field + payload). */
    public int payloadLength() {
        return u16(LENGTH_OFFSET);
    }
}

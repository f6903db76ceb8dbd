package org.voipwatch.analyzer.decode;

/**
 * GTP-U version 1 header (3GPP TS 29.281 section 5.1), UDP port 2152; a G-PDU (message type 255) carries a
 * user IP packet (T-PDU), which is how mobile operators' VoLTE/VoWiFi media crosses their core network.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|P|R|E|S|N| Message Type  |            Length             |
 * |  (1)  |T| | | |P|               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              Tunnel Endpoint Identifier (TEID)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Sequence Number          |  N-PDU Number |Next Ext. Type |   present when E, S or PN
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Ext. Length   |  extension content ...        |Next Ext. Type |   each: Length x 4 bytes
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Version bits = 1 and PT = 1 (the first byte's mask 0xf0 is 0x30); Length counts the bytes after the first
 * 8. The extension chain is walked by {@link PacketDecoder} with a budget. Owned by the analyzer thread.
 */
public final class GtpUHeader extends Flyweight {
    public static final int FLAGS_OFFSET = 0;
    public static final int MESSAGE_TYPE_OFFSET = 1;
    public static final int LENGTH_OFFSET = 2;
    public static final int TEID_OFFSET = 4;
    public static final int NEXT_EXTENSION_OFFSET = 11;
    public static final int MIN_LENGTH = 8;
    /** With the optional sequence / N-PDU / next-extension word. */
    public static final int OPTIONAL_LENGTH = 12;

    public static final int UDP_PORT = 2152;
    public static final int MESSAGE_TYPE_G_PDU = 0xff;
    /** Version 1, PT = 1 (GTP rather than GTP'). */
    public static final int VERSION_PT_MASK = 0xf0;
    public static final int VERSION_PT_V1 = 0x30;
    /** E, S or PN: the optional 4-byte word is present. */
    public static final int OPTIONAL_FLAGS = 0x07;
    public static final int FLAG_E = 0x04;

    public int flags() {
        return u8(FLAGS_OFFSET);
    }

    public int messageType() {
        return u8(MESSAGE_TYPE_OFFSET);
    }

    /** Bytes after the mandatory 8-byte header. */
    public int messageLength() {
        return u16(LENGTH_OFFSET);
    }

    public long teid() {
        return u32(TEID_OFFSET);
    }

    /** The first extension header type (needs {@link #OPTIONAL_LENGTH} bytes and E). */
    public int nextExtensionType() {
        return u8(NEXT_EXTENSION_OFFSET);
    }
}

package org.voipwatch.analyzer.decode;

/**
 * PPP frame start (RFC 1661 section 2, HDLC-like framing RFC 1662 section 3.1) as found after a PPPoE header,
 * inside PPTP's enhanced GRE and in LINKTYPE_PPP (9) / LINKTYPE_PPP_HDLC (50) captures.
 * <pre>
 * +--------+--------+--------+--------+-------------
 * | Address| Control|    Protocol     | Information ...
 * |  0xff  |  0x03  | 8 or 16 bits    |
 * +--------+--------+--------+--------+-------------
 * </pre>
 * Address and Control are absent under PPPoE (RFC 2516) and when Address-and-Control-Field-Compression was
 * negotiated; a Protocol field whose first byte is odd is the 1-byte compressed form (RFC 1661 section 6.5:
 * protocol numbers have an odd last byte and an even first byte). {@link #wrap} then
 * {@link #parse(boolean)} finds the protocol and where the information field starts. Owned by the analyzer
 * thread.
 */
public final class PppHeader extends Flyweight {
    public static final int ADDRESS_OFFSET = 0;
    public static final int CONTROL_OFFSET = 1;
    public static final int ADDRESS_ALL_STATIONS = 0xff;
    public static final int CONTROL_UI = 0x03;

    public static final int PROTOCOL_IPV4 = 0x0021;
    public static final int PROTOCOL_IPV6 = 0x0057;
    public static final int PROTOCOL_MPLS_UNICAST = 0x0281;
    /** GRE protocol type of PPP frames (PPTP, RFC 2637). */
    public static final int GRE_PROTOCOL_PPP = 0x880b;

    private int protocol;
    private int headerLength;

    /**
     * Reads the optional Address/Control bytes (when {@code addressControlAllowed}) and the Protocol field.
     * Returns false when fewer bytes than the header are in the window, or when an Address byte 0xff is not
     * followed by the Control byte 0x03.
     */
    public boolean parse(boolean addressControlAllowed) {
        int at = 0;
        if (addressControlAllowed && length >= 1 && u8(ADDRESS_OFFSET) == ADDRESS_ALL_STATIONS) {
            // 0xff is the Address byte here, never a compressed protocol: the Control byte must follow
            if (length < 2 || u8(CONTROL_OFFSET) != CONTROL_UI) {
                return false;
            }
            at = 2;
        }
        if (length - at < 1) {
            return false;
        }
        if ((u8(at) & 1) == 1) {
            protocol = u8(at);
            headerLength = at + 1;
            return true;
        }
        if (length - at < 2) {
            return false;
        }
        protocol = u16(at);
        headerLength = at + 2;
        return true;
    }

    /** The PPP protocol number found by {@link #parse(boolean)}. */
    public int protocol() {
        return protocol;
    }

    /** Bytes from the window start to the information field, found by {@link #parse(boolean)}. */
    public int headerLength() {
        return headerLength;
    }
}

package org.voipwatch.analyzer.decode;

/**
 * GRE header (RFC 2784 with the Key and Sequence Number extensions of RFC 2890; version 1 is PPTP's enhanced
 * GRE, RFC 2637 section 4.1), IP protocol 47.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Checksum (optional)      |       Reserved1 (optional)    |   present when C
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Key (optional)                        |   present when K
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Sequence Number (optional)                    |   present when S
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Acknowledgment Number (optional)                |   version 1 only, present when A
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * R (RFC 1701 source routing) is not decoded: RFC 2784 section 2.3 lets a receiver discard such packets. In
 * version 1 the Key field holds the payload length (high 16 bits) and call id. Call {@link #headerLength()}
 * only after checking {@link #MIN_LENGTH} bytes. Owned by the analyzer thread.
 */
public final class GreHeader extends Flyweight {
    public static final int FLAGS_VERSION_OFFSET = 0;
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    /** Where the optional fields start. */
    public static final int OPTIONAL_OFFSET = 4;
    public static final int MIN_LENGTH = 4;

    public static final int FLAG_C = 0x8000;
    public static final int FLAG_R = 0x4000;
    public static final int FLAG_K = 0x2000;
    public static final int FLAG_S = 0x1000;
    /** Acknowledgment present (version 1 only). */
    public static final int FLAG_A = 0x0080;
    public static final int VERSION_MASK = 0x0007;

    public static final int PROTOCOL_TRANSPARENT_ETHERNET = 0x6558;
    /** ERSPAN type I (no ERSPAN header, S = 0) and type II (S = 1). */
    public static final int PROTOCOL_ERSPAN_II = 0x88be;
    public static final int PROTOCOL_ERSPAN_III = 0x22eb;
    public static final int PROTOCOL_MPLS_UNICAST = 0x8847;

    public int flagsVersion() {
        return u16(FLAGS_VERSION_OFFSET);
    }

    public int version() {
        return flagsVersion() & VERSION_MASK;
    }

    public int protocolType() {
        return u16(PROTOCOL_TYPE_OFFSET);
    }

    public boolean hasSequence() {
        return (flagsVersion() & FLAG_S) != 0;
    }

    public boolean hasKey() {
        return (flagsVersion() & FLAG_K) != 0;
    }

    /** Bytes of header the flags announce (4 to 20); may exceed the window, the caller checks. */
    public int headerLength() {
        int f = flagsVersion();
        int n = MIN_LENGTH;
        if ((f & FLAG_C) != 0) {
            n += 4;
        }
        if ((f & FLAG_K) != 0) {
            n += 4;
        }
        if ((f & FLAG_S) != 0) {
            n += 4;
        }
        if ((f & VERSION_MASK) == 1 && (f & FLAG_A) != 0) {
            n += 4;
        }
        return n;
    }

    /** Version 1: the payload length in the high half of the Key field (needs K). */
    public int pptpPayloadLength() {
        int at = OPTIONAL_OFFSET + ((flagsVersion() & FLAG_C) != 0 ? 4 : 0);
        return u16(at);
    }
}

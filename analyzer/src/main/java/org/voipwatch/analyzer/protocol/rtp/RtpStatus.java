package org.voipwatch.analyzer.protocol.rtp;

/**
 * Result codes of {@link RtpHeader#wrap} and {@link RtcpPacket}: int codes with stable snake_case names for
 * per-reason counters. Stateless; any thread.
 */
public final class RtpStatus {
    public static final int OK = 0;

    public static final int FIRST_MALFORMED = 10;
    /** Fewer bytes than the fixed header (12 for RTP, 4 for an RTCP header, 8 for SR/RR). */
    public static final int TOO_SHORT = 10;
    /** Version field is not 2. */
    public static final int BAD_VERSION = 11;
    /** The CSRC list runs past the packet. */
    public static final int CSRC_TRUNCATED = 12;
    /** The header extension runs past the packet. */
    public static final int EXTENSION_TRUNCATED = 13;
    /** Padding count zero or larger than the payload (RFC 3550 §5.1). */
    public static final int BAD_PADDING = 14;
    /** RTCP length field runs past the datagram, or a compound packet has trailing bytes. */
    public static final int RTCP_BAD_LENGTH = 15;
    /** RTCP report count needs more bytes than the packet's length. */
    public static final int RTCP_BAD_REPORT_COUNT = 16;
    /** RTCP packet type outside 192..223 (RFC 5761 §4) inside a compound packet. */
    public static final int RTCP_BAD_TYPE = 17;
    /** More packets in one compound than {@link RtcpPacket#MAX_PACKETS}. */
    public static final int RTCP_TOO_MANY_PACKETS = 18;
    public static final int COUNT = 19;

    private static final String[] NAMES = new String[COUNT];

    static {
        NAMES[OK] = "ok";
        NAMES[TOO_SHORT] = "too_short";
        NAMES[BAD_VERSION] = "bad_version";
        NAMES[CSRC_TRUNCATED] = "csrc_truncated";
        NAMES[EXTENSION_TRUNCATED] = "extension_truncated";
        NAMES[BAD_PADDING] = "bad_padding";
        NAMES[RTCP_BAD_LENGTH] = "rtcp_bad_length";
        NAMES[RTCP_BAD_REPORT_COUNT] = "rtcp_bad_report_count";
        NAMES[RTCP_BAD_TYPE] = "rtcp_bad_type";
        NAMES[RTCP_TOO_MANY_PACKETS] = "rtcp_too_many_packets";
        for (int i = 0; i < COUNT; i++) {
            if (NAMES[i] == null) {
                NAMES[i] = "code_" + i;
            }
        }
    }

    private RtpStatus() {
    }

    public static String name(int code) {
        return code >= 0 && code < COUNT ? NAMES[code] : "code_" + code;
    }
}

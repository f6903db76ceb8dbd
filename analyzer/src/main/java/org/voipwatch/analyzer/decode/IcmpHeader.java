package org.voipwatch.analyzer.decode;

/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443 section 2.1) common header; error messages quote the offending
 * datagram after the 8-byte header ("Internet Header + 64 bits of Original Data Datagram" for IPv4,
 * "as much of invoking packet as possible" for IPv6).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            unused / id + seq / MTU / pointer                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Internet Header + first 8 bytes of original data (errors)  ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
 * </pre>
 * Owned by the analyzer thread.
 */
public final class IcmpHeader extends Flyweight {
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int REST_OFFSET = 4;
    public static final int LENGTH = 8;
    /** Where an error message's quoted datagram starts. */
    public static final int QUOTE_OFFSET = 8;

    public static final int V4_DEST_UNREACHABLE = 3;
    public static final int V4_TIME_EXCEEDED = 11;
    public static final int V4_PARAMETER_PROBLEM = 12;
    public static final int V6_DEST_UNREACHABLE = 1;
    public static final int V6_PACKET_TOO_BIG = 2;
    public static final int V6_TIME_EXCEEDED = 3;
    public static final int V6_PARAMETER_PROBLEM = 4;

    public int type() {
        return u8(TYPE_OFFSET);
    }

    public int code() {
        return u8(CODE_OFFSET);
    }

    /** True for the error types whose body quotes the offending datagram. */
    public static boolean isError(int ipProtocol, int type) {
        if (ipProtocol == 1) {
            return type == V4_DEST_UNREACHABLE || type == V4_TIME_EXCEEDED || type == V4_PARAMETER_PROBLEM;
        }
        return type == V6_DEST_UNREACHABLE || type == V6_PACKET_TOO_BIG || type == V6_TIME_EXCEEDED
                || type == V6_PARAMETER_PROBLEM;
    }
}

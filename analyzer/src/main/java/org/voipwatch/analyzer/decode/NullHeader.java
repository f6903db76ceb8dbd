package org.voipwatch.analyzer.decode;

/**
 * BSD loopback header (LINKTYPE_NULL, 0, host byte order of the capturing machine) and OpenBSD loopback
 * (LINKTYPE_LOOP, 108, network byte order): a 4-byte address family, then the IP packet.
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Address family (AF_INET = 2, AF_INET6 =          |
 * |               24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * For LINKTYPE_NULL the writer's byte order is unknown here (the pcap header's magic tells only the file's
 * order, and some writers disagree), so {@link #familyHostOrder()} takes whichever reading is a small
 * number: every AF_ value fits in one byte, and the other reading is then at least 2^24.
 * Owned by the analyzer thread.
 */
public final class NullHeader extends Flyweight {
    public static final int FAMILY_OFFSET = 0;
    public static final int LENGTH = 4;

    public static final int AF_INET = 2;
    public static final int AF_INET6_BSD = 24;
    public static final int AF_INET6_FREEBSD = 28;
    public static final int AF_INET6_DARWIN = 30;

    /** Family read in the byte order that yields a small value (LINKTYPE_NULL). */
    public int familyHostOrder() {
        int le = Bytes.u32Le(buffer, offset + FAMILY_OFFSET);
        if (le >= 0 && le <= 0xffff) {
            return le;
        }
        return Bytes.u32(buffer, offset + FAMILY_OFFSET);
    }

    /** Family in network byte order (LINKTYPE_LOOP). */
    public int familyNetworkOrder() {
        return Bytes.u32(buffer, offset + FAMILY_OFFSET);
    }

    /** 4 for AF_INET, 6 for any of the BSD AF_INET6 values, 0 otherwise. */
    public static int ipVersionOf(int family) {
        switch (family) {
            case AF_INET:
                return 4;
            case AF_INET6_BSD:
            case AF_INET6_FREEBSD:
            case AF_INET6_DARWIN:
                return 6;
            default:
                return 0;
        }
    }
}

package org.voipwatch.analyzer.decode;

/**
 * One MPLS label stack entry (RFC 3032 section 2.1), EtherType 0x8847 (unicast) / 0x8848 (multicast), GRE
 * protocol type 0x8847, PPP protocol 0x0281.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Label                  | TC  |S|       TTL     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Entries repeat until one has S (bottom of stack) set. The stack does not say what follows it; RFC 3032
 * section 2.2 leaves that to the label's binding, so the decoder looks at the first nibble (4 IPv4, 6 IPv6)
 * as routers and tshark do, and reports anything else as non-IP. {@link #wrap} each entry. Owned by the
 * analyzer thread.
 */
public final class MplsHeader extends Flyweight {
    public static final int ENTRY_OFFSET = 0;
    public static final int ENTRY_LENGTH = 4;
    public static final int ETHERTYPE_MPLS_UNICAST = 0x8847;
    public static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    private static final int BOTTOM_OF_STACK = 0x100;

    public int label() {
        return (int) (u32(ENTRY_OFFSET) >>> 12);
    }

    public boolean bottomOfStack() {
        return (u32(ENTRY_OFFSET) & BOTTOM_OF_STACK) != 0;
    }

    public int ttl() {
        return u8(ENTRY_OFFSET + 3);
    }
}

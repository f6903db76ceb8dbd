package org.voipwatch.capture.source;

/** pcap LINKTYPE_* values (tcpdump.org/linktypes.html) that voipwatch decodes. */
public final class LinkType {
    public static final int NULL = 0;          // BSD loopback: 4-byte host-order address family
    public static final int ETHERNET = 1;
    public static final int PPP = 9;           // PPP, optionally with HDLC-like address/control (RFC 1662)
    public static final int PPP_HDLC = 50;     // PPP in HDLC-like framing, or Cisco HDLC
    public static final int C_HDLC = 104;      // Cisco HDLC: address, control, EtherType
    public static final int RAW = 101;         // raw IPv4 or IPv6, version from the first nibble
    public static final int LOOP = 108;        // OpenBSD loopback: 4-byte network-order address family
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;
    /** DLT_RAW as some old libpcap builds wrote it in file headers. */
    public static final int RAW_ALT_12 = 12;
    public static final int RAW_ALT_14 = 14;

    private LinkType() {
    }

    public static String name(int linkType) {
        switch (linkType) {
            case NULL: return "null";
            case ETHERNET: return "ether";
            case PPP: return "ppp";
            case PPP_HDLC: return "ppp-hdlc";
            case C_HDLC: return "c-hdlc";
            case RAW: case RAW_ALT_12: case RAW_ALT_14: return "rawip";
            case LOOP: return "loop";
            case LINUX_SLL: return "linux-sll";
            case IPV4: return "ipv4";
            case IPV6: return "ipv6";
            case LINUX_SLL2: return "linux-sll2";
            default: return "linktype-" + linkType;
        }
    }
}

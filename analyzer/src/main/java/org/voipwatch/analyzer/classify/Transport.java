package org.voipwatch.analyzer.classify;

/** Transport protocols a matrix service can name, as bits of a small mask, mapped from IP protocol numbers. */
public final class Transport {
    public static final int TCP = 1;
    public static final int UDP = 2;
    public static final int ICMP = 4;
    public static final int SCTP = 8;

    private Transport() {
    }

    /** The mask bit for an IP protocol number (6, 17, 1/58, 132), or 0 when a matrix cannot name it. */
    public static int bitOf(int ipProtocol) {
        switch (ipProtocol) {
            case 6: return TCP;
            case 17: return UDP;
            case 1: case 58: return ICMP;
            case 132: return SCTP;
            default: return 0;
        }
    }

    /** Parses "tcp", "udp", "icmp", "sctp" (case-insensitive); 0 when unknown. */
    public static int parse(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "tcp": return TCP;
            case "udp": return UDP;
            case "icmp": case "icmpv6": return ICMP;
            case "sctp": return SCTP;
            default: return 0;
        }
    }

    public static String name(int ipProtocol) {
        switch (ipProtocol) {
            case 6: return "tcp";
            case 17: return "udp";
            case 1: return "icmp";
            case 58: return "icmpv6";
            case 132: return "sctp";
            default: return "ip" + ipProtocol;
        }
    }

    public static String maskText(int mask) {
        StringBuilder sb = new StringBuilder();
        if ((mask & TCP) != 0) sb.append("tcp");
        if ((mask & UDP) != 0) sb.append(sb.length() > 0 ? "+" : "").append("udp");
        if ((mask & ICMP) != 0) sb.append(sb.length() > 0 ? "+" : "").append("icmp");
        if ((mask & SCTP) != 0) sb.append(sb.length() > 0 ? "+" : "").append("sctp");
        return sb.toString();
    }
}

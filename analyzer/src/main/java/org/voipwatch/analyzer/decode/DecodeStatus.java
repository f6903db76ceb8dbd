package org.voipwatch.analyzer.decode;

/**
 * What {@link PacketDecoder#decode} made of a frame: an int code (no allocation, no exception). Codes at or
 * above {@link #FIRST_ANOMALY} are decode anomalies, counted by reason and shown in the summary under
 * their {@link #name(int)} (stable snake_case, like Zeek's "weirds").
 */
public final class DecodeStatus {
    /** An IP packet with a decoded transport header (UDP, TCP, ICMP, ICMPv6) or another IP protocol. */
    public static final int OK = 0;
    /** Not IP (ARP, LLDP, STP...): counted as protocol class "non_ip", not an anomaly. */
    public static final int NOT_IP = 1;
    /** An IP fragment stored for reassembly; the datagram is not complete yet. */
    public static final int FRAGMENT_PENDING = 2;
    /** A non-first fragment / fragment that could not be reassembled was counted and dropped. */
    public static final int FRAGMENT_DROPPED = 3;
    /**
     * An IP fragment with the same offset and length as one already held for its datagram (a capture
     * duplicate or a retransmission): ignored, not an anomaly.
     */
    public static final int FRAGMENT_DUPLICATE = 4;

    public static final int FIRST_ANOMALY = 10;
    public static final int UNSUPPORTED_LINK_TYPE = 10;
    public static final int TRUNCATED_L2 = 11;
    public static final int TRUNCATED_IPV4 = 12;
    public static final int BAD_IPV4_HEADER = 13;
    public static final int TRUNCATED_IPV6 = 14;
    public static final int BAD_IPV6_EXTENSION = 15;
    public static final int TRUNCATED_UDP = 16;
    public static final int BAD_UDP_LENGTH = 17;
    public static final int TRUNCATED_TCP = 18;
    public static final int BAD_TCP_HEADER = 19;
    public static final int TRUNCATED_ICMP = 20;
    public static final int BAD_IP_VERSION = 21;
    public static final int FRAGMENT_OVERLAP = 22;
    public static final int FRAGMENT_TOO_LARGE = 23;
    public static final int FRAGMENT_TABLE_FULL = 24;
    public static final int SNAPLEN_CUT = 25;
    public static final int TOO_MANY_VLAN_TAGS = 26;
    public static final int BAD_IP_TOTAL_LENGTH = 27;
    /** More IPv6 extension headers than {@link PacketDecoder#MAX_IPV6_EXTENSION_HEADERS}. */
    public static final int TOO_MANY_IPV6_EXTENSIONS = 28;
    /**
     * A malformed fragment: empty, a non-last fragment whose length is not a multiple of 8, or one that
     * disagrees with the datagram's already known end; the datagram is dropped.
     */
    public static final int BAD_FRAGMENT = 29;
    /** More fragments for one datagram than the reassembler holds per datagram; the datagram is dropped. */
    public static final int TOO_MANY_FRAGMENTS = 30;
    /**
     * An encapsulation header (PPPoE, PPP, GRE, ERSPAN, MPLS, VXLAN, GTP-U, L2TP) or the frame inside it does not
     * fit in the captured bytes or the outer packet.
     */
    public static final int TRUNCATED_ENCAPSULATION = 31;
    /**
     * A malformed encapsulation header: PPPoE version/type/code not 1/1/0 or a length beyond the frame, GRE
     * with routing or PPTP without a key, an ERSPAN version other than the GRE type announces, a GTP-U or
     * L2TP length beyond the datagram, a GTP-U extension of length 0 or more than
     * {@link PacketDecoder#MAX_GTPU_EXTENSIONS} of them.
     */
    public static final int BAD_ENCAPSULATION = 32;
    /** More nested encapsulations than {@link PacketDecoder#MAX_ENCAPSULATIONS}. */
    public static final int TOO_MANY_ENCAPSULATIONS = 33;
    /** An MPLS label stack deeper than {@link PacketDecoder#MAX_MPLS_LABELS}. */
    public static final int TOO_MANY_MPLS_LABELS = 34;
    /** One past the largest code: size of per-reason counter arrays. */
    public static final int COUNT = 35;

    private static final String[] NAMES = new String[COUNT];

    static {
        NAMES[OK] = "ok";
        NAMES[NOT_IP] = "non_ip";
        NAMES[FRAGMENT_PENDING] = "fragment_pending";
        NAMES[FRAGMENT_DROPPED] = "fragment_dropped";
        NAMES[UNSUPPORTED_LINK_TYPE] = "unsupported_link_type";
        NAMES[TRUNCATED_L2] = "truncated_l2";
        NAMES[TRUNCATED_IPV4] = "truncated_ipv4";
        NAMES[BAD_IPV4_HEADER] = "bad_ipv4_header";
        NAMES[TRUNCATED_IPV6] = "truncated_ipv6";
        NAMES[BAD_IPV6_EXTENSION] = "bad_ipv6_extension";
        NAMES[TRUNCATED_UDP] = "truncated_udp";
        NAMES[BAD_UDP_LENGTH] = "bad_udp_length";
        NAMES[TRUNCATED_TCP] = "truncated_tcp";
        NAMES[BAD_TCP_HEADER] = "bad_tcp_header";
        NAMES[TRUNCATED_ICMP] = "truncated_icmp";
        NAMES[BAD_IP_VERSION] = "bad_ip_version";
        NAMES[FRAGMENT_OVERLAP] = "fragment_overlap";
        NAMES[FRAGMENT_TOO_LARGE] = "fragment_too_large";
        NAMES[FRAGMENT_TABLE_FULL] = "fragment_table_full";
        NAMES[SNAPLEN_CUT] = "snaplen_cut";
        NAMES[TOO_MANY_VLAN_TAGS] = "too_many_vlan_tags";
        NAMES[BAD_IP_TOTAL_LENGTH] = "bad_ip_total_length";
        NAMES[FRAGMENT_DUPLICATE] = "fragment_duplicate";
        NAMES[TOO_MANY_IPV6_EXTENSIONS] = "too_many_ipv6_extensions";
        NAMES[BAD_FRAGMENT] = "bad_fragment";
        NAMES[TOO_MANY_FRAGMENTS] = "too_many_fragments";
        NAMES[TRUNCATED_ENCAPSULATION] = "truncated_encapsulation";
        NAMES[BAD_ENCAPSULATION] = "bad_encapsulation";
        NAMES[TOO_MANY_ENCAPSULATIONS] = "too_many_encapsulations";
        NAMES[TOO_MANY_MPLS_LABELS] = "too_many_mpls_labels";
        for (int i = 0; i < COUNT; i++) {
            if (NAMES[i] == null) {
                NAMES[i] = "code_" + i;
            }
        }
    }

    private DecodeStatus() {
    }

    public static String name(int code) {
        return code >= 0 && code < COUNT ? NAMES[code] : "code_" + code;
    }

    public static boolean isAnomaly(int code) {
        return code >= FIRST_ANOMALY;
    }
}

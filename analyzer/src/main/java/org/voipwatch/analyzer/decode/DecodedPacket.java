package org.voipwatch.analyzer.decode;

/**
 * The L2-L4 view of one packet, filled by {@link PacketDecoder} and reused for every packet (one instance
 * per analyzer thread). Addresses are 128-bit: IPv6 as is, IPv4 as the IPv4-mapped IPv6 address
 * {@code ::ffff:a.b.c.d} (so {@code hi == 0} and {@code lo == 0x0000_ffff_xxxx_xxxxL}), which gives one
 * primitive key shape for both families. The payload is a view into {@link #buffer}: either the ring slot's
 * bytes or, for a reassembled IP datagram, the reassembler's buffer (its bytes stay valid until the next
 * {@link PacketDecoder#decode} call at least; the reassembler reuses a completed slot last). When
 * {@code decode} returns an anomaly code, the fields decoded before the problem are set and the rest are cleared.
 */
public final class DecodedPacket {
    // ---- frame ----
    public long timestampNs;
    public long frameNumber;
    public int sourceIndex;
    /** Bytes of the frame on the wire (pcap orig_len). */
    public int wireLength;
    /** 802.1Q VLAN id of the innermost tag, or -1. */
    public int vlanId;
    /**
     * Encapsulation levels crossed to reach the IP header below (0 for a plain frame): one each for a PPPoE
     * session, an MPLS label stack, IP-in-IP, GRE (with ERSPAN or PPP inside), VXLAN, GTP-U, L2TP. The network and
     * transport fields describe the innermost packet: that is the flow.
     */
    public int tunnelDepth;
    /** Bit set of the {@code ENCAP_*} kinds crossed, 0 for a plain frame. */
    public int encapsulations;

    // ---- network layer ----
    /** 4, 6, or 0 when the frame carries no IP. */
    public int ipVersion;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    /** IP protocol of the transport header (after IPv6 extension headers): 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6. */
    public int ipProtocol;
    public int ttl;
    /** True when the transport header and payload come from a reassembled fragmented datagram. */
    public boolean reassembled;

    // ---- transport layer ----
    public int srcPort;
    public int dstPort;
    /** TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80). */
    public int tcpFlags;
    public long tcpSeq;
    public long tcpAck;
    public int icmpType;
    public int icmpCode;

    // ---- ICMP error: the quoted datagram's flow (valid when hasQuotedFlow) ----
    public boolean hasQuotedFlow;
    public int quotedIpProtocol;
    public long quotedSrcHi;
    public long quotedSrcLo;
    public long quotedDstHi;
    public long quotedDstLo;
    public int quotedSrcPort;
    public int quotedDstPort;

    // ---- payload after the transport header ----
    public byte[] buffer;
    public int payloadOffset;
    public int payloadLength;

    public static final int ENCAP_PPPOE = 0x01;
    public static final int ENCAP_MPLS = 0x02;
    /** IPv4 or IPv6 directly in IPv4 or IPv6 (IP protocol 4 or 41; RFC 2003, RFC 4213). */
    public static final int ENCAP_IP_IN_IP = 0x04;
    public static final int ENCAP_GRE = 0x08;
    /** ERSPAN type I, II or III inside GRE (set together with {@link #ENCAP_GRE}). */
    public static final int ENCAP_ERSPAN = 0x10;
    public static final int ENCAP_VXLAN = 0x20;
    public static final int ENCAP_GTPU = 0x40;
    /** PPP inside GRE version 1 (PPTP), set together with {@link #ENCAP_GRE}. */
    public static final int ENCAP_PPTP = 0x80;
    /** PPP in an L2TPv2 data message on udp/1701 (RFC 2661). */
    public static final int ENCAP_L2TP = 0x100;

    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    /**
     * True while every field that the common-case decode (Ethernet + IPv4 + UDP) does not set holds its cleared
     * value: then the decoder may skip {@link #clear()} (see {@code PacketDecoder.decodeCommon}).
     */
    boolean rareFieldsClear;

    /** Resets every field that a decode may leave unset. */
    public void clear() {
        rareFieldsClear = true;
        vlanId = -1;
        tunnelDepth = 0;
        encapsulations = 0;
        ipVersion = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        ipProtocol = 0;
        ttl = 0;
        reassembled = false;
        srcPort = dstPort = 0;
        tcpFlags = 0;
        tcpSeq = tcpAck = 0;
        icmpType = icmpCode = 0;
        hasQuotedFlow = false;
        quotedIpProtocol = 0;
        quotedSrcHi = quotedSrcLo = quotedDstHi = quotedDstLo = 0;
        quotedSrcPort = quotedDstPort = 0;
        buffer = null;
        payloadOffset = payloadLength = 0;
    }

    public boolean isTcp() {
        return ipProtocol == 6;
    }

    public boolean isUdp() {
        return ipProtocol == 17;
    }

    public boolean isIcmp() {
        return ipProtocol == 1 || ipProtocol == 58;
    }
}

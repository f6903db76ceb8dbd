package org.voipwatch.analyzer.decode;

import org.voipwatch.analyzer.util.IpAddresses;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.LinkType;

/**
 * Decodes a ring slot's frame (link layer → IP → transport) into a reused {@link DecodedPacket}, with
 * header flyweights over the slot's bytes and a {@link FragmentReassembler} for IP fragments.
 *
 * <p>Link types: Ethernet II with up to {@value #MAX_VLAN_TAGS} 802.1Q/802.1ad tags (vlanId = innermost),
 * Linux SLL and SLL2, BSD NULL and LOOP, RAW (and its aliases 12, 14), IPV4, IPV6. Network: IPv4 with
 * options (checksum not verified), IPv6 with up to {@value #MAX_IPV6_EXTENSION_HEADERS} extension headers.
 * Transport: UDP, TCP, ICMP, ICMPv6 (error messages: the quoted flow); other protocols give a payload view
 * after the IP headers. PPP (LINKTYPE_PPP 9, LINKTYPE_PPP_HDLC 50) and Cisco HDLC (LINKTYPE_C_HDLC 104, and
 * on 50 too).
 *
 * <p>Encapsulations, decoded through to the innermost IP packet, which is the flow reported: PPPoE session
 * (RFC 2516), MPLS label stacks (RFC 3032), IPv4/IPv6 in IPv4/IPv6 (IP protocol 4 and 41, RFC 2003 and
 * RFC 4213), GRE (RFC 2784, RFC 2890) carrying IPv4, IPv6, MPLS, transparent Ethernet bridging (0x6558) or
 * ERSPAN type I/II/III (draft-foschiano-erspan), PPTP's enhanced GRE with PPP (RFC 2637), VXLAN on udp/4789
 * (RFC 7348), GTP-U G-PDUs on udp/2152 (3GPP TS 29.281) and L2TPv2 data messages (PPP) on udp/1701
 * (RFC 2661). At most {@value #MAX_ENCAPSULATIONS} levels,
 * then {@link DecodeStatus#TOO_MANY_ENCAPSULATIONS}. A GRE payload type not listed, a udp/4789 datagram
 * without the VXLAN I flag and a GTP-U message other than a G-PDU stay what they were (an IP packet of
 * protocol 47, a UDP datagram): the protocol number or port is a hint, the header has the last word. A
 * tunnel inside an IP packet whose content holds no IP (PPP LCP in L2TP, ARP in VXLAN or ERSPAN) leaves the
 * enclosing IP packet as the result, so its flow is still seen.
 * {@link DecodedPacket#tunnelDepth} and {@link DecodedPacket#encapsulations} say what was crossed. The
 * encapsulation headers are walked by a {@link TunnelDecoder}, which hands inner frames back to this class.
 *
 * <p>Lengths: the IP total / payload length bounds the packet, so Ethernet padding is ignored. Codes:
 * {@code TRUNCATED_*} when a header does not fit in the captured bytes; {@link DecodeStatus#SNAPLEN_CUT}
 * when the headers decoded but the capture kept less than the IP length says and the frame was cut
 * (originalLength &gt; capturedLength) — the fields and a shortened payload view are then filled;
 * {@link DecodeStatus#BAD_IP_TOTAL_LENGTH} when the frame was not cut but is shorter than the IP length.
 * With any code the fields decoded before the problem stay set.
 *
 * <p>Never throws, never allocates per packet. Time comes only from {@link PacketEvent#timestampNs} and
 * {@link #onTime(long)}. Owned by the analyzer thread.
 */
public final class PacketDecoder {
    public static final int MAX_VLAN_TAGS = 4;
    public static final int MAX_IPV6_EXTENSION_HEADERS = 8;
    /** Nested encapsulation levels followed; real networks stack two or three (QinQ PPPoE, GRE in IPsec...). */
    public static final int MAX_ENCAPSULATIONS = 4;
    /** MPLS label stack entries per stack; VPN and segment-routing stacks of 3-5 labels are common. */
    public static final int MAX_MPLS_LABELS = 8;
    /** GTP-U extension headers per G-PDU (PDU session container, PDCP number... rarely more than two). */
    public static final int MAX_GTPU_EXTENSIONS = 8;

    private static final int PROTO_ICMP = 1;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_ICMPV6 = 58;
    private static final int PROTO_IPV4_IN_IP = 4;
    private static final int PROTO_IPV6_IN_IP = 41;
    private static final int PROTO_GRE = 47;
    /** Cisco HDLC address bytes (unicast, broadcast) in LINKTYPE_PPP_HDLC captures; the EtherType follows. */
    private static final int CHDLC_UNICAST = 0x0f;
    private static final int CHDLC_BROADCAST = 0x8f;
    private static final int CHDLC_LENGTH = 4;

    private final EthernetHeader ethernet = new EthernetHeader();
    private final LinuxSllHeader sll = new LinuxSllHeader();
    private final LinuxSll2Header sll2 = new LinuxSll2Header();
    private final NullHeader nullHeader = new NullHeader();
    private final Ipv4Header ip4 = new Ipv4Header();
    private final Ipv6Header ip6 = new Ipv6Header();
    private final Ipv6FragmentHeader frag6 = new Ipv6FragmentHeader();
    private final UdpHeader udp = new UdpHeader();
    private final TcpHeader tcp = new TcpHeader();
    private final IcmpHeader icmp = new IcmpHeader();
    private final TunnelDecoder tunnels = new TunnelDecoder(this);
    private final FragmentReassembler reassembler;

    private long nowNs;
    /** Off only in the test that compares the common-case path with the general one. */
    boolean fastPath = true;

    // result of walkIpv6: the upper-layer protocol, where it starts, and the fragment header if one was met
    private int walkNextHeader;
    private int walkOffset;
    private boolean walkFragment;
    private int walkFragOffset;
    private boolean walkFragMore;
    private int walkFragId;

    /** A decoder with a reassembler using {@link FragmentReassembler}'s defaults (a pool of up to 64 MiB, filled on use). */
    public PacketDecoder() {
        this(new FragmentReassembler());
    }

    public PacketDecoder(FragmentReassembler reassembler) {
        this.reassembler = reassembler;
    }

    public FragmentReassembler reassembler() {
        return reassembler;
    }

    /** Fills {@code out} and returns a {@link DecodeStatus} code. Never throws, never allocates. */
    public int decode(PacketEvent ev, DecodedPacket out) {
        if (out.rareFieldsClear && fastPath && ev.linkType == LinkType.ETHERNET && ev.kind == PacketEvent.KIND_PACKET
                && decodeCommon(ev, out)) {
            return DecodeStatus.OK;
        }
        out.clear();
        start(ev, out);
        if (ev.kind != PacketEvent.KIND_PACKET) {
            return DecodeStatus.NOT_IP;
        }
        byte[] b = ev.data;
        int end = Math.max(0, Math.min(ev.capturedLength, b.length));
        boolean cut = ev.originalLength > end;
        if (fastPath && ev.linkType == LinkType.ETHERNET && decodeEthernetIpv4Udp(b, end, out)) {
            return DecodeStatus.OK; // and the rare fields are still clear: the next packet may skip clear()
        }
        out.rareFieldsClear = false; // the general path may set any field
        switch (ev.linkType) {
            case LinkType.ETHERNET:
                if (end < EthernetHeader.LENGTH) {
                    return DecodeStatus.TRUNCATED_L2;
                }
                ethernet.wrap(b, 0, end);
                return decodeEtherType(b, ethernet.etherType(), EthernetHeader.LENGTH, end, cut, out);
            case LinkType.LINUX_SLL:
                if (end < LinuxSllHeader.LENGTH) {
                    return DecodeStatus.TRUNCATED_L2;
                }
                sll.wrap(b, 0, end);
                return decodeEtherType(b, sll.protocol(), LinuxSllHeader.LENGTH, end, cut, out);
            case LinkType.LINUX_SLL2:
                if (end < LinuxSll2Header.LENGTH) {
                    return DecodeStatus.TRUNCATED_L2;
                }
                sll2.wrap(b, 0, end);
                return decodeEtherType(b, sll2.protocol(), LinuxSll2Header.LENGTH, end, cut, out);
            case LinkType.NULL:
            case LinkType.LOOP:
                if (end < NullHeader.LENGTH) {
                    return DecodeStatus.TRUNCATED_L2;
                }
                nullHeader.wrap(b, 0, end);
                int family = ev.linkType == LinkType.NULL
                        ? nullHeader.familyHostOrder() : nullHeader.familyNetworkOrder();
                return decodeIp(NullHeader.ipVersionOf(family), b, NullHeader.LENGTH, end, cut, out);
            case LinkType.RAW:
            case LinkType.RAW_ALT_12:
            case LinkType.RAW_ALT_14:
                if (end < 1) {
                    return DecodeStatus.TRUNCATED_L2;
                }
                int version = (b[0] & 0xff) >>> 4;
                if (version != 4 && version != 6) {
                    return DecodeStatus.BAD_IP_VERSION;
                }
                return decodeIp(version, b, 0, end, cut, out);
            case LinkType.PPP:
                return tunnels.decodePpp(b, 0, end, cut, out, true);
            case LinkType.PPP_HDLC:
                if (end >= CHDLC_LENGTH && ((b[0] & 0xff) == CHDLC_UNICAST || (b[0] & 0xff) == CHDLC_BROADCAST)) {
                    return decodeEtherType(b, Bytes.u16(b, 2), CHDLC_LENGTH, end, cut, out);
                }
                return tunnels.decodePpp(b, 0, end, cut, out, true);
            case LinkType.C_HDLC:
                if (end < CHDLC_LENGTH) {
                    return DecodeStatus.TRUNCATED_L2;
                }
                return decodeEtherType(b, Bytes.u16(b, 2), CHDLC_LENGTH, end, cut, out);
            case LinkType.IPV4:
                return decodeIpv4(b, 0, end, cut, out);
            case LinkType.IPV6:
                return decodeIpv6(b, 0, end, cut, out);
            default:
                return DecodeStatus.UNSUPPORTED_LINK_TYPE;
        }
    }

    /** Expires incomplete fragment reassemblies older than the timeout (packet time); cheap when none is due. */
    public void onTime(long nowNs) {
        reassembler.expire(nowNs);
    }

    /**
     * The common case without {@link DecodedPacket#clear}: when the previous decode into {@code out} also took it,
     * every field it does not set still holds its cleared value, and clearing some thirty fields per packet was 2-3 %
     * of the analyzer thread. Returns false, with {@code out} untouched, when the frame is not the common case.
     */
    private boolean decodeCommon(PacketEvent ev, DecodedPacket out) {
        byte[] b = ev.data;
        int end = ev.capturedLength;
        if (end > b.length || !decodeEthernetIpv4Udp(b, end, out)) {
            return false;
        }
        start(ev, out);
        return true;
    }

    /** What every packet gets from its slot, and the reassembler's expiry at its time. */
    private void start(PacketEvent ev, DecodedPacket out) {
        out.timestampNs = ev.timestampNs;
        out.frameNumber = ev.frameNumber;
        out.sourceIndex = ev.sourceIndex;
        out.wireLength = ev.originalLength;
        nowNs = ev.timestampNs;
        // one comparison unless a datagram may be due: callers need not call onTime for expiry to happen
        reassembler.expire(nowNs);
    }

    // Offsets of the common case: Ethernet without tags, IPv4 without options, UDP.
    private static final int FAST_IP = EthernetHeader.LENGTH;
    private static final int FAST_UDP = FAST_IP + Ipv4Header.MIN_LENGTH;
    private static final int FAST_PAYLOAD = FAST_UDP + UdpHeader.LENGTH;

    /**
     * Most frames at a VoIP site (RTP) in one method: untagged Ethernet, a whole IPv4 datagram without options that is
     * not a fragment, UDP on a port no tunnel uses. It fills {@code out} exactly as the general path does
     * (decodeEtherType, decodeIpv4, decodeTransport, decodeUdpAndTunnel: four calls under C1, plus the flyweights) and
     * returns true; anything else, including every malformed or cut frame, returns false untouched and takes the
     * general path. {@code PacketDecoderFastPathTest} compares the two on mutated frames and on captures.
     */
    private boolean decodeEthernetIpv4Udp(byte[] b, int end, DecodedPacket out) {
        if (end < FAST_PAYLOAD || Bytes.u16(b, EthernetHeader.ETHER_TYPE_OFFSET) != EthernetHeader.ETHERTYPE_IPV4
                || b[FAST_IP] != 0x45 || b[FAST_IP + Ipv4Header.PROTOCOL_OFFSET] != PROTO_UDP) {
            return false;
        }
        int total = Bytes.u16(b, FAST_IP + Ipv4Header.TOTAL_LENGTH_OFFSET);
        int flags = Bytes.u16(b, FAST_IP + Ipv4Header.FLAGS_FRAGMENT_OFFSET);
        if (total < Ipv4Header.MIN_LENGTH + UdpHeader.LENGTH || total > end - FAST_IP
                || (flags & (Ipv4Header.FLAG_MF | Ipv4Header.FRAGMENT_OFFSET_MASK)) != 0) {
            return false;
        }
        int sport = Bytes.u16(b, FAST_UDP + UdpHeader.SRC_PORT_OFFSET);
        int dport = Bytes.u16(b, FAST_UDP + UdpHeader.DST_PORT_OFFSET);
        int udpLength = Bytes.u16(b, FAST_UDP + UdpHeader.LENGTH_OFFSET);
        if (udpLength < UdpHeader.LENGTH || udpLength > total - Ipv4Header.MIN_LENGTH
                || dport == VxlanHeader.UDP_PORT || dport == GtpUHeader.UDP_PORT || dport == L2tpHeader.UDP_PORT
                || sport == L2tpHeader.UDP_PORT) {
            return false;
        }
        out.ipVersion = 4;
        out.srcHi = 0;
        out.dstHi = 0;
        out.srcLo = IpAddresses.v4Lo(Bytes.u32(b, FAST_IP + Ipv4Header.SRC_OFFSET));
        out.dstLo = IpAddresses.v4Lo(Bytes.u32(b, FAST_IP + Ipv4Header.DST_OFFSET));
        out.ttl = b[FAST_IP + Ipv4Header.TTL_OFFSET] & 0xff;
        out.ipProtocol = PROTO_UDP;
        out.buffer = b;
        out.srcPort = sport;
        out.dstPort = dport;
        out.payloadOffset = FAST_PAYLOAD;
        out.payloadLength = udpLength - UdpHeader.LENGTH;
        return true;
    }

    /** Walks VLAN tags (each: TPID where the EtherType was, then a 2-byte TCI at {@code p}), then the EtherType. */
    int decodeEtherType(byte[] b, int etherType, int p, int end, boolean cut, DecodedPacket out) {
        int type = etherType;
        for (int tags = 0; EthernetHeader.isVlanTpid(type); tags++) {
            if (tags == MAX_VLAN_TAGS) {
                return DecodeStatus.TOO_MANY_VLAN_TAGS;
            }
            if (end - p < EthernetHeader.VLAN_TAG_LENGTH) {
                return DecodeStatus.TRUNCATED_L2;
            }
            out.vlanId = Bytes.u16(b, p) & EthernetHeader.VLAN_ID_MASK;
            type = Bytes.u16(b, p + 2);
            p += EthernetHeader.VLAN_TAG_LENGTH;
        }
        switch (type) {
            case EthernetHeader.ETHERTYPE_IPV4:
                return decodeIpv4(b, p, end, cut, out);
            case EthernetHeader.ETHERTYPE_IPV6:
                return decodeIpv6(b, p, end, cut, out);
            case PppoeHeader.ETHERTYPE_PPPOE_SESSION:
                return tunnels.decodePppoe(b, p, end, cut, out);
            case MplsHeader.ETHERTYPE_MPLS_UNICAST:
            case MplsHeader.ETHERTYPE_MPLS_MULTICAST:
                return tunnels.decodeMpls(b, p, end, cut, out);
            default:
                return DecodeStatus.NOT_IP;
        }
    }

    /** An inner Ethernet frame (GRE transparent bridging, ERSPAN, VXLAN) from {@code p}. */
    int decodeEthernet(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
        if (end - p < EthernetHeader.LENGTH) {
            return DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        return decodeEtherType(b, Bytes.u16(b, p + EthernetHeader.ETHER_TYPE_OFFSET), p + EthernetHeader.LENGTH,
                end, cut, out);
    }

    int decodeIp(int version, byte[] b, int off, int end, boolean cut, DecodedPacket out) {
        if (version == 4) {
            return decodeIpv4(b, off, end, cut, out);
        }
        if (version == 6) {
            return decodeIpv6(b, off, end, cut, out);
        }
        return DecodeStatus.NOT_IP;
    }

    int decodeIpv4(byte[] b, int off, int end, boolean cut, DecodedPacket out) {
        int avail = end - off;
        // the version nibble first: a wrong one says more than a short length
        if (avail > 0 && (b[off] & 0xf0) != 0x40) {
            return DecodeStatus.BAD_IP_VERSION;
        }
        if (avail < Ipv4Header.MIN_LENGTH) {
            return DecodeStatus.TRUNCATED_IPV4;
        }
        ip4.wrap(b, off, avail);
        int ihl = ip4.headerLength();
        if (ihl < Ipv4Header.MIN_LENGTH) {
            return DecodeStatus.BAD_IPV4_HEADER;
        }
        if (ihl > avail) {
            return DecodeStatus.TRUNCATED_IPV4;
        }
        int proto = ip4.protocol();
        out.ipVersion = 4;
        // an IPv4 packet inside IPv6 (RFC 2473, GRE over IPv6...) must not keep the outer high halves
        out.srcHi = 0;
        out.dstHi = 0;
        out.srcLo = IpAddresses.v4Lo(ip4.src());
        out.dstLo = IpAddresses.v4Lo(ip4.dst());
        out.ttl = ip4.ttl();
        out.ipProtocol = proto;
        int total = ip4.totalLength();
        if (total < ihl) {
            return DecodeStatus.BAD_IP_TOTAL_LENGTH;
        }
        int ipEnd = off + total;
        boolean ipCut = false;
        if (total > avail) {
            if (!cut) {
                return DecodeStatus.BAD_IP_TOTAL_LENGTH;
            }
            ipEnd = end;
            ipCut = true;
        }
        if (ip4.isFragment()) {
            if (ipCut) {
                return DecodeStatus.SNAPLEN_CUT;
            }
            int st = reassembler.offer(4, 0, out.srcLo, 0, out.dstLo, proto, ip4.identification(),
                    b, off + ihl, total - ihl, ip4.fragmentOffsetBytes(), ip4.moreFragments(), proto, nowNs);
            if (st != DecodeStatus.OK) {
                return st;
            }
            out.reassembled = true;
            return decodeTransport(proto, reassembler.completedBuffer(), 0, reassembler.completedLength(),
                    false, out);
        }
        return decodeTransport(proto, b, off + ihl, ipEnd, ipCut, out);
    }

    int decodeIpv6(byte[] b, int off, int end, boolean cut, DecodedPacket out) {
        int avail = end - off;
        if (avail > 0 && (b[off] & 0xf0) != 0x60) {
            return DecodeStatus.BAD_IP_VERSION;
        }
        if (avail < Ipv6Header.LENGTH) {
            return DecodeStatus.TRUNCATED_IPV6;
        }
        ip6.wrap(b, off, avail);
        out.ipVersion = 6;
        out.srcHi = ip6.srcHi();
        out.srcLo = ip6.srcLo();
        out.dstHi = ip6.dstHi();
        out.dstLo = ip6.dstLo();
        out.ttl = ip6.hopLimit();
        int total = Ipv6Header.LENGTH + ip6.payloadLength();
        int ipEnd = off + total;
        boolean ipCut = false;
        if (total > avail) {
            if (!cut) {
                return DecodeStatus.BAD_IP_TOTAL_LENGTH;
            }
            ipEnd = end;
            ipCut = true;
        }
        int st = walkIpv6(b, off + Ipv6Header.LENGTH, ipEnd, ip6.nextHeader(), ipCut);
        out.ipProtocol = walkNextHeader;
        if (st != DecodeStatus.OK) {
            return st;
        }
        if (!walkFragment) {
            return decodeTransport(walkNextHeader, b, walkOffset, ipEnd, ipCut, out);
        }
        if (ipCut) {
            return DecodeStatus.SNAPLEN_CUT;
        }
        st = reassembler.offer(6, out.srcHi, out.srcLo, out.dstHi, out.dstLo, -1, walkFragId,
                b, walkOffset, ipEnd - walkOffset, walkFragOffset, walkFragMore, walkNextHeader, nowNs);
        if (st != DecodeStatus.OK) {
            return st;
        }
        out.reassembled = true;
        byte[] rb = reassembler.completedBuffer();
        int rEnd = reassembler.completedLength();
        st = walkIpv6(rb, 0, rEnd, reassembler.completedNextHeader(), false);
        out.ipProtocol = walkNextHeader;
        if (st != DecodeStatus.OK) {
            return st;
        }
        if (walkFragment) {
            // a second fragment header inside the reassembled data is not something RFC 8200 allows
            return DecodeStatus.BAD_IPV6_EXTENSION;
        }
        return decodeTransport(walkNextHeader, rb, walkOffset, rEnd, false, out);
    }

    /**
     * Skips IPv6 extension headers from {@code p} until an upper-layer protocol (or ESP / no next header,
     * which end the walk), or until a non-atomic fragment header, after which the rest is fragment data.
     * Sets walkNextHeader/walkOffset and walkFragment*.
     */
    private int walkIpv6(byte[] b, int p, int end, int nextHeader, boolean ipCut) {
        int nh = nextHeader;
        walkFragment = false;
        for (int n = 0; ; n++) {
            walkNextHeader = nh;
            walkOffset = p;
            if (!isIpv6Extension(nh)) {
                return DecodeStatus.OK;
            }
            if (n == MAX_IPV6_EXTENSION_HEADERS) {
                return DecodeStatus.TOO_MANY_IPV6_EXTENSIONS;
            }
            if (end - p < Ipv6Header.EXT_MIN_LENGTH) {
                return ipCut ? DecodeStatus.TRUNCATED_IPV6 : DecodeStatus.BAD_IPV6_EXTENSION;
            }
            int len = Ipv6Header.extensionLength(nh, b, p);
            if (len > end - p) {
                return ipCut ? DecodeStatus.TRUNCATED_IPV6 : DecodeStatus.BAD_IPV6_EXTENSION;
            }
            if (nh == Ipv6Header.NH_FRAGMENT) {
                frag6.wrap(b, p, len);
                nh = frag6.nextHeader();
                p += len;
                // RFC 6946: an atomic fragment (offset 0, M = 0) is processed as a whole packet
                if (frag6.fragmentOffsetBytes() != 0 || frag6.moreFragments()) {
                    walkFragment = true;
                    walkFragOffset = frag6.fragmentOffsetBytes();
                    walkFragMore = frag6.moreFragments();
                    walkFragId = frag6.identification();
                    walkNextHeader = nh;
                    walkOffset = p;
                    return DecodeStatus.OK;
                }
            } else {
                nh = b[p + Ipv6Header.EXT_NEXT_HEADER_OFFSET] & 0xff;
                p += len;
            }
        }
    }

    private static boolean isIpv6Extension(int nh) {
        return nh == Ipv6Header.NH_HOP_BY_HOP || nh == Ipv6Header.NH_ROUTING || nh == Ipv6Header.NH_FRAGMENT
                || nh == Ipv6Header.NH_DEST_OPTIONS || nh == Ipv6Header.NH_AH;
    }

    private int decodeTransport(int proto, byte[] b, int p, int ipEnd, boolean ipCut, DecodedPacket out) {
        out.ipProtocol = proto;
        out.buffer = b;
        int avail = ipEnd - p;
        switch (proto) {
            case PROTO_UDP:
                return decodeUdpAndTunnel(b, p, avail, ipCut, out);
            case PROTO_TCP:
                return decodeTcp(b, p, avail, ipCut, out);
            case PROTO_ICMP:
            case PROTO_ICMPV6:
                return decodeIcmp(proto, b, p, avail, ipCut, out);
            case PROTO_IPV4_IN_IP:
            case PROTO_IPV6_IN_IP:
                if (!TunnelDecoder.enter(out, DecodedPacket.ENCAP_IP_IN_IP)) {
                    return DecodeStatus.TOO_MANY_ENCAPSULATIONS;
                }
                return proto == PROTO_IPV4_IN_IP ? decodeIpv4(b, p, ipEnd, ipCut, out)
                        : decodeIpv6(b, p, ipEnd, ipCut, out);
            case PROTO_GRE: {
                int st = tunnels.decodeGre(b, p, ipEnd, ipCut, out);
                if (st == DecodeStatus.NOT_IP) {
                    // ERSPAN mirroring ARP, MPLS of a pseudowire...: the GRE packet is the innermost IP packet
                    tunnels.restoreOuter(out);
                    return opaquePayload(p, avail, ipCut, out);
                }
                return st != TunnelDecoder.NOT_ENCAPSULATED ? st : opaquePayload(p, avail, ipCut, out);
            }
            default:
                return opaquePayload(p, avail, ipCut, out);
        }
    }

    /** A protocol without a decoded header: the payload is everything after the IP headers. */
    private static int opaquePayload(int p, int avail, boolean ipCut, DecodedPacket out) {
        out.payloadOffset = p;
        out.payloadLength = avail;
        return ipCut ? DecodeStatus.SNAPLEN_CUT : DecodeStatus.OK;
    }

    private int decodeUdpAndTunnel(byte[] b, int p, int avail, boolean ipCut, DecodedPacket out) {
        int st = decodeUdp(b, p, avail, ipCut, out);
        if (st != DecodeStatus.OK && st != DecodeStatus.SNAPLEN_CUT) {
            return st;
        }
        int t = tunnels.decodeUdpTunnel(b, out.payloadOffset, out.payloadOffset + out.payloadLength, ipCut, out);
        if (t == DecodeStatus.NOT_IP) {
            tunnels.restoreOuter(out);
            return st;
        }
        return t != TunnelDecoder.NOT_ENCAPSULATED ? t : st;
    }

    private int decodeUdp(byte[] b, int p, int avail, boolean ipCut, DecodedPacket out) {
        if (avail < UdpHeader.LENGTH) {
            return DecodeStatus.TRUNCATED_UDP;
        }
        udp.wrap(b, p, avail);
        out.srcPort = udp.srcPort();
        out.dstPort = udp.dstPort();
        int udpLength = udp.udpLength();
        if (udpLength < UdpHeader.LENGTH) {
            return DecodeStatus.BAD_UDP_LENGTH;
        }
        out.payloadOffset = p + UdpHeader.LENGTH;
        out.payloadLength = Math.min(udpLength, avail) - UdpHeader.LENGTH;
        if (udpLength > avail) {
            return ipCut ? DecodeStatus.SNAPLEN_CUT : DecodeStatus.BAD_UDP_LENGTH;
        }
        return DecodeStatus.OK;
    }

    private int decodeTcp(byte[] b, int p, int avail, boolean ipCut, DecodedPacket out) {
        if (avail < TcpHeader.MIN_LENGTH) {
            return DecodeStatus.TRUNCATED_TCP;
        }
        tcp.wrap(b, p, avail);
        out.srcPort = tcp.srcPort();
        out.dstPort = tcp.dstPort();
        out.tcpSeq = tcp.seq();
        out.tcpAck = tcp.ack();
        out.tcpFlags = tcp.flags();
        int hl = tcp.headerLength();
        if (hl < TcpHeader.MIN_LENGTH) {
            return DecodeStatus.BAD_TCP_HEADER;
        }
        if (hl > avail) {
            return ipCut ? DecodeStatus.TRUNCATED_TCP : DecodeStatus.BAD_TCP_HEADER;
        }
        out.payloadOffset = p + hl;
        out.payloadLength = avail - hl;
        return ipCut ? DecodeStatus.SNAPLEN_CUT : DecodeStatus.OK;
    }

    private int decodeIcmp(int proto, byte[] b, int p, int avail, boolean ipCut, DecodedPacket out) {
        if (avail < IcmpHeader.LENGTH) {
            if (avail >= 2) {
                out.icmpType = b[p] & 0xff;
                out.icmpCode = b[p + 1] & 0xff;
            }
            return DecodeStatus.TRUNCATED_ICMP;
        }
        icmp.wrap(b, p, avail);
        out.icmpType = icmp.type();
        out.icmpCode = icmp.code();
        out.payloadOffset = p + IcmpHeader.LENGTH;
        out.payloadLength = avail - IcmpHeader.LENGTH;
        if (IcmpHeader.isError(proto, out.icmpType)) {
            int st = decodeQuote(b, p + IcmpHeader.QUOTE_OFFSET, avail - IcmpHeader.QUOTE_OFFSET, out);
            if (st != DecodeStatus.OK) {
                return ipCut ? DecodeStatus.SNAPLEN_CUT : st;
            }
        }
        return ipCut ? DecodeStatus.SNAPLEN_CUT : DecodeStatus.OK;
    }

    /**
     * Decodes the datagram quoted by an ICMP error: its IP header and, when present and not a non-first
     * fragment, the ports in the first 4 bytes of its transport header (RFC 792 quotes 8 bytes).
     */
    private int decodeQuote(byte[] b, int q, int avail, DecodedPacket out) {
        if (avail < 1) {
            return DecodeStatus.TRUNCATED_ICMP;
        }
        int version = (b[q] & 0xff) >>> 4;
        int proto;
        int l4;
        boolean portsValid;
        if (version == 4) {
            if (avail < Ipv4Header.MIN_LENGTH) {
                return DecodeStatus.TRUNCATED_ICMP;
            }
            ip4.wrap(b, q, avail);
            int ihl = ip4.headerLength();
            if (ihl < Ipv4Header.MIN_LENGTH) {
                return DecodeStatus.TRUNCATED_ICMP;
            }
            out.quotedSrcLo = IpAddresses.v4Lo(ip4.src());
            out.quotedDstLo = IpAddresses.v4Lo(ip4.dst());
            proto = ip4.protocol();
            l4 = q + ihl;
            portsValid = ip4.fragmentOffsetBytes() == 0;
        } else if (version == 6) {
            if (avail < Ipv6Header.LENGTH) {
                return DecodeStatus.TRUNCATED_ICMP;
            }
            ip6.wrap(b, q, avail);
            out.quotedSrcHi = ip6.srcHi();
            out.quotedSrcLo = ip6.srcLo();
            out.quotedDstHi = ip6.dstHi();
            out.quotedDstLo = ip6.dstLo();
            // the quote is cut by design, so extension headers beyond it just leave the ports unknown
            int st = walkIpv6(b, q + Ipv6Header.LENGTH, q + avail, ip6.nextHeader(), true);
            proto = walkNextHeader;
            l4 = walkOffset;
            portsValid = st == DecodeStatus.OK && (!walkFragment || walkFragOffset == 0);
        } else {
            return DecodeStatus.OK;
        }
        out.hasQuotedFlow = true;
        out.quotedIpProtocol = proto;
        if (portsValid && (proto == PROTO_UDP || proto == PROTO_TCP) && q + avail - l4 >= 4) {
            out.quotedSrcPort = Bytes.u16(b, l4);
            out.quotedDstPort = Bytes.u16(b, l4 + 2);
        }
        return DecodeStatus.OK;
    }
}

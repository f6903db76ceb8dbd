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
 * after the IP headers. PPP (LINKTYPE_PPP 9, LINKTYPE_PPP_HDLC 50, with Cisco HDLC on 50 too).
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
 * {@link DecodedPacket#tunnelDepth} and {@link DecodedPacket#encapsulations} say what was crossed.
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
    /** Internal result: not an encapsulation this decoder follows, the caller keeps the outer view. */
    private static final int NOT_ENCAPSULATED = -1;
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
    private final PppoeHeader pppoe = new PppoeHeader();
    private final PppHeader ppp = new PppHeader();
    private final MplsHeader mpls = new MplsHeader();
    private final GreHeader gre = new GreHeader();
    private final ErspanHeader erspan = new ErspanHeader();
    private final VxlanHeader vxlan = new VxlanHeader();
    private final GtpUHeader gtpu = new GtpUHeader();
    private final L2tpHeader l2tp = new L2tpHeader();
    private final FragmentReassembler reassembler;

    private long nowNs;

    // the IP/UDP view around the innermost tunnel entered from inside an IP packet, restored when the tunnel
    // holds no IP (PPP LCP in L2TP, ARP in VXLAN...): then the enclosing packet is the flow, as for tshark
    private int outerIpVersion;
    private long outerSrcHi;
    private long outerSrcLo;
    private long outerDstHi;
    private long outerDstLo;
    private int outerIpProtocol;
    private int outerTtl;
    private int outerSrcPort;
    private int outerDstPort;
    private byte[] outerBuffer;
    private int outerPayloadOffset;
    private int outerPayloadLength;
    private int outerVlanId;
    private int outerTunnelDepth;
    private int outerEncapsulations;
    private boolean outerReassembled;

    // result of walkIpv6: the upper-layer protocol, where it starts, and the fragment header if one was met
    private int walkNextHeader;
    private int walkOffset;
    private boolean walkFragment;
    private int walkFragOffset;
    private boolean walkFragMore;
    private int walkFragId;

    /** A decoder with a reassembler using {@link FragmentReassembler}'s defaults (a 64 MiB pool). */
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
        out.clear();
        out.timestampNs = ev.timestampNs;
        out.frameNumber = ev.frameNumber;
        out.sourceIndex = ev.sourceIndex;
        out.wireLength = ev.originalLength;
        nowNs = ev.timestampNs;
        // one comparison unless a datagram may be due: callers need not call onTime for expiry to happen
        reassembler.expire(nowNs);
        if (ev.kind != PacketEvent.KIND_PACKET) {
            return DecodeStatus.NOT_IP;
        }
        byte[] b = ev.data;
        int end = Math.max(0, Math.min(ev.capturedLength, b.length));
        boolean cut = ev.originalLength > end;
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
                return decodePpp(b, 0, end, cut, out, true);
            case LinkType.PPP_HDLC:
                if (end >= CHDLC_LENGTH && ((b[0] & 0xff) == CHDLC_UNICAST || (b[0] & 0xff) == CHDLC_BROADCAST)) {
                    return decodeEtherType(b, Bytes.u16(b, 2), CHDLC_LENGTH, end, cut, out);
                }
                return decodePpp(b, 0, end, cut, out, true);
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

    /** Walks VLAN tags (each: TPID where the EtherType was, then a 2-byte TCI at {@code p}). */
    private int decodeEtherType(byte[] b, int etherType, int p, int end, boolean cut, DecodedPacket out) {
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
                return decodePppoe(b, p, end, cut, out);
            case MplsHeader.ETHERTYPE_MPLS_UNICAST:
            case MplsHeader.ETHERTYPE_MPLS_MULTICAST:
                return decodeMpls(b, p, end, cut, out);
            default:
                return DecodeStatus.NOT_IP;
        }
    }

    /** An inner Ethernet frame (GRE transparent bridging, ERSPAN, VXLAN) from {@code p}. */
    private int decodeEthernet(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
        if (end - p < EthernetHeader.LENGTH) {
            return DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        return decodeEtherType(b, Bytes.u16(b, p + EthernetHeader.ETHER_TYPE_OFFSET), p + EthernetHeader.LENGTH,
                end, cut, out);
    }

    /** Counts one more encapsulation level; false when that would pass {@link #MAX_ENCAPSULATIONS}. */
    private static boolean enter(DecodedPacket out, int kind) {
        if (out.tunnelDepth == MAX_ENCAPSULATIONS) {
            return false;
        }
        out.tunnelDepth++;
        out.encapsulations |= kind;
        return true;
    }

    private int decodePppoe(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
        if (!enter(out, DecodedPacket.ENCAP_PPPOE)) {
            return DecodeStatus.TOO_MANY_ENCAPSULATIONS;
        }
        int avail = end - p;
        if (avail < PppoeHeader.LENGTH) {
            return DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        pppoe.wrap(b, p, avail);
        if (pppoe.verType() != PppoeHeader.VER_TYPE_1_1 || pppoe.code() != PppoeHeader.CODE_SESSION_DATA) {
            return DecodeStatus.BAD_ENCAPSULATION;
        }
        // LENGTH, not the frame, bounds the PPP frame: Ethernet pads short PPPoE frames to 60 bytes
        int pppEnd = p + PppoeHeader.LENGTH + pppoe.payloadLength();
        if (pppEnd > end) {
            if (!cut) {
                return DecodeStatus.BAD_ENCAPSULATION;
            }
            pppEnd = end;
        }
        return decodePpp(b, p + PppoeHeader.LENGTH, pppEnd, cut, out, false);
    }

    /** A PPP frame from {@code p}: IPv4, IPv6 or MPLS inside; LCP, IPCP and the other control protocols are non-IP. */
    private int decodePpp(byte[] b, int p, int end, boolean cut, DecodedPacket out, boolean addressControl) {
        ppp.wrap(b, p, end - p);
        if (!ppp.parse(addressControl)) {
            boolean badControl = end - p >= 2 && (b[p] & 0xff) == PppHeader.ADDRESS_ALL_STATIONS
                    && (b[p + 1] & 0xff) != PppHeader.CONTROL_UI;
            return badControl ? DecodeStatus.BAD_ENCAPSULATION : DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        int q = p + ppp.headerLength();
        switch (ppp.protocol()) {
            case PppHeader.PROTOCOL_IPV4:
                return decodeIpv4(b, q, end, cut, out);
            case PppHeader.PROTOCOL_IPV6:
                return decodeIpv6(b, q, end, cut, out);
            case PppHeader.PROTOCOL_MPLS_UNICAST:
                return decodeMpls(b, q, end, cut, out);
            default:
                return DecodeStatus.NOT_IP;
        }
    }

    /** An MPLS label stack from {@code p}, then IPv4 or IPv6 told apart by the version nibble. */
    private int decodeMpls(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
        if (!enter(out, DecodedPacket.ENCAP_MPLS)) {
            return DecodeStatus.TOO_MANY_ENCAPSULATIONS;
        }
        int q = p;
        for (int n = 0; ; n++) {
            if (n == MAX_MPLS_LABELS) {
                return DecodeStatus.TOO_MANY_MPLS_LABELS;
            }
            if (end - q < MplsHeader.ENTRY_LENGTH) {
                return DecodeStatus.TRUNCATED_ENCAPSULATION;
            }
            mpls.wrap(b, q, MplsHeader.ENTRY_LENGTH);
            q += MplsHeader.ENTRY_LENGTH;
            if (mpls.bottomOfStack()) {
                break;
            }
        }
        if (end - q < 1) {
            return DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        // a pseudowire control word (nibble 0) or anything else is not an IP packet
        return decodeIp((b[q] & 0xff) >>> 4, b, q, end, cut, out);
    }

    /**
     * A GRE packet from {@code p} to {@code end} (the outer IP end). Returns {@link #NOT_ENCAPSULATED} for
     * payload types this decoder does not follow, before changing {@code out}.
     */
    private int decodeGre(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
        int avail = end - p;
        if (avail < GreHeader.MIN_LENGTH) {
            return DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        gre.wrap(b, p, avail);
        int flags = gre.flagsVersion();
        int version = flags & GreHeader.VERSION_MASK;
        int type = gre.protocolType();
        if (!((version == 0 && isGrePayloadFollowed(type)) || (version == 1 && type == PppHeader.GRE_PROTOCOL_PPP))) {
            return NOT_ENCAPSULATED;
        }
        saveOuter(out);
        if (!enter(out, DecodedPacket.ENCAP_GRE)) {
            return DecodeStatus.TOO_MANY_ENCAPSULATIONS;
        }
        // routing (RFC 1701 source routes) may be discarded (RFC 2784 section 2.3); PPTP always sets K
        if ((flags & GreHeader.FLAG_R) != 0 || (version == 1 && (flags & GreHeader.FLAG_K) == 0)) {
            return DecodeStatus.BAD_ENCAPSULATION;
        }
        int hl = gre.headerLength();
        if (hl > avail) {
            return DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        int q = p + hl;
        switch (version == 1 ? PppHeader.GRE_PROTOCOL_PPP : type) {
            case PppHeader.GRE_PROTOCOL_PPP:
                return decodePptp(b, q, end, cut, out);
            case EthernetHeader.ETHERTYPE_IPV4:
                return decodeIpv4(b, q, end, cut, out);
            case EthernetHeader.ETHERTYPE_IPV6:
                return decodeIpv6(b, q, end, cut, out);
            case GreHeader.PROTOCOL_MPLS_UNICAST:
                return decodeMpls(b, q, end, cut, out);
            case GreHeader.PROTOCOL_TRANSPARENT_ETHERNET:
                return decodeEthernet(b, q, end, cut, out);
            case GreHeader.PROTOCOL_ERSPAN_II:
                out.encapsulations |= DecodedPacket.ENCAP_ERSPAN;
                // type I is 0x88BE without a sequence number and without an ERSPAN header
                return gre.hasSequence() ? decodeErspan2(b, q, end, cut, out) : decodeEthernet(b, q, end, cut, out);
            default:
                out.encapsulations |= DecodedPacket.ENCAP_ERSPAN;
                return decodeErspan3(b, q, end, cut, out);
        }
    }

    private static boolean isGrePayloadFollowed(int type) {
        return type == EthernetHeader.ETHERTYPE_IPV4 || type == EthernetHeader.ETHERTYPE_IPV6
                || type == GreHeader.PROTOCOL_TRANSPARENT_ETHERNET || type == GreHeader.PROTOCOL_ERSPAN_II
                || type == GreHeader.PROTOCOL_ERSPAN_III || type == GreHeader.PROTOCOL_MPLS_UNICAST;
    }

    /** PPP in PPTP's enhanced GRE: the Key field's payload length bounds the PPP frame. */
    private int decodePptp(byte[] b, int q, int end, boolean cut, DecodedPacket out) {
        out.encapsulations |= DecodedPacket.ENCAP_PPTP;
        int pppEnd = q + gre.pptpPayloadLength();
        if (pppEnd > end) {
            if (!cut) {
                return DecodeStatus.BAD_ENCAPSULATION;
            }
            pppEnd = end;
        }
        if (pppEnd == q) {
            // an acknowledgment-only packet carries no PPP frame
            return DecodeStatus.NOT_IP;
        }
        return decodePpp(b, q, pppEnd, cut, out, true);
    }

    private int decodeErspan2(byte[] b, int q, int end, boolean cut, DecodedPacket out) {
        if (end - q < ErspanHeader.TYPE2_LENGTH) {
            return DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        erspan.wrap(b, q, ErspanHeader.TYPE2_LENGTH);
        if (erspan.version() != ErspanHeader.VERSION_TYPE2) {
            return DecodeStatus.BAD_ENCAPSULATION;
        }
        return decodeEthernet(b, q + ErspanHeader.TYPE2_LENGTH, end, cut, out);
    }

    private int decodeErspan3(byte[] b, int q, int end, boolean cut, DecodedPacket out) {
        if (end - q < ErspanHeader.TYPE3_LENGTH) {
            return DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        erspan.wrap(b, q, ErspanHeader.TYPE3_LENGTH);
        if (erspan.version() != ErspanHeader.VERSION_TYPE3) {
            return DecodeStatus.BAD_ENCAPSULATION;
        }
        int r = q + ErspanHeader.TYPE3_LENGTH + (erspan.hasSubheader() ? ErspanHeader.TYPE3_SUBHEADER_LENGTH : 0);
        int frameType = erspan.frameType();
        if (frameType == ErspanHeader.FRAME_TYPE_ETHERNET) {
            return decodeEthernet(b, r, end, cut, out);
        }
        if (frameType != ErspanHeader.FRAME_TYPE_IP) {
            return DecodeStatus.NOT_IP;
        }
        if (end - r < 1) {
            return DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        return decodeIp((b[r] & 0xff) >>> 4, b, r, end, cut, out);
    }

    /**
     * The payload {@code [p, end)} of a UDP datagram already in {@code out}: VXLAN to port 4789 or a GTP-U
     * G-PDU to port 2152 is followed; anything else returns {@link #NOT_ENCAPSULATED} with {@code out} unchanged.
     */
    private int decodeUdpTunnel(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
        int avail = end - p;
        if (out.dstPort == VxlanHeader.UDP_PORT) {
            if (avail < VxlanHeader.LENGTH) {
                return NOT_ENCAPSULATED;
            }
            vxlan.wrap(b, p, avail);
            if (!vxlan.vniValid()) {
                return NOT_ENCAPSULATED;
            }
            if (!enterUdpTunnel(out, DecodedPacket.ENCAP_VXLAN)) {
                return DecodeStatus.TOO_MANY_ENCAPSULATIONS;
            }
            return decodeEthernet(b, p + VxlanHeader.LENGTH, end, cut, out);
        }
        if (out.dstPort == GtpUHeader.UDP_PORT) {
            if (avail < GtpUHeader.MIN_LENGTH) {
                return NOT_ENCAPSULATED;
            }
            gtpu.wrap(b, p, avail);
            if ((gtpu.flags() & GtpUHeader.VERSION_PT_MASK) != GtpUHeader.VERSION_PT_V1
                    || gtpu.messageType() != GtpUHeader.MESSAGE_TYPE_G_PDU) {
                // echo, error indication, end marker: GTP-U signalling, the UDP flow itself is the flow
                return NOT_ENCAPSULATED;
            }
            if (!enterUdpTunnel(out, DecodedPacket.ENCAP_GTPU)) {
                return DecodeStatus.TOO_MANY_ENCAPSULATIONS;
            }
            return decodeGtpU(b, p, end, cut, out);
        }
        if (out.dstPort == L2tpHeader.UDP_PORT || out.srcPort == L2tpHeader.UDP_PORT) {
            return decodeL2tp(b, p, end, cut, out);
        }
        return NOT_ENCAPSULATED;
    }

    /** An L2TPv2 data message carrying PPP; control messages and L2TPv3 stay plain UDP. */
    private int decodeL2tp(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
        int avail = end - p;
        if (avail < L2tpHeader.MIN_LENGTH) {
            return NOT_ENCAPSULATED;
        }
        l2tp.wrap(b, p, avail);
        if (!l2tp.isDataV2()) {
            return NOT_ENCAPSULATED;
        }
        if (!enterUdpTunnel(out, DecodedPacket.ENCAP_L2TP)) {
            return DecodeStatus.TOO_MANY_ENCAPSULATIONS;
        }
        int hl = l2tp.headerLength();
        if (hl < 0 || hl > avail) {
            // the offset pad is sized by a wire field: beyond a whole datagram it is malformed
            return cut ? DecodeStatus.TRUNCATED_ENCAPSULATION : DecodeStatus.BAD_ENCAPSULATION;
        }
        int msgEnd = end;
        if (l2tp.hasLength()) {
            int len = l2tp.messageLength();
            if (len < hl) {
                return DecodeStatus.BAD_ENCAPSULATION;
            }
            if (len > avail) {
                if (!cut) {
                    return DecodeStatus.BAD_ENCAPSULATION;
                }
            } else {
                msgEnd = p + len;
            }
        }
        return decodePpp(b, p + hl, msgEnd, cut, out, true);
    }

    /** {@link #enter} for a tunnel in UDP: the outer ports and payload view must not leak into the inner flow. */
    private boolean enterUdpTunnel(DecodedPacket out, int kind) {
        saveOuter(out);
        if (!enter(out, kind)) {
            return false;
        }
        out.srcPort = 0;
        out.dstPort = 0;
        out.payloadOffset = 0;
        out.payloadLength = 0;
        return true;
    }

    /** A G-PDU from {@code p} (header checked by the caller): skips the optional word and extensions. */
    private int decodeGtpU(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
        int flags = gtpu.flags();
        int msgEnd = p + GtpUHeader.MIN_LENGTH + gtpu.messageLength();
        if (msgEnd > end) {
            if (!cut) {
                return DecodeStatus.BAD_ENCAPSULATION;
            }
            msgEnd = end;
        }
        // past msgEnd: the capture's fault when it cut the message, else the message's own
        int overrun = msgEnd == end && cut ? DecodeStatus.TRUNCATED_ENCAPSULATION : DecodeStatus.BAD_ENCAPSULATION;
        int q = p + GtpUHeader.MIN_LENGTH;
        if ((flags & GtpUHeader.OPTIONAL_FLAGS) != 0) {
            if (msgEnd - p < GtpUHeader.OPTIONAL_LENGTH) {
                return overrun;
            }
            int next = (flags & GtpUHeader.FLAG_E) != 0 ? gtpu.nextExtensionType() : 0;
            q = p + GtpUHeader.OPTIONAL_LENGTH;
            for (int n = 0; next != 0; n++) {
                if (n == MAX_GTPU_EXTENSIONS) {
                    return DecodeStatus.BAD_ENCAPSULATION;
                }
                if (msgEnd - q < 1) {
                    return overrun;
                }
                // Length in 4-byte units, the last byte names the next extension (0: none)
                int len = (b[q] & 0xff) * 4;
                if (len == 0) {
                    return DecodeStatus.BAD_ENCAPSULATION;
                }
                if (len > msgEnd - q) {
                    return overrun;
                }
                next = b[q + len - 1] & 0xff;
                q += len;
            }
        }
        if (msgEnd - q < 1) {
            return overrun;
        }
        return decodeIp((b[q] & 0xff) >>> 4, b, q, msgEnd, cut, out);
    }

    private int decodeIp(int version, byte[] b, int off, int end, boolean cut, DecodedPacket out) {
        if (version == 4) {
            return decodeIpv4(b, off, end, cut, out);
        }
        if (version == 6) {
            return decodeIpv6(b, off, end, cut, out);
        }
        return DecodeStatus.NOT_IP;
    }

    private int decodeIpv4(byte[] b, int off, int end, boolean cut, DecodedPacket out) {
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

    private int decodeIpv6(byte[] b, int off, int end, boolean cut, DecodedPacket out) {
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
                if (!enter(out, DecodedPacket.ENCAP_IP_IN_IP)) {
                    return DecodeStatus.TOO_MANY_ENCAPSULATIONS;
                }
                return proto == PROTO_IPV4_IN_IP ? decodeIpv4(b, p, ipEnd, ipCut, out)
                        : decodeIpv6(b, p, ipEnd, ipCut, out);
            case PROTO_GRE: {
                int st = decodeGre(b, p, ipEnd, ipCut, out);
                if (st == DecodeStatus.NOT_IP) {
                    // ERSPAN mirroring ARP, MPLS of a pseudowire...: the GRE packet is the innermost IP packet
                    restoreOuter(out);
                    return opaquePayload(p, avail, ipCut, out);
                }
                return st != NOT_ENCAPSULATED ? st : opaquePayload(p, avail, ipCut, out);
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
        int t = decodeUdpTunnel(b, out.payloadOffset, out.payloadOffset + out.payloadLength, ipCut, out);
        if (t == DecodeStatus.NOT_IP) {
            restoreOuter(out);
            return st;
        }
        return t != NOT_ENCAPSULATED ? t : st;
    }

    /**
     * Remembers the view before entering a tunnel from inside an IP packet. One copy suffices: a NOT_IP result
     * comes from the end of the path, below the last tunnel entered, which restores it before any outer one
     * could.
     */
    private void saveOuter(DecodedPacket out) {
        outerIpVersion = out.ipVersion;
        outerSrcHi = out.srcHi;
        outerSrcLo = out.srcLo;
        outerDstHi = out.dstHi;
        outerDstLo = out.dstLo;
        outerIpProtocol = out.ipProtocol;
        outerTtl = out.ttl;
        outerSrcPort = out.srcPort;
        outerDstPort = out.dstPort;
        outerBuffer = out.buffer;
        outerPayloadOffset = out.payloadOffset;
        outerPayloadLength = out.payloadLength;
        outerVlanId = out.vlanId;
        outerTunnelDepth = out.tunnelDepth;
        outerEncapsulations = out.encapsulations;
        outerReassembled = out.reassembled;
    }

    private void restoreOuter(DecodedPacket out) {
        out.ipVersion = outerIpVersion;
        out.srcHi = outerSrcHi;
        out.srcLo = outerSrcLo;
        out.dstHi = outerDstHi;
        out.dstLo = outerDstLo;
        out.ipProtocol = outerIpProtocol;
        out.ttl = outerTtl;
        out.srcPort = outerSrcPort;
        out.dstPort = outerDstPort;
        out.buffer = outerBuffer;
        out.payloadOffset = outerPayloadOffset;
        out.payloadLength = outerPayloadLength;
        out.vlanId = outerVlanId;
        out.tunnelDepth = outerTunnelDepth;
        out.encapsulations = outerEncapsulations;
        out.reassembled = outerReassembled;
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

package org.voipwatch.analyzer.decode;

/**
 * The encapsulation half of {@link PacketDecoder}: PPPoE, PPP, MPLS, GRE (ERSPAN, PPTP), VXLAN, GTP-U and
 * L2TP headers, each handing the frame inside back to the decoder's Ethernet / IP entry points, so the two
 * recurse into each other; every level goes through {@link #enter}, which bounds the depth (and the stack) by
 * {@link PacketDecoder#MAX_ENCAPSULATIONS}. Header flyweights and the saved outer view are reused: no
 * allocation. Owned by the analyzer thread, one per {@link PacketDecoder}.
 */
final class TunnelDecoder {
    /** Result: not an encapsulation this decoder follows; {@code out} is untouched, the caller keeps its view. */
    static final int NOT_ENCAPSULATED = -1;

    private final PacketDecoder ip;
    private final PppoeHeader pppoe = new PppoeHeader();
    private final PppHeader ppp = new PppHeader();
    private final MplsHeader mpls = new MplsHeader();
    private final GreHeader gre = new GreHeader();
    private final ErspanHeader erspan = new ErspanHeader();
    private final VxlanHeader vxlan = new VxlanHeader();
    private final GtpUHeader gtpu = new GtpUHeader();
    private final L2tpHeader l2tp = new L2tpHeader();

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

    TunnelDecoder(PacketDecoder ip) {
        this.ip = ip;
    }

    /** Counts one more encapsulation level; false when that would pass {@link PacketDecoder#MAX_ENCAPSULATIONS}. */
    static boolean enter(DecodedPacket out, int kind) {
        if (out.tunnelDepth == PacketDecoder.MAX_ENCAPSULATIONS) {
            return false;
        }
        out.tunnelDepth++;
        out.encapsulations |= kind;
        return true;
    }

    int decodePppoe(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
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
    int decodePpp(byte[] b, int p, int end, boolean cut, DecodedPacket out, boolean addressControl) {
        ppp.wrap(b, p, end - p);
        if (!ppp.parse(addressControl)) {
            boolean badControl = end - p >= 2 && (b[p] & 0xff) == PppHeader.ADDRESS_ALL_STATIONS
                    && (b[p + 1] & 0xff) != PppHeader.CONTROL_UI;
            return badControl ? DecodeStatus.BAD_ENCAPSULATION : DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        int q = p + ppp.headerLength();
        switch (ppp.protocol()) {
            case PppHeader.PROTOCOL_IPV4:
                return ip.decodeIpv4(b, q, end, cut, out);
            case PppHeader.PROTOCOL_IPV6:
                return ip.decodeIpv6(b, q, end, cut, out);
            case PppHeader.PROTOCOL_MPLS_UNICAST:
                return decodeMpls(b, q, end, cut, out);
            default:
                return DecodeStatus.NOT_IP;
        }
    }

    /** An MPLS label stack from {@code p}, then IPv4 or IPv6 told apart by the version nibble. */
    int decodeMpls(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
        if (!enter(out, DecodedPacket.ENCAP_MPLS)) {
            return DecodeStatus.TOO_MANY_ENCAPSULATIONS;
        }
        int q = p;
        for (int n = 0; ; n++) {
            if (n == PacketDecoder.MAX_MPLS_LABELS) {
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
        return ip.decodeIp((b[q] & 0xff) >>> 4, b, q, end, cut, out);
    }

    /**
     * A GRE packet from {@code p} to {@code end} (the outer IP end). Returns {@link #NOT_ENCAPSULATED} for
     * payload types this decoder does not follow, before changing {@code out}.
     */
    int decodeGre(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
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
                return ip.decodeIpv4(b, q, end, cut, out);
            case EthernetHeader.ETHERTYPE_IPV6:
                return ip.decodeIpv6(b, q, end, cut, out);
            case GreHeader.PROTOCOL_MPLS_UNICAST:
                return decodeMpls(b, q, end, cut, out);
            case GreHeader.PROTOCOL_TRANSPARENT_ETHERNET:
                return ip.decodeEthernet(b, q, end, cut, out);
            case GreHeader.PROTOCOL_ERSPAN_II:
                out.encapsulations |= DecodedPacket.ENCAP_ERSPAN;
                // type I is 0x88BE without a sequence number and without an ERSPAN header
                return gre.hasSequence() ? decodeErspan2(b, q, end, cut, out) : ip.decodeEthernet(b, q, end, cut, out);
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
        return ip.decodeEthernet(b, q + ErspanHeader.TYPE2_LENGTH, end, cut, out);
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
            return ip.decodeEthernet(b, r, end, cut, out);
        }
        if (frameType != ErspanHeader.FRAME_TYPE_IP) {
            return DecodeStatus.NOT_IP;
        }
        if (end - r < 1) {
            return DecodeStatus.TRUNCATED_ENCAPSULATION;
        }
        return ip.decodeIp((b[r] & 0xff) >>> 4, b, r, end, cut, out);
    }

    /**
     * The payload {@code [p, end)} of a UDP datagram already in {@code out}: VXLAN to port 4789, a GTP-U G-PDU
     * to port 2152 and an L2TPv2 data message from or to port 1701 are followed; anything else returns
     * {@link #NOT_ENCAPSULATED} with {@code out} unchanged.
     */
    int decodeUdpTunnel(byte[] b, int p, int end, boolean cut, DecodedPacket out) {
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
            return ip.decodeEthernet(b, p + VxlanHeader.LENGTH, end, cut, out);
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
                if (n == PacketDecoder.MAX_GTPU_EXTENSIONS) {
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
        return ip.decodeIp((b[q] & 0xff) >>> 4, b, q, msgEnd, cut, out);
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

    void restoreOuter(DecodedPacket out) {
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
}

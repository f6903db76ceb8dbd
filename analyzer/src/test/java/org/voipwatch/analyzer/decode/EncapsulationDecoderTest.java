package org.voipwatch.analyzer.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.voipwatch.analyzer.decode.Frames.event;
import static org.voipwatch.analyzer.decode.Frames.hex;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.ETH_ADDRS;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.IPV4_UDP;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.IPV6_UDP;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.SRC_V4;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.assertV4Udp;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.assertV6Udp;

import org.junit.jupiter.api.Test;
import org.voipwatch.capture.source.LinkType;

/**
 * Hand-built encapsulated frames around the hand-decoded inner packets of {@link PacketDecoderTest}
 * (192.0.2.1:5060 → 198.51.100.2:5062 or 2001:db8::1 → ::2, payload de ad be ef). Header bytes follow the RFC
 * diagrams in the flyweights' Javadoc; the outer tunnel endpoints are 10.0.0.1 → 10.0.0.2 (0a 00 00 01/02)
 * or 2001:db8::a → ::b. Each valid frame below was also written to a pcap and dissected by tshark 4.0.17,
 * which saw the same layers and the inner 192.0.2.1:5060 (ERSPAN type III with FT = 2 excepted: tshark 4.0
 * leaves that payload as data).
 */
class EncapsulationDecoderTest {
    static final long OUTER_SRC = 0x0000_ffff_0a00_0001L;
    static final long OUTER_DST = 0x0000_ffff_0a00_0002L;

    static final String PPPOE_IPV4 = ETH_ADDRS + "88 64"
            + "11 00 12 34 00 22"   // VER 1 TYPE 1, CODE 0 (session data), SESSION_ID 0x1234, LENGTH 34
            + "00 21"               // PPP protocol IPv4
            + IPV4_UDP;
    static final String GRE_ERSPAN2 = ETH_ADDRS + "08 00" + outer4(47, ""
            + "10 00 88 be"         // GRE: S set, version 0, protocol ERSPAN (type II since S)
            + "00 00 00 01"         // sequence number 1
            + "10 64 00 01"         // ERSPAN Ver 1 (type II), VLAN 100, COS 0, En 0, T 0, session 1
            + "00 00 00 00"         // reserved, index 0
            + ETH_ADDRS + "08 00" + IPV4_UDP);
    static final String VXLAN = ETH_ADDRS + "08 00" + outer4(17, udp(49152, 4789, ""
            + "08 00 00 00"         // flags: I set
            + "00 00 64 00"         // VNI 100, reserved
            + ETH_ADDRS + "08 00" + IPV4_UDP));
    static final String GTPU_EXT = ETH_ADDRS + "08 00" + outer4(17, udp(2152, 2152, ""
            + "34 ff 00 28"         // version 1, PT 1, E set; G-PDU; length 40 (4 optional + 4 ext + 32)
            + "00 00 00 01"         // TEID 1
            + "00 00 00 85"         // sequence 0, N-PDU 0, next extension 0x85 (PDU session container)
            + "01 10 00 00"         // extension length 1 (4 bytes), content 10 00, next extension 0
            + IPV4_UDP));
    static final String L2TP = ETH_ADDRS + "08 00" + outer4(17, udp(1701, 1701, ""
            + "40 02 00 2c"         // T 0 (data), L set, version 2; length 44
            + "00 01 00 02"         // tunnel 1, session 2
            + "ff 03 00 21"         // PPP address, control, protocol IPv4
            + IPV4_UDP));
    static final String PPTP = ETH_ADDRS + "08 00" + outer4(47, ""
            + "30 01 88 0b"         // K and S set, version 1; protocol PPP
            + "00 24 00 05"         // payload length 36, call id 5
            + "00 00 00 01"         // sequence 1
            + "ff 03 00 21" + IPV4_UDP);
    static final String MPLS = ETH_ADDRS + "88 47"
            + "00 01 00 40"         // label 16, TC 0, S 0, TTL 64
            + "00 01 11 40"         // label 17, S 1 (bottom), TTL 64
            + IPV4_UDP;

    private final PacketDecoder decoder = new PacketDecoder(new FragmentReassembler(8, 65_535, 16, 30_000_000_000L));
    private final DecodedPacket out = new DecodedPacket();

    /** An IPv4 header 10.0.0.1 → 10.0.0.2, TTL 64, protocol {@code proto}, total length 20 + the inner bytes. */
    static String outer4(int proto, String inner) {
        int total = 20 + hex(inner).length;
        return String.format("45 00 %02x %02x 00 01 00 00 40 %02x 00 00 0a 00 00 01 0a 00 00 02 ",
                total >> 8, total & 0xff, proto) + inner;
    }

    /** An IPv6 header 2001:db8::a → ::b, hop limit 64, next header {@code nh}. */
    static String outer6(int nh, String inner) {
        int len = hex(inner).length;
        return String.format("60 00 00 00 %02x %02x %02x 40 ", len >> 8, len & 0xff, nh)
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 0a "
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 0b " + inner;
    }

    /** A UDP header with length 8 + the inner bytes, checksum 0. */
    static String udp(int srcPort, int dstPort, String inner) {
        int len = 8 + hex(inner).length;
        return String.format("%02x %02x %02x %02x %02x %02x 00 00 ", srcPort >> 8, srcPort & 0xff, dstPort >> 8,
                dstPort & 0xff, len >> 8, len & 0xff) + inner;
    }

    /** {@code frame} with the first byte-aligned occurrence of the bytes {@code from} replaced by {@code to}. */
    static String patch(String frame, String from, String to) {
        String f = frame.replaceAll("\\s+", "");
        String a = from.replaceAll("\\s+", "");
        for (int i = f.indexOf(a); i >= 0; i = f.indexOf(a, i + 1)) {
            if (i % 2 == 0) {
                return f.substring(0, i) + to.replaceAll("\\s+", "") + f.substring(i + a.length());
            }
        }
        throw new IllegalArgumentException(from + " not in the frame");
    }

    /** The first {@code n} bytes of a hex frame, as hex. */
    static String head(String frame, int n) {
        StringBuilder sb = new StringBuilder();
        for (byte x : Frames.prefix(hex(frame), n)) {
            sb.append(String.format("%02x ", x));
        }
        return sb.toString();
    }

    private int decode(int linkType, String hexFrame) {
        return decoder.decode(event(linkType, hex(hexFrame)), out);
    }

    private int cut(String hexFrame, int captured) {
        byte[] f = hex(hexFrame);
        return decoder.decode(event(LinkType.ETHERNET, f, captured, f.length, 1_000_000_000L), out);
    }

    private int whole(String hexFrame, int n) {
        return decoder.decode(event(LinkType.ETHERNET, Frames.prefix(hex(hexFrame), n)), out);
    }

    /** The inner packet is {@link PacketDecoderTest#IPV4_UDP}, reached through {@code depth} tunnels. */
    private void assertInnerV4Udp(int payloadOffset, int depth, int encapsulations) {
        assertV4Udp(out, payloadOffset);
        assertEquals(depth, out.tunnelDepth);
        assertEquals(encapsulations, out.encapsulations);
    }

    /** The inner packet is {@link PacketDecoderTest#IPV6_UDP}, reached through {@code depth} tunnels. */
    private void assertInnerV6Udp(int payloadOffset, int depth, int encapsulations) {
        assertV6Udp(out, payloadOffset);
        assertEquals(depth, out.tunnelDepth);
        assertEquals(encapsulations, out.encapsulations);
    }

    @Test
    void newReasonCodesAreAppendedWithStableNames() {
        // the existing numbering is kept (30 was the last code before these) and counters size by COUNT
        assertEquals("too_many_fragments", DecodeStatus.name(30));
        assertEquals("truncated_encapsulation", DecodeStatus.name(31));
        assertEquals("bad_encapsulation", DecodeStatus.name(32));
        assertEquals("too_many_encapsulations", DecodeStatus.name(33));
        assertEquals("too_many_mpls_labels", DecodeStatus.name(34));
        assertEquals(35, DecodeStatus.COUNT);
        assertEquals(true, DecodeStatus.isAnomaly(DecodeStatus.TRUNCATED_ENCAPSULATION));
    }

    // ---- PPPoE (RFC 2516) and PPP ----

    @Test
    void pppoeSessionIpv4() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, PPPOE_IPV4));
        assertInnerV4Udp(14 + 6 + 2 + 28, 1, DecodedPacket.ENCAP_PPPOE);
        assertEquals(-1, out.vlanId);
    }

    @Test
    void pppoeSessionIpv6() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "88 64"
                + "11 00 12 34 00 36"   // LENGTH 54 = 2 + 52
                + "00 57"               // PPP protocol IPv6
                + IPV6_UDP));
        assertInnerV6Udp(14 + 8 + 48, 1, DecodedPacket.ENCAP_PPPOE);
    }

    @Test
    void qinqPppoeWithEthernetPaddingAndCompressedProtocol() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS
                + "88 a8 00 0a 81 00 00 64"     // S-tag VLAN 10, C-tag VLAN 100
                + "88 64 11 00 12 34 00 21"     // LENGTH 33 = 1 + 32
                + "21"                          // PPP protocol 0x21 compressed to one byte (RFC 1661 6.5)
                + IPV4_UDP + "00 00 00 00"));   // padding after LENGTH: not payload
        assertEquals(100, out.vlanId);
        assertInnerV4Udp(22 + 6 + 1 + 28, 1, DecodedPacket.ENCAP_PPPOE);
    }

    @Test
    void pppoeControlAndDiscoveryAreNotIp() {
        // LCP echo request in a session
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.ETHERNET, ETH_ADDRS
                + "88 64 11 00 12 34 00 0a c0 21 09 01 00 08 00 00 00 00"));
        assertEquals(1, out.tunnelDepth);
        // PADI (discovery stage, EtherType 0x8863)
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.ETHERNET, ETH_ADDRS + "88 63 11 09 00 00 00 00"));
        assertEquals(0, out.tunnelDepth);
    }

    @Test
    void pppoeMalformedOrCut() {
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET,
                patch(PPPOE_IPV4, "88 64 11 00", "88 64 21 00")));     // VER 2
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET,
                patch(PPPOE_IPV4, "88 64 11 00", "88 64 11 09")));     // CODE PADI in a session frame
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET,
                patch(PPPOE_IPV4, "12 34 00 22", "12 34 00 30")));     // LENGTH 48 beyond the frame
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(PPPOE_IPV4, 14 + 5));
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(PPPOE_IPV4, 14 + 7));   // half a PPP protocol
        assertEquals(DecodeStatus.TRUNCATED_IPV4, cut(PPPOE_IPV4, 14 + 8 + 10));
        // cut inside the UDP payload: the inner flow is known, the payload view shortened
        assertEquals(DecodeStatus.SNAPLEN_CUT, cut(PPPOE_IPV4, 14 + 8 + 30));
        assertEquals(5062, out.dstPort);
        assertEquals(2, out.payloadLength);
    }

    @Test
    void pppLinkTypes() {
        assertEquals(DecodeStatus.OK, decode(LinkType.PPP, "ff 03 00 21" + IPV4_UDP));
        assertInnerV4Udp(4 + 28, 0, 0);
        assertEquals(DecodeStatus.OK, decode(LinkType.PPP, "00 57" + IPV6_UDP));   // address/control compressed
        assertInnerV6Udp(2 + 48, 0, 0);
        assertEquals(DecodeStatus.OK, decode(LinkType.PPP_HDLC, "ff 03 00 21" + IPV4_UDP));
        assertInnerV4Udp(4 + 28, 0, 0);
        // Cisco HDLC on LINKTYPE_PPP_HDLC: address 0x0f, control 0, EtherType
        assertEquals(DecodeStatus.OK, decode(LinkType.PPP_HDLC, "0f 00 08 00" + IPV4_UDP));
        assertInnerV4Udp(4 + 28, 0, 0);
        assertEquals(DecodeStatus.OK, decode(LinkType.C_HDLC, "0f 00 86 dd" + IPV6_UDP));
        assertInnerV6Udp(4 + 48, 0, 0);
        assertEquals(DecodeStatus.TRUNCATED_L2, decode(LinkType.C_HDLC, "0f 00 86"));
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.PPP, "ff 03 c0 21 09 01 00 08 00 00 00 00"));
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, decode(LinkType.PPP, "ff 03 00"));
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.PPP, "ff 00 00 21" + IPV4_UDP));
    }

    // ---- GRE (RFC 2784, RFC 2890), ERSPAN, PPTP ----

    @Test
    void greIpv4InIpv4() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, "00 00 08 00" + IPV4_UDP)));
        assertInnerV4Udp(14 + 20 + 4 + 28, 1, DecodedPacket.ENCAP_GRE);
    }

    @Test
    void greWithChecksumKeyAndSequence() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + outer4(47, ""
                + "b0 00 08 00"     // C, K, S set; version 0; IPv4
                + "00 00 00 00"     // checksum (not verified), reserved1
                + "00 00 00 2a"     // key 42
                + "00 00 00 07"     // sequence 7
                + IPV4_UDP)));
        assertInnerV4Udp(14 + 20 + 16 + 28, 1, DecodedPacket.ENCAP_GRE);
    }

    @Test
    void greTransparentEthernetBridgingIpv6() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, "00 00 65 58" + ETH_ADDRS + "81 00 00 07 86 dd" + IPV6_UDP)));
        assertInnerV6Udp(14 + 20 + 4 + 18 + 48, 1, DecodedPacket.ENCAP_GRE);
        assertEquals(7, out.vlanId);    // the inner frame's tag
    }

    @Test
    void greOfAnUnfollowedTypeStaysAnIpPacket() {
        // protocol type 0x0806 (ARP) and a GRE version 2: neither is followed, the outer packet is the result
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, "00 00 08 06 00 01 08 00")));
        assertEquals(OUTER_SRC, out.srcLo);
        assertEquals(OUTER_DST, out.dstLo);
        assertEquals(47, out.ipProtocol);
        assertEquals(14 + 20, out.payloadOffset);
        assertEquals(8, out.payloadLength);
        assertEquals(0, out.tunnelDepth);
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, "00 02 08 00" + IPV4_UDP)));
        assertEquals(OUTER_SRC, out.srcLo);
        assertEquals(0, out.tunnelDepth);
    }

    @Test
    void greMalformedOrCut() {
        // R (routing present) set
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, "40 00 08 00 00 00 00 00" + IPV4_UDP)));
        // K and S announced, the packet ends after the key
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, "30 00 08 00 00 00 00 2a")));
        String gre = ETH_ADDRS + "08 00" + outer4(47, "00 00 08 00" + IPV4_UDP);
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(gre, 14 + 20 + 3));
        assertEquals(DecodeStatus.TRUNCATED_IPV4, cut(gre, 14 + 20 + 4 + 19));
        // a whole frame shorter than the inner IPv4 total length says
        assertEquals(DecodeStatus.BAD_IP_TOTAL_LENGTH, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, "00 00 08 00" + head(IPV4_UDP, 28))));
    }

    @Test
    void erspanTypeTwo() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, GRE_ERSPAN2));
        assertInnerV4Udp(14 + 20 + 8 + 8 + 14 + 28, 1, DecodedPacket.ENCAP_GRE | DecodedPacket.ENCAP_ERSPAN);
        // ERSPAN Ver 2 under the type II protocol number
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET,
                patch(GRE_ERSPAN2, "10 64 00 01", "20 64 00 01")));
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(GRE_ERSPAN2, 14 + 20 + 8 + 7));
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(GRE_ERSPAN2, 14 + 20 + 8 + 8 + 13));
    }

    @Test
    void erspanTypeOneHasNoErspanHeader() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, "00 00 88 be" + ETH_ADDRS + "08 00" + IPV4_UDP)));
        assertInnerV4Udp(14 + 20 + 4 + 14 + 28, 1, DecodedPacket.ENCAP_GRE | DecodedPacket.ENCAP_ERSPAN);
    }

    @Test
    void erspanTypeThree() {
        int encap = DecodedPacket.ENCAP_GRE | DecodedPacket.ENCAP_ERSPAN;
        String gre = "10 00 22 eb 00 00 00 01";
        String header = "20 64 00 01"       // Ver 2 (type III), VLAN 100, session 1
                + "00 00 00 00";            // timestamp
        // SGT 0, P 0, FT 0 (Ethernet), HwID 0, D 0, Gra 0, O 0
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, gre + header + "00 00 00 00" + ETH_ADDRS + "08 00" + IPV4_UDP)));
        assertInnerV4Udp(14 + 20 + 8 + 12 + 14 + 28, 1, encap);
        // O = 1: an 8-byte platform-specific subheader precedes the frame
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, gre + header + "00 00 00 01" + "03 00 00 00 00 00 00 00" + ETH_ADDRS + "08 00"
                + IPV4_UDP)));
        assertInnerV4Udp(14 + 20 + 8 + 20 + 14 + 28, 1, encap);
        // FT = 2 (bits 17-21 of the third word: 0x0800 in its low half): an IP packet, no Ethernet
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, gre + header + "00 00 08 00" + IPV4_UDP)));
        assertInnerV4Udp(14 + 20 + 8 + 12 + 28, 1, encap);
        // a reserved frame type holds no IP: the GRE packet itself is the result
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, gre + header + "00 00 04 00" + IPV4_UDP)));
        assertEquals(OUTER_SRC, out.srcLo);
        assertEquals(47, out.ipProtocol);
        assertEquals(0, out.tunnelDepth);
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, gre + "10 64 00 01 00 00 00 00 00 00 00 00" + ETH_ADDRS + "08 00" + IPV4_UDP)));
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, gre + header + "00 00")));
    }

    @Test
    void erspanMirroringArpLeavesTheGrePacket() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(47, "00 00 88 be" + ETH_ADDRS + "08 06 00 01 08 00 06 04 00 01")));
        assertEquals(OUTER_SRC, out.srcLo);
        assertEquals(47, out.ipProtocol);
        assertEquals(14 + 20, out.payloadOffset);
        assertEquals(0, out.tunnelDepth);
        assertEquals(0, out.encapsulations);
    }

    @Test
    void pptpEnhancedGre() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, PPTP));
        assertInnerV4Udp(14 + 20 + 12 + 4 + 28, 1, DecodedPacket.ENCAP_GRE | DecodedPacket.ENCAP_PPTP);
        // payload length 0x40 beyond the packet
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET,
                patch(PPTP, "00 24 00 05", "00 40 00 05")));
        // version 1 without K
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET,
                patch(PPTP, "30 01 88 0b", "10 01 88 0b")));
    }

    // ---- IP in IP (RFC 2003, RFC 4213) ----

    @Test
    void ipInIp() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + outer4(4, IPV4_UDP)));
        assertInnerV4Udp(14 + 20 + 28, 1, DecodedPacket.ENCAP_IP_IN_IP);
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + outer4(41, IPV6_UDP)));
        assertInnerV6Udp(14 + 20 + 48, 1, DecodedPacket.ENCAP_IP_IN_IP);
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "86 dd" + outer6(4, IPV4_UDP)));
        assertInnerV4Udp(14 + 40 + 28, 1, DecodedPacket.ENCAP_IP_IN_IP);
        assertEquals(DecodeStatus.OK, decode(LinkType.RAW, outer6(41, IPV6_UDP)));
        assertInnerV6Udp(40 + 48, 1, DecodedPacket.ENCAP_IP_IN_IP);
        // protocol 4 announcing an IPv6 packet
        assertEquals(DecodeStatus.BAD_IP_VERSION, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + outer4(4, IPV6_UDP)));
        assertEquals(DecodeStatus.TRUNCATED_IPV4, cut(ETH_ADDRS + "08 00" + outer4(4, IPV4_UDP), 14 + 20 + 10));
    }

    @Test
    void nestingDepthIsBounded() {
        String four = IPV4_UDP;
        for (int i = 0; i < PacketDecoder.MAX_ENCAPSULATIONS; i++) {
            four = outer4(4, four);
        }
        assertEquals(DecodeStatus.OK, decode(LinkType.RAW, four));
        assertInnerV4Udp(20 * PacketDecoder.MAX_ENCAPSULATIONS + 28, PacketDecoder.MAX_ENCAPSULATIONS,
                DecodedPacket.ENCAP_IP_IN_IP);
        assertEquals(DecodeStatus.TOO_MANY_ENCAPSULATIONS, decode(LinkType.RAW, outer4(4, four)));
        // mixed: PPPoE → GRE → VXLAN → MPLS is four levels; one more GRE inside is too many
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, pppoeGreVxlanMpls(IPV4_UDP)));
        assertEquals(4, out.tunnelDepth);
        assertEquals(DecodedPacket.ENCAP_PPPOE | DecodedPacket.ENCAP_GRE | DecodedPacket.ENCAP_VXLAN
                | DecodedPacket.ENCAP_MPLS, out.encapsulations);
        assertEquals(SRC_V4, out.srcLo);
        assertEquals(5062, out.dstPort);
        assertEquals(DecodeStatus.TOO_MANY_ENCAPSULATIONS, decode(LinkType.ETHERNET,
                pppoeGreVxlanMpls(outer4(47, "00 00 08 00" + IPV4_UDP))));
    }

    private static String pppoeGreVxlanMpls(String innermost) {
        String ip = outer4(47, "00 00 08 00" + outer4(17, udp(49152, 4789, "08 00 00 00 00 00 01 00"
                + ETH_ADDRS + "88 47 00 01 11 40" + innermost)));
        int len = 2 + hex(ip).length;
        return ETH_ADDRS + String.format("88 64 11 00 00 01 %02x %02x 00 21 ", len >> 8, len & 0xff) + ip;
    }

    // ---- MPLS (RFC 3032) ----

    @Test
    void mplsLabelStack() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, MPLS));
        assertInnerV4Udp(14 + 8 + 28, 1, DecodedPacket.ENCAP_MPLS);
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "88 47 00 00 21 3f" + IPV6_UDP));
        assertInnerV6Udp(14 + 4 + 48, 1, DecodedPacket.ENCAP_MPLS);
        // a pseudowire control word (first nibble 0) after the stack: not IP
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.ETHERNET, ETH_ADDRS + "88 47 00 01 11 40 00 00 00 00"
                + ETH_ADDRS + "08 00" + IPV4_UDP));
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(MPLS, 14 + 6));
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(MPLS, 14 + 8));
        String stack = Frames.repeat("00 01 00 40", PacketDecoder.MAX_MPLS_LABELS);   // no bottom of stack
        assertEquals(DecodeStatus.TOO_MANY_MPLS_LABELS, decode(LinkType.ETHERNET, ETH_ADDRS + "88 47" + stack
                + "00 01 11 40" + IPV4_UDP));
    }

    // ---- VXLAN (RFC 7348), GTP-U (3GPP TS 29.281), L2TP (RFC 2661) ----

    @Test
    void vxlan() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, VXLAN));
        assertInnerV4Udp(14 + 20 + 8 + 8 + 14 + 28, 1, DecodedPacket.ENCAP_VXLAN);
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(VXLAN, 14 + 20 + 8 + 8 + 10));
        assertEquals(DecodeStatus.SNAPLEN_CUT, cut(VXLAN, 14 + 20 + 8 + 8 + 14 + 28 + 1));
        assertEquals(5062, out.dstPort);
        assertEquals(1, out.payloadLength);
    }

    @Test
    void port4789WithoutTheVxlanFlagIsPlainUdp() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, patch(VXLAN, "08 00 00 00 00 00 64 00",
                "00 00 00 00 00 00 64 00")));
        assertEquals(OUTER_SRC, out.srcLo);
        assertEquals(49152, out.srcPort);
        assertEquals(4789, out.dstPort);
        assertEquals(14 + 20 + 8, out.payloadOffset);
        assertEquals(8 + 14 + 32, out.payloadLength);
        assertEquals(0, out.tunnelDepth);
    }

    @Test
    void vxlanCarryingArpLeavesTheOuterUdpFlow() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + outer4(17, udp(49152, 4789,
                "08 00 00 00 00 00 64 00" + ETH_ADDRS + "81 00 00 09 08 06 00 01 08 00 06 04 00 01"))));
        assertEquals(OUTER_SRC, out.srcLo);
        assertEquals(17, out.ipProtocol);
        assertEquals(4789, out.dstPort);
        assertEquals(14 + 20 + 8, out.payloadOffset);
        assertEquals(-1, out.vlanId);
        assertEquals(0, out.tunnelDepth);
        assertEquals(0, out.encapsulations);
    }

    @Test
    void gtpU() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + outer4(17, udp(2152, 2152,
                "30 ff 00 20 00 00 00 01" + IPV4_UDP))));
        assertInnerV4Udp(14 + 20 + 8 + 8 + 28, 1, DecodedPacket.ENCAP_GTPU);
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, GTPU_EXT));
        assertInnerV4Udp(14 + 20 + 8 + 16 + 28, 1, DecodedPacket.ENCAP_GTPU);
        // S only: the optional word is there, its next-extension byte is not read
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + outer4(17, udp(2152, 2152,
                "32 ff 00 24 00 00 00 01 00 07 00 85" + IPV4_UDP))));
        assertInnerV4Udp(14 + 20 + 8 + 12 + 28, 1, DecodedPacket.ENCAP_GTPU);
        // echo request (message type 1): GTP-U signalling, the UDP flow itself
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + outer4(17, udp(40000, 2152,
                "32 01 00 04 00 00 00 00 00 01 00 00"))));
        assertEquals(2152, out.dstPort);
        assertEquals(0, out.tunnelDepth);
    }

    @Test
    void gtpUMalformedOrCut() {
        // extension length 0
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET,
                patch(GTPU_EXT, "01 10 00 00", "00 10 00 00")));
        // extension length 2 (8 bytes) runs into the inner packet: its byte 7 (0x20) names a next extension,
        // whose length byte 0x12 (72 bytes) is beyond the message
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET,
                patch(GTPU_EXT, "01 10 00 00", "02 10 00 00")));
        // GTP length 0x40 beyond the datagram
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET,
                patch(GTPU_EXT, "34 ff 00 28", "34 ff 00 40")));
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(GTPU_EXT, 14 + 20 + 8 + 10));
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(GTPU_EXT, 14 + 20 + 8 + 13));
        String chain = "34 ff 00 %02x 00 00 00 01 00 00 00 85" + Frames.repeat("01 10 00 85",
                PacketDecoder.MAX_GTPU_EXTENSIONS);
        String tooMany = ETH_ADDRS + "08 00" + outer4(17, udp(2152, 2152, String.format(chain,
                4 + 4 * PacketDecoder.MAX_GTPU_EXTENSIONS + 32) + IPV4_UDP));
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET, tooMany));
    }

    @Test
    void l2tpDataMessage() {
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, L2TP));
        assertInnerV4Udp(14 + 20 + 8 + 12 + 28, 1, DecodedPacket.ENCAP_L2TP);
        // S and O set: Ns, Nr, offset size 2 and two pad bytes; no length field
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + outer4(17, udp(1701, 1701,
                "0a 02 00 01 00 02 00 05 00 06 00 02 ab cd ff 03 00 57" + IPV6_UDP))));
        assertInnerV6Udp(14 + 20 + 8 + 18 + 48, 1, DecodedPacket.ENCAP_L2TP);
        assertEquals(DecodeStatus.BAD_ENCAPSULATION, decode(LinkType.ETHERNET,
                patch(L2TP, "40 02 00 2c", "40 02 00 40")));
        assertEquals(DecodeStatus.TRUNCATED_ENCAPSULATION, cut(L2TP, 14 + 20 + 8 + 9));
    }

    @Test
    void l2tpControlAndLcpLeaveTheOuterUdpFlow() {
        // LCP echo in a data message: the tunnel's own UDP flow, as tshark counts it
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + outer4(17, udp(1701, 1701,
                "40 02 00 14 00 01 00 02 ff 03 c0 21 09 01 00 08 00 00 00 00"))));
        assertEquals(OUTER_SRC, out.srcLo);
        assertEquals(1701, out.srcPort);
        assertEquals(1701, out.dstPort);
        assertEquals(14 + 20 + 8, out.payloadOffset);
        assertEquals(20, out.payloadLength);
        assertEquals(0, out.tunnelDepth);
        // a control message (T = 1, L, S, version 2): plain UDP without looking further
        assertEquals(DecodeStatus.OK, decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + outer4(17, udp(1701, 1701,
                "c8 02 00 0c 00 00 00 00 00 00 00 00"))));
        assertEquals(1701, out.dstPort);
        assertEquals(0, out.tunnelDepth);
    }
}

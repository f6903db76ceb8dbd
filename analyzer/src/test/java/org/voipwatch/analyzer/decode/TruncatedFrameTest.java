package org.voipwatch.analyzer.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voipwatch.analyzer.decode.Frames.event;
import static org.voipwatch.analyzer.decode.Frames.hex;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.ETH_ADDRS;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.ICMPV6_UNREACHABLE;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.ICMP_PORT_UNREACHABLE;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.IPV4_UDP;
import static org.voipwatch.analyzer.decode.PacketDecoderTest.IPV6_UDP;

import org.junit.jupiter.api.Test;
import org.voipwatch.capture.source.LinkType;

/**
 * Cut and malformed variants of the hand-decoded frames in {@link PacketDecoderTest}, with the reason code
 * each must give. "Cut" frames are shorter than the wire (originalLength &gt; capturedLength, a snaplen);
 * "short" frames are whole on the wire but their headers claim more than is there.
 */
class TruncatedFrameTest {
    private final PacketDecoder decoder = new PacketDecoder(new FragmentReassembler(4, 65_535, 16, 30_000_000_000L));
    private final DecodedPacket out = new DecodedPacket();

    /** A frame cut to {@code captured} bytes by the capture (the wire had all of it). */
    private int cut(int linkType, String hexFrame, int captured) {
        byte[] f = hex(hexFrame);
        return decoder.decode(event(linkType, f, captured, f.length, 1_000_000_000L), out);
    }

    /** A frame that really is only {@code n} bytes long on the wire. */
    private int whole(int linkType, String hexFrame, int n) {
        return decoder.decode(event(linkType, Frames.prefix(hex(hexFrame), n)), out);
    }

    @Test
    void linkLayerHeadersCut() {
        assertEquals(DecodeStatus.TRUNCATED_L2, cut(LinkType.ETHERNET, ETH_ADDRS + "08 00" + IPV4_UDP, 13));
        assertEquals(DecodeStatus.TRUNCATED_L2, cut(LinkType.ETHERNET, ETH_ADDRS + "81 00 00 64 08 00" + IPV4_UDP, 16));
        assertEquals(DecodeStatus.TRUNCATED_L2,
                cut(LinkType.LINUX_SLL, "00 00 00 01 00 06 00 00 5e 00 53 02 00 00 08 00", 15));
        assertEquals(DecodeStatus.TRUNCATED_L2, cut(LinkType.LINUX_SLL2, "08 00 00 00 00 00 00 03 00 01 04 06"
                + "00 00 5e 00 53 01 00 00", 19));
        assertEquals(DecodeStatus.TRUNCATED_L2, cut(LinkType.NULL, "02 00 00 00", 3));
        assertEquals(DecodeStatus.TRUNCATED_L2, cut(LinkType.LOOP, "00 00 00 02", 2));
        assertEquals(DecodeStatus.TRUNCATED_L2, cut(LinkType.RAW, IPV4_UDP, 0));
    }

    @Test
    void ipv4HeaderCutOrMalformed() {
        assertEquals(DecodeStatus.TRUNCATED_IPV4, cut(LinkType.ETHERNET, ETH_ADDRS + "08 00" + IPV4_UDP, 14 + 19));
        assertEquals(DecodeStatus.TRUNCATED_IPV4, cut(LinkType.IPV4, IPV4_UDP, 1));
        // IHL 6 says 24 bytes of header, 22 captured
        assertEquals(DecodeStatus.TRUNCATED_IPV4, cut(LinkType.IPV4, "46" + IPV4_UDP.substring(2), 22));
        // IHL 4 (16 bytes) is below the minimum of 5
        assertEquals(DecodeStatus.BAD_IPV4_HEADER, whole(LinkType.IPV4, "44" + IPV4_UDP.substring(2), 32));
        // total length 19 < header length 20
        assertEquals(DecodeStatus.BAD_IP_TOTAL_LENGTH,
                whole(LinkType.IPV4, IPV4_UDP.replaceFirst("00 20", "00 13"), 32));
        // frame whole on the wire (30 bytes) but total length says 32
        assertEquals(DecodeStatus.BAD_IP_TOTAL_LENGTH, whole(LinkType.IPV4, IPV4_UDP, 30));
        assertEquals(4, out.ipVersion);
        assertEquals(PacketDecoderTest.SRC_V4, out.srcLo);
    }

    @Test
    void snaplenCutPayloadKeepsHeaders() {
        // 30 of 32 bytes captured: UDP header complete, 2 of 4 payload bytes
        assertEquals(DecodeStatus.SNAPLEN_CUT, cut(LinkType.IPV4, IPV4_UDP, 30));
        assertEquals(5060, out.srcPort);
        assertEquals(5062, out.dstPort);
        assertEquals(28, out.payloadOffset);
        assertEquals(2, out.payloadLength);
        assertEquals(DecodeStatus.SNAPLEN_CUT, cut(LinkType.IPV6, IPV6_UDP, 50));
        assertEquals(2, out.payloadLength);
    }

    @Test
    void udpCutOrMalformed() {
        // 4 bytes of UDP header captured
        assertEquals(DecodeStatus.TRUNCATED_UDP, cut(LinkType.IPV4, IPV4_UDP, 24));
        // UDP length 4 < 8
        assertEquals(DecodeStatus.BAD_UDP_LENGTH,
                whole(LinkType.IPV4, IPV4_UDP.replace("00 0c 00 00", "00 04 00 00"), 32));
        // UDP length 100 > 12 bytes of IP payload: ports kept, payload limited to what the IP length allows
        assertEquals(DecodeStatus.BAD_UDP_LENGTH,
                whole(LinkType.IPV4, IPV4_UDP.replace("00 0c 00 00", "00 64 00 00"), 32));
        assertEquals(5060, out.srcPort);
        assertEquals(4, out.payloadLength);
        // UDP length 10 < 12 bytes of IP payload: the UDP length wins (2 bytes of data)
        assertEquals(DecodeStatus.OK, whole(LinkType.IPV4, IPV4_UDP.replace("00 0c 00 00", "00 0a 00 00"), 32));
        assertEquals(2, out.payloadLength);
    }

    static final String IPV4_TCP_SYN = "45 00 00 3c 00 00 40 00 40 06 00 00 c0 00 02 01 c6 33 64 02"
            + "c0 00 13 c5 01 02 03 04 00 00 00 00 a0 02 fa f0 00 00 00 00"
            + "02 04 05 b4 04 02 08 0a 00 00 00 01 00 00 00 00 01 03 03 07";

    @Test
    void tcpCutOrMalformed() {
        assertEquals(DecodeStatus.OK, whole(LinkType.IPV4, IPV4_TCP_SYN, 60));
        // 19 bytes of the fixed header
        assertEquals(DecodeStatus.TRUNCATED_TCP, cut(LinkType.IPV4, IPV4_TCP_SYN, 39));
        // fixed header captured, options cut
        assertEquals(DecodeStatus.TRUNCATED_TCP, cut(LinkType.IPV4, IPV4_TCP_SYN, 50));
        assertEquals(49152, out.srcPort);
        // data offset 4 (16 bytes) is below the minimum
        assertEquals(DecodeStatus.BAD_TCP_HEADER, whole(LinkType.IPV4, IPV4_TCP_SYN.replace("a0 02", "40 02"), 60));
        // data offset 15 (60 bytes) > 40 bytes of IP payload, frame whole
        assertEquals(DecodeStatus.BAD_TCP_HEADER, whole(LinkType.IPV4, IPV4_TCP_SYN.replace("a0 02", "f0 02"), 60));
    }

    @Test
    void icmpCutOrMalformed() {
        // 4 of 8 bytes of ICMP header: type and code still read
        assertEquals(DecodeStatus.TRUNCATED_ICMP, whole(LinkType.IPV4,
                ICMP_PORT_UNREACHABLE.replaceFirst("00 38", "00 18"), 24));
        assertEquals(3, out.icmpType);
        assertFalse(out.hasQuotedFlow);
        // error quoting only 10 bytes of an IPv4 header
        assertEquals(DecodeStatus.TRUNCATED_ICMP, whole(LinkType.IPV4,
                ICMP_PORT_UNREACHABLE.replaceFirst("00 38", "00 26"), 38));
        assertFalse(out.hasQuotedFlow);
        // quote with the IP header but only 2 bytes of UDP: flow without ports
        assertEquals(DecodeStatus.OK, whole(LinkType.IPV4, ICMP_PORT_UNREACHABLE.replaceFirst("00 38", "00 32"), 50));
        assertTrue(out.hasQuotedFlow);
        assertEquals(17, out.quotedIpProtocol);
        assertEquals(0, out.quotedSrcPort);
        // snaplen cut inside the quote
        assertEquals(DecodeStatus.SNAPLEN_CUT, cut(LinkType.IPV4, ICMP_PORT_UNREACHABLE, 40));
        // ICMPv6 error quoting 20 bytes of an IPv6 header
        assertEquals(DecodeStatus.TRUNCATED_ICMP, whole(LinkType.IPV6,
                ICMPV6_UNREACHABLE.replaceFirst("00 38 3a", "00 1c 3a"), 40 + 28));
    }

    @Test
    void ipv6CutOrMalformed() {
        assertEquals(DecodeStatus.TRUNCATED_IPV6, cut(LinkType.IPV6, IPV6_UDP, 39));
        assertEquals(DecodeStatus.TRUNCATED_IPV6, cut(LinkType.ETHERNET, ETH_ADDRS + "86 dd" + IPV6_UDP, 30));
        assertEquals(DecodeStatus.BAD_IP_TOTAL_LENGTH, whole(LinkType.IPV6, IPV6_UDP, 50));
        String v6Header = "60 00 00 00 00 10 3c 40"   // payload length 16, next header 60 (dest options)
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02";
        // dest options with Hdr Ext Len 2 (24 bytes) in a 16-byte payload
        assertEquals(DecodeStatus.BAD_IPV6_EXTENSION, whole(LinkType.IPV6, v6Header
                + "11 02 01 04 00 00 00 00 00 00 00 00 00 00 00 00", 56));
        // the same header cut by a snaplen
        assertEquals(DecodeStatus.TRUNCATED_IPV6, cut(LinkType.IPV6, v6Header
                + "11 00 01 04 00 00 00 00 13 c4 13 c6 00 08 00 00", 44));
        // nine destination-options headers of 8 bytes: more than MAX_IPV6_EXTENSION_HEADERS (8)
        String nine = "60 00 00 00 00 50 3c 40"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                + "3c 00 01 04 00 00 00 00 ".repeat(8) + "11 00 01 04 00 00 00 00" + "13 c4 13 c6 00 08 00 00";
        assertEquals(DecodeStatus.TOO_MANY_IPV6_EXTENSIONS, whole(LinkType.IPV6, nine, 40 + 80));
        // eight are fine: 8 extension headers then UDP
        String eight = "60 00 00 00 00 48 3c 40"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                + "3c 00 01 04 00 00 00 00 ".repeat(7) + "11 00 01 04 00 00 00 00" + "13 c4 13 c6 00 08 00 00";
        assertEquals(DecodeStatus.OK, whole(LinkType.IPV6, eight, 40 + 72));
        assertEquals(5060, out.srcPort);
    }
}

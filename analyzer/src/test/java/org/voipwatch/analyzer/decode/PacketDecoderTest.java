package org.voipwatch.analyzer.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voipwatch.analyzer.decode.Frames.event;
import static org.voipwatch.analyzer.decode.Frames.hex;

import org.junit.jupiter.api.Test;
import org.voipwatch.capture.source.LinkType;

/**
 * Hand-decoded frames: every expected value below is read off the bytes with the RFC layout, not taken
 * from the decoder. Addresses: 192.0.2.1 = c0 00 02 01, 198.51.100.2 = c6 33 64 02 (documentation ranges);
 * 2001:db8::1 / ::2. Ports 5060 = 13 c4, 5062 = 13 c6.
 */
class PacketDecoderTest {
    static final long SRC_V4 = 0x0000_ffff_c000_0201L;
    static final long DST_V4 = 0x0000_ffff_c633_6402L;
    static final long V6_HI = 0x2001_0db8_0000_0000L;

    /** IPv4 + UDP 5060 -> 5062 with 4 bytes of payload: 32 bytes. */
    static final String IPV4_UDP = ""
            + "45 00 00 20"       // version 4, IHL 5 (20 bytes), TOS 0, total length 32
            + "12 34 00 00"       // id 0x1234, flags 0, fragment offset 0
            + "40 11 00 00"       // TTL 64, protocol 17 (UDP), checksum 0 (not verified)
            + "c0 00 02 01"       // src 192.0.2.1
            + "c6 33 64 02"       // dst 198.51.100.2
            + "13 c4 13 c6"       // UDP src port 5060, dst port 5062
            + "00 0c 00 00"       // UDP length 12 (8 header + 4 data), checksum 0
            + "de ad be ef";      // payload

    /** IPv6 + UDP 5060 -> 5062 with 4 bytes of payload: 52 bytes. */
    static final String IPV6_UDP = ""
            + "60 00 00 00"       // version 6, traffic class 0, flow label 0
            + "00 0c 11 40"       // payload length 12, next header 17 (UDP), hop limit 64
            + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"   // src 2001:db8::1
            + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"   // dst 2001:db8::2
            + "13 c4 13 c6 00 0c 00 00"                           // UDP 5060 -> 5062, length 12
            + "de ad be ef";

    static final String ETH_ADDRS = "00 00 5e 00 53 01 00 00 5e 00 53 02"; // dst, src MAC

    private final PacketDecoder decoder = new PacketDecoder(new FragmentReassembler(8, 65_535, 16, 30_000_000_000L));
    private final DecodedPacket out = new DecodedPacket();

    private int decode(int linkType, String hexFrame) {
        return decoder.decode(event(linkType, hex(hexFrame)), out);
    }

    private void assertV4Udp(int payloadOffset) {
        assertV4Udp(out, payloadOffset);
    }

    private void assertV6Udp(int payloadOffset) {
        assertV6Udp(out, payloadOffset);
    }

    /** {@link #IPV4_UDP}'s fields, its payload at {@code payloadOffset} of the frame; shared with the tunnel tests. */
    static void assertV4Udp(DecodedPacket out, int payloadOffset) {
        assertEquals(4, out.ipVersion);
        assertEquals(0, out.srcHi);
        assertEquals(SRC_V4, out.srcLo);
        assertEquals(0, out.dstHi);
        assertEquals(DST_V4, out.dstLo);
        assertEquals(17, out.ipProtocol);
        assertEquals(64, out.ttl);
        assertEquals(5060, out.srcPort);
        assertEquals(5062, out.dstPort);
        assertPayloadDeadBeef(out, payloadOffset);
    }

    /** {@link #IPV6_UDP}'s fields, its payload at {@code payloadOffset} of the frame; shared with the tunnel tests. */
    static void assertV6Udp(DecodedPacket out, int payloadOffset) {
        assertEquals(6, out.ipVersion);
        assertEquals(V6_HI, out.srcHi);
        assertEquals(1, out.srcLo);
        assertEquals(V6_HI, out.dstHi);
        assertEquals(2, out.dstLo);
        assertEquals(17, out.ipProtocol);
        assertEquals(64, out.ttl);
        assertEquals(5060, out.srcPort);
        assertEquals(5062, out.dstPort);
        assertPayloadDeadBeef(out, payloadOffset);
    }

    private static void assertPayloadDeadBeef(DecodedPacket out, int payloadOffset) {
        assertEquals(payloadOffset, out.payloadOffset);
        assertEquals(4, out.payloadLength);
        assertEquals((byte) 0xde, out.buffer[out.payloadOffset]);
        assertEquals((byte) 0xef, out.buffer[out.payloadOffset + 3]);
        assertFalse(out.reassembled);
    }

    @Test
    void ethernetIpv4UdpIgnoresTrailingPadding() {
        // 14 + 32 = 46 bytes, padded to the 60-byte Ethernet minimum: the padding must not become payload
        int st = decode(LinkType.ETHERNET, ETH_ADDRS + "08 00" + IPV4_UDP + Frames.repeat("00", 14));
        assertEquals(DecodeStatus.OK, st);
        assertEquals(-1, out.vlanId);
        assertV4Udp(14 + 20 + 8);
        assertEquals(1_000_000_000L, out.timestampNs);
        assertEquals(60, out.wireLength);
    }

    @Test
    void singleVlanTag() {
        int st = decode(LinkType.ETHERNET, ETH_ADDRS
                + "81 00 00 64"     // TPID 802.1Q, PCP 0, VLAN 100
                + "08 00" + IPV4_UDP);
        assertEquals(DecodeStatus.OK, st);
        assertEquals(100, out.vlanId);
        assertV4Udp(18 + 28);
    }

    @Test
    void qinqInnermostVlanAndIpv6Tcp() {
        int st = decode(LinkType.ETHERNET, ETH_ADDRS
                + "88 a8 00 0a"     // TPID 802.1ad (service tag), VLAN 10
                + "81 00 20 c8"     // TPID 802.1Q (customer tag), PCP 1, VLAN 200
                + "86 dd"           // IPv6
                + "60 00 00 00 00 18 06 3f"   // payload length 24, next header 6 (TCP), hop limit 63
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                + "13 c5 c0 01"     // TCP src port 5061, dst port 49153
                + "00 00 00 0a"     // seq 10
                + "00 00 00 14"     // ack 20
                + "50 18 fa f0"     // data offset 5 (20 bytes), flags PSH|ACK, window 64240
                + "00 00 00 00"     // checksum, urgent pointer
                + "41 42 43 44");   // 4 bytes of data
        assertEquals(DecodeStatus.OK, st);
        assertEquals(200, out.vlanId);
        assertEquals(6, out.ipVersion);
        assertEquals(63, out.ttl);
        assertEquals(6, out.ipProtocol);
        assertEquals(5061, out.srcPort);
        assertEquals(49153, out.dstPort);
        assertEquals(10, out.tcpSeq);
        assertEquals(20, out.tcpAck);
        assertEquals(DecodedPacket.TCP_PSH | DecodedPacket.TCP_ACK, out.tcpFlags);
        assertEquals(22 + 40 + 20, out.payloadOffset);
        assertEquals(4, out.payloadLength);
    }

    @Test
    void oldQinqTpid() {
        int st = decode(LinkType.ETHERNET, ETH_ADDRS + "91 00 00 05" + "81 00 00 07" + "08 00" + IPV4_UDP);
        assertEquals(DecodeStatus.OK, st);
        assertEquals(7, out.vlanId);
        assertV4Udp(22 + 28);
    }

    @Test
    void tooManyVlanTags() {
        // five stacked tags: more than MAX_VLAN_TAGS (4)
        String tags = "81 00 00 01 ".repeat(5);
        assertEquals(DecodeStatus.TOO_MANY_VLAN_TAGS,
                decode(LinkType.ETHERNET, ETH_ADDRS + tags + "08 00" + IPV4_UDP));
        // four are fine
        assertEquals(DecodeStatus.OK,
                decode(LinkType.ETHERNET, ETH_ADDRS + "81 00 00 01 ".repeat(4) + "08 00" + IPV4_UDP));
    }

    @Test
    void nonIpEthertypes() {
        // ARP request header start
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.ETHERNET, ETH_ADDRS + "08 06 00 01 08 00 06 04 00 01"));
        // LLDP inside a VLAN tag
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.ETHERNET, ETH_ADDRS + "81 00 00 02 88 cc 02 07 04"));
        assertEquals(0, out.ipVersion);
    }

    @Test
    void linuxSll() {
        int st = decode(LinkType.LINUX_SLL, ""
                + "00 00"                       // packet type 0: sent to us
                + "00 01"                       // ARPHRD_ETHER
                + "00 06"                       // address length 6
                + "00 00 5e 00 53 02 00 00"     // address, padded to 8
                + "08 00"                       // protocol IPv4
                + IPV4_UDP);
        assertEquals(DecodeStatus.OK, st);
        assertV4Udp(16 + 28);
    }

    @Test
    void linuxSllWithVlanTag() {
        int st = decode(LinkType.LINUX_SLL, "00 00 00 01 00 06 00 00 5e 00 53 02 00 00"
                + "81 00"                       // protocol 802.1Q: the tag's TCI and real protocol follow
                + "00 2a 86 dd"                 // VLAN 42, IPv6
                + IPV6_UDP);
        assertEquals(DecodeStatus.OK, st);
        assertEquals(42, out.vlanId);
        assertV6Udp(20 + 48);
    }

    @Test
    void linuxSll2() {
        int st = decode(LinkType.LINUX_SLL2, ""
                + "86 dd 00 00"                 // protocol IPv6, reserved
                + "00 00 00 03"                 // interface index 3
                + "00 01 04 06"                 // ARPHRD_ETHER, packet type 4 (outgoing), address length 6
                + "00 00 5e 00 53 01 00 00"     // address
                + IPV6_UDP);
        assertEquals(DecodeStatus.OK, st);
        assertV6Udp(20 + 48);
    }

    @Test
    void bsdNullBothByteOrders() {
        // little-endian writer (x86): AF_INET = 2 as 02 00 00 00
        assertEquals(DecodeStatus.OK, decode(LinkType.NULL, "02 00 00 00" + IPV4_UDP));
        assertV4Udp(4 + 28);
        // big-endian writer: 00 00 00 02
        assertEquals(DecodeStatus.OK, decode(LinkType.NULL, "00 00 00 02" + IPV4_UDP));
        assertV4Udp(4 + 28);
        // AF_INET6 as macOS (30) little-endian, FreeBSD (28) big-endian, OpenBSD (24) little-endian
        assertEquals(DecodeStatus.OK, decode(LinkType.NULL, "1e 00 00 00" + IPV6_UDP));
        assertV6Udp(4 + 48);
        assertEquals(DecodeStatus.OK, decode(LinkType.NULL, "00 00 00 1c" + IPV6_UDP));
        assertV6Udp(4 + 48);
        assertEquals(DecodeStatus.OK, decode(LinkType.NULL, "18 00 00 00" + IPV6_UDP));
        // AF_APPLETALK (16): not IP
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.NULL, "10 00 00 00" + IPV4_UDP));
    }

    @Test
    void openBsdLoopIsNetworkOrder() {
        assertEquals(DecodeStatus.OK, decode(LinkType.LOOP, "00 00 00 18" + IPV6_UDP));
        assertV6Udp(4 + 48);
        assertEquals(DecodeStatus.OK, decode(LinkType.LOOP, "00 00 00 02" + IPV4_UDP));
        assertV4Udp(4 + 28);
    }

    @Test
    void rawAndIpLinkTypes() {
        assertEquals(DecodeStatus.OK, decode(LinkType.RAW, IPV4_UDP));
        assertV4Udp(28);
        assertEquals(DecodeStatus.OK, decode(LinkType.RAW, IPV6_UDP));
        assertV6Udp(48);
        assertEquals(DecodeStatus.OK, decode(LinkType.RAW_ALT_12, IPV4_UDP));
        assertEquals(DecodeStatus.OK, decode(LinkType.IPV4, IPV4_UDP));
        assertV4Udp(28);
        assertEquals(DecodeStatus.OK, decode(LinkType.IPV6, IPV6_UDP));
        assertV6Udp(48);
        // version nibble 5 on a raw link
        assertEquals(DecodeStatus.BAD_IP_VERSION, decode(LinkType.RAW, "5" + IPV4_UDP.substring(1)));
        // IPv6 bytes where the link says IPv4
        assertEquals(DecodeStatus.BAD_IP_VERSION, decode(LinkType.IPV4, IPV6_UDP));
        assertEquals(DecodeStatus.BAD_IP_VERSION, decode(LinkType.ETHERNET, ETH_ADDRS + "86 dd" + IPV4_UDP));
        assertEquals(DecodeStatus.UNSUPPORTED_LINK_TYPE, decode(147, IPV4_UDP));
    }

    @Test
    void ipv4WithOptions() {
        int st = decode(LinkType.IPV4, ""
                + "46 00 00 24"       // version 4, IHL 6 (24 bytes), total length 36
                + "00 01 40 00"       // id 1, DF
                + "01 11 00 00"       // TTL 1, UDP
                + "c0 00 02 01 c6 33 64 02"
                + "94 04 00 00"       // option: Router Alert (RFC 2113), length 4, value 0
                + "13 c4 13 c6 00 0c 00 00 de ad be ef");
        assertEquals(DecodeStatus.OK, st);
        assertEquals(1, out.ttl);
        assertEquals(5060, out.srcPort);
        assertEquals(24 + 8, out.payloadOffset);
        assertEquals(4, out.payloadLength);
    }

    @Test
    void ipv6HopByHopDestOptionsAndAtomicFragment() {
        int st = decode(LinkType.IPV6, ""
                + "60 00 00 00"
                + "00 2c 00 40"       // payload length 44, next header 0 (hop-by-hop), hop limit 64
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                + "3c 00"             // hop-by-hop: next 60 (dest options), Hdr Ext Len 0 -> 8 bytes
                + "01 04 00 00 00 00" //   PadN, 4 bytes
                + "2c 01"             // dest options: next 44 (fragment), Hdr Ext Len 1 -> 16 bytes
                + "01 0c 00 00 00 00 00 00 00 00 00 00 00 00" //   PadN, 12 bytes
                + "11 00 00 00"       // fragment: next 17 (UDP), offset 0, M 0 (an atomic fragment, RFC 6946)
                + "12 34 56 78"       //   identification
                + "13 c4 13 c6 00 0c 00 00 de ad be ef");
        assertEquals(DecodeStatus.OK, st);
        assertV6Udp(40 + 8 + 16 + 8 + 8);
    }

    @Test
    void ipv6AuthenticationHeaderAndEsp() {
        int st = decode(LinkType.IPV6, ""
                + "60 00 00 00 00 24 33 40"   // payload length 36, next header 51 (AH)
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                + "11 04 00 00"               // AH: next 17, Payload Len 4 -> (4 + 2) * 4 = 24 bytes
                + "00 00 01 00 00 00 00 01"   //   SPI, sequence number
                + "00 00 00 00 00 00 00 00 00 00 00 00" // ICV (12 bytes)
                + "13 c4 13 c6 00 0c 00 00 de ad be ef");
        assertEquals(DecodeStatus.OK, st);
        assertV6Udp(40 + 24 + 8);
        // ESP (50) ends the walk: the rest is encrypted, shown as payload of protocol 50
        st = decode(LinkType.IPV6, "60 00 00 00 00 08 32 40"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                + "00 00 01 00 00 00 00 01");
        assertEquals(DecodeStatus.OK, st);
        assertEquals(50, out.ipProtocol);
        assertEquals(40, out.payloadOffset);
        assertEquals(8, out.payloadLength);
    }

    @Test
    void tcpSynWithOptions() {
        int st = decode(LinkType.ETHERNET, ETH_ADDRS + "08 00"
                + "45 00 00 3c 00 00 40 00 40 06 00 00"   // total length 60, DF, TTL 64, protocol 6
                + "c0 00 02 01 c6 33 64 02"
                + "c0 00 13 c5"       // src port 49152, dst port 5061
                + "01 02 03 04"       // seq 0x01020304
                + "00 00 00 00"       // ack 0
                + "a0 02 fa f0"       // data offset 10 (40 bytes), flags SYN, window 64240
                + "00 00 00 00"       // checksum, urgent
                + "02 04 05 b4"       // MSS 1460
                + "04 02"             // SACK permitted
                + "08 0a 00 00 00 01 00 00 00 00" // timestamps
                + "01"                // NOP
                + "03 03 07");        // window scale 7
        assertEquals(DecodeStatus.OK, st);
        assertEquals(6, out.ipProtocol);
        assertEquals(49152, out.srcPort);
        assertEquals(5061, out.dstPort);
        assertEquals(0x01020304L, out.tcpSeq);
        assertEquals(0, out.tcpAck);
        assertEquals(DecodedPacket.TCP_SYN, out.tcpFlags);
        assertTrue(out.isTcp());
        assertEquals(14 + 20 + 40, out.payloadOffset);
        assertEquals(0, out.payloadLength);
    }

    @Test
    void tcpSequenceNumbersAreUnsigned() {
        decode(LinkType.IPV4, "45 00 00 28 00 00 00 00 40 06 00 00 c0 00 02 01 c6 33 64 02"
                + "13 c4 13 c4 ff ff ff fe 80 00 00 01 50 11 00 00 00 00 00 00");
        assertEquals(0xffff_fffeL, out.tcpSeq);
        assertEquals(0x8000_0001L, out.tcpAck);
        assertEquals(DecodedPacket.TCP_FIN | DecodedPacket.TCP_ACK, out.tcpFlags);
    }

    static final String ICMP_PORT_UNREACHABLE = ""
            + "45 00 00 38"           // total length 56 = 20 + 8 + 20 + 8
            + "ab cd 00 00 40 01 00 00"   // TTL 64, protocol 1 (ICMP)
            + "c6 33 64 02 c0 00 02 01"   // from 198.51.100.2 back to 192.0.2.1
            + "03 03 00 00"           // type 3 destination unreachable, code 3 port unreachable
            + "00 00 00 00"           // unused
            + "45 00 00 20 12 34 00 00 40 11 00 00"   // quoted IPv4 header: UDP
            + "c0 00 02 01 c6 33 64 02"               // quoted src 192.0.2.1 -> dst 198.51.100.2
            + "13 c4 13 c6 00 0c 00 00";              // quoted UDP 5060 -> 5062

    @Test
    void icmpPortUnreachableQuotesUdp() {
        assertEquals(DecodeStatus.OK, decode(LinkType.IPV4, ICMP_PORT_UNREACHABLE));
        assertEquals(1, out.ipProtocol);
        assertTrue(out.isIcmp());
        assertEquals(3, out.icmpType);
        assertEquals(3, out.icmpCode);
        assertEquals(DST_V4, out.srcLo);
        assertTrue(out.hasQuotedFlow);
        assertEquals(17, out.quotedIpProtocol);
        assertEquals(0, out.quotedSrcHi);
        assertEquals(SRC_V4, out.quotedSrcLo);
        assertEquals(DST_V4, out.quotedDstLo);
        assertEquals(5060, out.quotedSrcPort);
        assertEquals(5062, out.quotedDstPort);
        assertEquals(0, out.srcPort);
        assertEquals(28, out.payloadOffset);
        assertEquals(28, out.payloadLength);
    }

    @Test
    void icmpTimeExceededQuotingTcpAndANonFirstFragment() {
        // time exceeded (11/0) quoting a TCP segment: ports 49152 -> 5061
        String tcpQuote = ICMP_PORT_UNREACHABLE.replace("03 03 00 00", "0b 00 00 00")
                .replace("12 34 00 00 40 11", "12 34 00 00 40 06")
                .replace("13 c4 13 c6 00 0c 00 00", "c0 00 13 c5 01 02 03 04");
        assertEquals(DecodeStatus.OK, decode(LinkType.IPV4, tcpQuote));
        assertEquals(11, out.icmpType);
        assertEquals(6, out.quotedIpProtocol);
        assertEquals(49152, out.quotedSrcPort);
        assertEquals(5061, out.quotedDstPort);
        // the quoted datagram is a fragment at offset 8 (flags/offset 00 01): its first bytes are not a header
        String fragQuote = ICMP_PORT_UNREACHABLE.replace("45 00 00 20 12 34 00 00", "45 00 00 20 12 34 00 01");
        assertEquals(DecodeStatus.OK, decode(LinkType.IPV4, fragQuote));
        assertTrue(out.hasQuotedFlow);
        assertEquals(SRC_V4, out.quotedSrcLo);
        assertEquals(0, out.quotedSrcPort);
        assertEquals(0, out.quotedDstPort);
    }

    @Test
    void icmpv6QuoteWalksExtensionHeaders() {
        // the quoted IPv6 packet carries a first fragment header (offset 0, M 1) before its UDP header
        String quote = ""
                + "60 00 00 00 00 40 3a 40"   // payload length 64 = 8 + 40 + 8 + 8
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "03 00 00 00 00 00 00 00"   // type 3 time exceeded, code 0 (hop limit)
                + "60 00 00 00 05 b0 2c 01"   // quoted: payload length 1456, next header 44 (fragment)
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                + "11 00 00 01 00 00 00 07"   // fragment: next 17, offset 0, M 1, id 7
                + "13 c4 13 c6 05 a8 00 00";  // UDP 5060 -> 5062
        assertEquals(DecodeStatus.OK, decode(LinkType.IPV6, quote));
        assertEquals(3, out.icmpType);
        assertTrue(out.hasQuotedFlow);
        assertEquals(17, out.quotedIpProtocol);
        assertEquals(5060, out.quotedSrcPort);
        assertEquals(5062, out.quotedDstPort);
    }

    @Test
    void icmpEchoHasNoQuotedFlow() {
        assertEquals(DecodeStatus.OK, decode(LinkType.IPV4, "45 00 00 1c 00 00 00 00 40 01 00 00"
                + "c0 00 02 01 c6 33 64 02"
                + "08 00 00 00 00 01 00 02"));   // echo request, id 1, seq 2
        assertEquals(8, out.icmpType);
        assertFalse(out.hasQuotedFlow);
    }

    static final String ICMPV6_UNREACHABLE = ""
            + "60 00 00 00 00 38 3a 40"   // payload length 56, next header 58 (ICMPv6)
            + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
            + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
            + "01 04 00 00 00 00 00 00"   // type 1 destination unreachable, code 4 port unreachable, unused
            + "60 00 00 00 00 0c 11 40"   // quoted IPv6 header: UDP
            + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
            + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
            + "13 c4 13 c6 00 0c 00 00";  // quoted UDP 5060 -> 5062

    @Test
    void icmpv6DestinationUnreachableQuotesUdp() {
        assertEquals(DecodeStatus.OK, decode(LinkType.IPV6, ICMPV6_UNREACHABLE));
        assertEquals(58, out.ipProtocol);
        assertEquals(1, out.icmpType);
        assertEquals(4, out.icmpCode);
        assertTrue(out.hasQuotedFlow);
        assertEquals(17, out.quotedIpProtocol);
        assertEquals(V6_HI, out.quotedSrcHi);
        assertEquals(1, out.quotedSrcLo);
        assertEquals(V6_HI, out.quotedDstHi);
        assertEquals(2, out.quotedDstLo);
        assertEquals(5060, out.quotedSrcPort);
        assertEquals(5062, out.quotedDstPort);
    }

    @Test
    void icmpv6PacketTooBigAndEchoReply() {
        String tooBig = ICMPV6_UNREACHABLE.replace("01 04 00 00 00 00 00 00", "02 00 00 00 00 00 05 00");
        assertEquals(DecodeStatus.OK, decode(LinkType.IPV6, tooBig));
        assertEquals(2, out.icmpType);
        assertTrue(out.hasQuotedFlow);
        assertEquals(5062, out.quotedDstPort);
        String echoReply = ICMPV6_UNREACHABLE.replace("01 04 00 00 00 00 00 00", "81 00 00 00 00 01 00 01");
        assertEquals(DecodeStatus.OK, decode(LinkType.IPV6, echoReply));
        assertEquals(129, out.icmpType);
        assertFalse(out.hasQuotedFlow);
    }

    @Test
    void kindTickIsNotAPacket() {
        org.voipwatch.capture.ring.PacketEvent ev = event(LinkType.IPV4, hex(IPV4_UDP));
        ev.setTick(5_000_000_000L);
        assertEquals(DecodeStatus.NOT_IP, decoder.decode(ev, out));
        assertEquals(5_000_000_000L, out.timestampNs);
    }
}

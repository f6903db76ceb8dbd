package org.voipwatch.analyzer.protocol.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.protocol.rtp.Codec;
import org.voipwatch.analyzer.util.IpAddresses;

class SdpMessageTest {
    private final SdpMessage parser = new SdpMessage();
    private final SdpSession s = new SdpSession();

    private static byte[] crlf(String t) {
        return t.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private int parse(String sdp) {
        byte[] b = crlf(sdp);
        return parser.parse(b, 0, b.length, s);
    }

    private static long[] ip(String literal) {
        return IpAddresses.parse(literal);
    }

    private void assertAddress(String expected, long hi, long lo) {
        assertArrayEquals(ip(expected), new long[] {hi, lo}, expected);
    }

    /** RFC 4566 §5 example session description. */
    @Test
    void rfc4566Example() {
        int rc = parse("""
                v=0
                o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5
                s=SDP Seminar
                i=A Seminar on the session description protocol
                u=http://www.example.com/seminars/sdp.pdf
                e=j.doe@example.com (Jane Doe)
                c=IN IP4 224.2.17.12/127
                t=2873397496 2873404696
                a=recvonly
                m=audio 49170 RTP/AVP 0
                m=video 51372 RTP/AVP 99
                a=rtpmap:99 h263-1998/90000
                """);
        assertEquals(SdpStatus.OK, rc);
        assertEquals(2, s.mediaCount());
        assertEquals(SdpSession.ADDR_IP4, s.addressKind(0));
        assertAddress("224.2.17.12", s.addressHi(1), s.addressLo(1));
        assertEquals(SdpSession.MEDIA_AUDIO, s.mediaType(0));
        assertEquals(49170, s.port(0));
        assertEquals(SdpSession.PROTO_RTP_AVP, s.transport(0));
        assertEquals(1, s.payloadTypeCount(0));
        assertEquals(0, s.payloadType(0, 0));
        assertEquals(8000, s.clockRate(0, 0));
        assertEquals(Codec.PCMU, s.codec(0, 0));
        assertEquals(SdpSession.MEDIA_VIDEO, s.mediaType(1));
        assertEquals(51372, s.port(1));
        assertEquals(99, s.payloadType(1, 0));
        assertEquals(90000, s.clockRate(1, 0));
        assertEquals(Codec.VIDEO, s.codec(1, 0));
        // session-level recvonly applies to both media
        assertEquals(SdpSession.RECVONLY, s.direction(0));
        assertEquals(SdpSession.RECVONLY, s.direction(1));
        assertFalse(s.isHold(0));
    }

    /** RFC 3264 §8.4: hold by a=sendonly (media overrides session) and the RFC 2543 c=0.0.0.0 form. */
    @Test
    void rfc3264Hold() {
        assertEquals(SdpStatus.OK, parse("""
                v=0
                o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
                s=
                c=IN IP4 host.atlanta.example.com
                t=0 0
                a=sendrecv
                m=audio 49170 RTP/AVP 0 97
                a=rtpmap:0 PCMU/8000
                a=rtpmap:97 iLBC/8000
                a=sendonly
                m=video 51372 RTP/AVP 31 32
                a=rtpmap:31 H261/90000
                a=rtpmap:32 MPV/90000
                """));
        assertEquals(SdpSession.ADDR_FQDN, s.addressKind(0));
        assertEquals(SdpSession.SENDONLY, s.direction(0));
        assertTrue(s.isHold(0));
        assertEquals(SdpSession.SENDRECV, s.direction(1));
        assertFalse(s.isHold(1));
        assertEquals(Codec.ILBC, s.codec(0, 1));
        assertEquals(8000, s.clockRate(0, 1));

        assertEquals(SdpStatus.OK, parse("""
                v=0
                o=bob 2808844564 2808844565 IN IP4 192.0.2.4
                s=
                c=IN IP4 0.0.0.0
                t=0 0
                m=audio 49174 RTP/AVP 0
                m=video 0 RTP/AVP 31
                """));
        assertTrue(s.isZeroAddress(0));
        assertTrue(s.isHold(0));
        assertEquals(SdpSession.SENDRECV, s.direction(0));
        assertTrue(s.isDisabled(1));
        assertFalse(s.isDisabled(0));
    }

    @Test
    void ipv6Connections() {
        assertEquals(SdpStatus.OK, parse("""
                v=0
                o=- 1 1 IN IP6 2001:db8::1
                s=-
                c=IN IP6 FF1E:03AD::7F2E:172A:1E24/3
                t=0 0
                m=audio 5004 RTP/SAVP 8
                c=IN IP6 2001:db8:0:0:1:0:0:1
                m=audio 5006 UDP/TLS/RTP/SAVPF 111
                a=rtpmap:111 opus/48000/2
                m=audio 5008 RTP/AVP 0
                c=IN IP6 ::ffff:192.0.2.10
                m=audio 5010 RTP/AVP 0
                c=IN IP6 ::
                """));
        assertEquals(SdpSession.ADDR_IP6, s.addressKind(0));
        assertAddress("2001:db8::1:0:0:1", s.addressHi(0), s.addressLo(0));
        assertAddress("ff1e:3ad::7f2e:172a:1e24", s.addressHi(1), s.addressLo(1));
        assertEquals(SdpSession.PROTO_RTP_SAVP, s.transport(0));
        assertEquals(SdpSession.PROTO_UDP_TLS_RTP_SAVPF, s.transport(1));
        assertEquals(48000, s.clockRate(1, 0));
        assertEquals(Codec.OPUS, s.codec(1, 0));
        assertAddress("192.0.2.10", s.addressHi(2), s.addressLo(2));
        assertAddress("::", s.addressHi(3), s.addressLo(3));
    }

    /** RFC 8839 §5.1 candidates, plus RFC 3605 a=rtcp and RFC 5761 a=rtcp-mux. */
    @Test
    void iceCandidatesRtcpAndMux() {
        assertEquals(SdpStatus.OK, parse("""
                v=0
                o=jdoe 2890844526 2890842807 IN IP4 203.0.113.141
                s=
                c=IN IP4 192.0.2.3
                t=0 0
                a=ice-options:ice2
                a=ice-pacing:50
                a=ice-pwd:asd88fgpdd777uzjYhagZg
                a=ice-ufrag:8hhY
                m=audio 45664 RTP/AVP 0
                b=RS:0
                b=RR:0
                a=rtpmap:0 PCMU/8000
                a=candidate:1 1 UDP 2130706431 203.0.113.141 8998 typ host
                a=candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998
                a=candidate:3 2 tcp 1518280447 2001:db8::7 9 typ host tcptype active
                a=candidate:4 1 udp 2113937151 0b7f1c4e-2b7a-4c3d.local 54400 typ host
                a=rtcp:53020 IN IP4 126.16.64.4
                a=rtcp-mux
                """));
        assertEquals(3, s.candidateCount(0));
        assertAddress("203.0.113.141", s.candidateHi(0, 0), s.candidateLo(0, 0));
        assertEquals(8998, s.candidatePort(0, 0));
        assertEquals(17, s.candidateTransport(0, 0));
        assertEquals(SdpSession.CAND_HOST, s.candidateType(0, 0));
        assertEquals(2130706431L, s.candidatePriority(0, 0));
        assertEquals(1, s.candidateComponent(0, 0));
        assertEquals(SdpSession.CAND_SRFLX, s.candidateType(0, 1));
        assertEquals(45664, s.candidatePort(0, 1));
        assertAddress("2001:db8::7", s.candidateHi(0, 2), s.candidateLo(0, 2));
        assertEquals(6, s.candidateTransport(0, 2));
        assertEquals(2, s.candidateComponent(0, 2));
        assertEquals(53020, s.rtcpPort(0));
        assertAddress("126.16.64.4", s.rtcpAddressHi(0), s.rtcpAddressLo(0));
        assertTrue(s.rtcpMux(0));
    }

    @Test
    void malformedLinesAreCountedNotThrown() {
        int rc = parse("""
                v=0
                garbage line
                c=IN IP4 999.1.1.1
                m=audio notaport RTP/AVP 0
                m=audio 4000 RTP/AVP 0 8 abc
                a=rtpmap:8
                a=candidate:1 1 UDP
                """);
        assertEquals(SdpStatus.BAD_LINE, rc);
        assertEquals(6, s.anomalies());
        assertEquals(2, s.mediaCount());
        assertEquals(4000, s.port(1));
        assertEquals(2, s.payloadTypeCount(1));
        assertEquals(0, s.candidateCount(1));
        assertEquals(SdpStatus.NOT_SDP, parse("o=x\n"));

        StringBuilder many = new StringBuilder("v=0\nm=audio 1 RTP/AVP");
        for (int i = 0; i < 20; i++) {
            many.append(' ').append(96 + i);
        }
        many.append('\n');
        for (int i = 0; i < 9; i++) {
            many.append("m=audio ").append(2000 + i).append(" RTP/AVP 0\n");
        }
        assertEquals(SdpStatus.TOO_MANY_PAYLOAD_TYPES, parse(many.toString()));
        assertEquals(SdpSession.MAX_PAYLOAD_TYPES, s.payloadTypeCount(0));
        assertEquals(SdpSession.MAX_MEDIA, s.mediaCount());
        assertEquals(2006, s.port(SdpSession.MAX_MEDIA - 1));
    }

    @Test
    void randomMutationsNeverThrow() {
        byte[] b = crlf("""
                v=0
                c=IN IP6 FF1E:03AD::7F2E:172A:1E24/3
                m=audio 45664 RTP/AVP 0 8 101
                a=rtpmap:101 telephone-event/8000
                a=candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998
                a=rtcp:53020 IN IP4 126.16.64.4
                """);
        Random r = new Random(4566);
        for (int i = 0; i < 20000; i++) {
            byte[] c = b.clone();
            for (int k = 0; k < 3; k++) {
                c[r.nextInt(c.length)] = (byte) r.nextInt(256);
            }
            int rc = parser.parse(c, 0, r.nextInt(c.length + 1), s);
            assertTrue(rc >= 0 && rc < SdpStatus.COUNT);
        }
    }
}

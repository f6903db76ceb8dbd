package org.voipwatch.analyzer.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.protocol.rtp.Mos;
import org.voipwatch.analyzer.protocol.rtp.RtcpPacket;
import org.voipwatch.analyzer.protocol.rtp.RtpHeader;
import org.voipwatch.analyzer.protocol.rtp.RtpStatus;
import org.voipwatch.analyzer.protocol.sdp.SdpMessage;
import org.voipwatch.analyzer.protocol.sdp.SdpSession;
import org.voipwatch.analyzer.protocol.sdp.SdpStatus;
import org.voipwatch.analyzer.protocol.sip.SipMessage;
import org.voipwatch.analyzer.protocol.sip.SipStatus;
import org.voipwatch.analyzer.protocol.sip.SipStreamReassembler;

/**
 * The hot-path calls of the protocol package allocate nothing once warmed up (measured with the thread's
 * allocated-bytes counter; a small slack covers the counter's own granularity).
 */
class AllocationGuardTest {
    private static final int ROUNDS = 20_000;
    private static final long SLACK_BYTES = 1024;

    private static final byte[] INVITE = ("INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: Bob <sip:bob@biloxi.example.com>\r\n"
            + "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
            + "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 240\r\n\r\n"
            + "v=0\r\n"
            + "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n"
            + "s=-\r\n"
            + "c=IN IP6 2001:db8::1\r\n"
            + "t=0 0\r\n"
            + "m=audio 49170 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=candidate:1 1 UDP 2130706431 203.0.113.141 8998 typ host\r\n"
            + "a=sendonly\r\n").getBytes(StandardCharsets.US_ASCII);

    interface Body {
        long run(int i);
    }

    private static long allocated(Body body) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < ROUNDS; i++) {
            sink += body.run(i);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ROUNDS; i++) {
            sink += body.run(i);
        }
        long after = mx.getCurrentThreadAllocatedBytes();
        assertTrue(sink != Long.MIN_VALUE);
        return after - before;
    }

    private static Object escape;

    /** The guard itself can fail: a body that allocates is seen. */
    @Test
    void guardSeesAllocation() {
        long bytes = allocated(i -> {
            byte[] b = new byte[64];
            escape = b;
            return b.length;
        });
        assertTrue(bytes >= ROUNDS * 64L, "measured " + bytes);
    }

    @Test
    void sipSdpRtpHotPathsDoNotAllocate() {
        SipMessage m = new SipMessage();
        SdpMessage sdp = new SdpMessage();
        SdpSession session = new SdpSession();
        assertEquals(SipStatus.OK, m.wrap(INVITE, 0, INVITE.length));
        assertEquals(240, m.bodyLength());
        assertEquals(SdpStatus.OK, sdp.parse(INVITE, m.bodyOffset(), m.bodyLength(), session));
        long sip = allocated(i -> {
            m.wrap(INVITE, 0, INVITE.length);
            return m.callIdHash() + m.fromTagOffset() + m.toTagLength() + m.viaBranchOffset() + m.cseqNumber()
                    + m.fromUserLength() + (m.isSdp() ? 1 : 0) + (SipMessage.looksLikeSip(INVITE, 0, 20) ? 1 : 0);
        });
        assertTrue(sip < SLACK_BYTES, "SipMessage allocated " + sip);
        long sdpBytes = allocated(i -> sdp.parse(INVITE, m.bodyOffset(), m.bodyLength(), session)
                + session.candidatePort(0, 0) + session.addressLo(0));
        assertTrue(sdpBytes < SLACK_BYTES, "SdpMessage allocated " + sdpBytes);

        SipStreamReassembler r = new SipStreamReassembler();
        long[] seq = {1};
        long tcp = allocated(i -> {
            r.onSegment(seq[0], INVITE, 0, 100);
            r.onSegment(seq[0] + 100, INVITE, 100, INVITE.length - 100);
            seq[0] += INVITE.length;
            return r.next(m) + r.next(m);
        });
        assertTrue(tcp < SLACK_BYTES, "SipStreamReassembler allocated " + tcp);

        byte[] rtp = {(byte) 0x80, 0, 0, 1, 0, 0, 0, (byte) 0xa0, 1, 2, 3, 4, 9, 9, 9, 9};
        RtpHeader h = new RtpHeader();
        assertEquals(RtpStatus.OK, h.wrap(rtp, 0, rtp.length));
        RtcpPacket p = new RtcpPacket();
        byte[] rr = {(byte) 0x81, (byte) 0xc9, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
            0, 0, 0, 4, 0, 0, 0, 5};
        long media = allocated(i -> {
            long v = h.wrap(rtp, 0, rtp.length) + h.sequence() + h.timestamp() + h.payloadLength();
            p.wrap(rr, 0, rr.length);
            while (p.next()) {
                v += p.blockJitter(0) + p.blockCumulativeLost(0);
            }
            return v + (long) Mos.estimate(i & 15, i % 10, i % 50);
        });
        assertTrue(media < SLACK_BYTES, "RTP/RTCP/Mos allocated " + media);
    }
}

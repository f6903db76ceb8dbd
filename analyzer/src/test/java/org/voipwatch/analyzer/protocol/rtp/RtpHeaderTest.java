package org.voipwatch.analyzer.protocol.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-decoded RTP and RTCP bytes following the RFC 3550 §5.1, §6.4 diagrams. */
class RtpHeaderTest {

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void minimalHeader() {
        // V=2 P=0 X=0 CC=0 | M=0 PT=0 | seq=1 | ts=160 | ssrc=0xdeadbeef | 4 payload bytes
        byte[] b = bytes(0x80, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xa0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4);
        RtpHeader h = new RtpHeader();
        assertEquals(RtpStatus.OK, h.wrap(b, 0, b.length));
        assertEquals(2, h.version());
        assertFalse(h.padding());
        assertFalse(h.extension());
        assertFalse(h.marker());
        assertEquals(0, h.payloadType());
        assertEquals(1, h.sequence());
        assertEquals(160, h.timestamp());
        assertEquals(0xdeadbeef, h.ssrc());
        assertEquals(12, h.headerLength());
        assertEquals(12, h.payloadOffset());
        assertEquals(4, h.payloadLength());
        assertEquals(-1, h.extensionProfile());
    }

    @Test
    void csrcsExtensionAndPadding() {
        // 0xb2 = 10 1 1 0010: V=2 P=1 X=1 CC=2; 0xe0 = M=1 PT=96; seq 0xfffe; ts 0xfffffff0 (unsigned)
        byte[] b = bytes(0xb2, 0xe0, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xf0, 0x01, 0x02, 0x03, 0x04,
                0x0a, 0x0a, 0x0a, 0x0a, 0x0b, 0x0b, 0x0b, 0x0b, // CSRC 1, 2
                0xbe, 0xde, 0x00, 0x01, 0x10, 0x55, 0x00, 0x00, // RFC 8285 one-byte extension, 1 word
                0x61, 0x62, 0x63, // payload
                0x00, 0x00, 0x03); // padding, count 3
        RtpHeader h = new RtpHeader();
        assertEquals(RtpStatus.OK, h.wrap(b, 0, b.length));
        assertTrue(h.padding());
        assertTrue(h.extension());
        assertTrue(h.marker());
        assertEquals(2, h.csrcCount());
        assertEquals(96, h.payloadType());
        assertEquals(0xfffe, h.sequence());
        assertEquals(0xfffffff0L, h.timestamp());
        assertEquals(0x01020304, h.ssrc());
        assertEquals(0x0b0b0b0b, h.csrc(1));
        assertEquals(0xbede, h.extensionProfile());
        assertEquals(28, h.headerLength());
        assertEquals(3, h.paddingLength());
        assertEquals(3, h.payloadLength());
        assertEquals('a', b[h.payloadOffset()]);
    }

    @Test
    void malformedHeaders() {
        RtpHeader h = new RtpHeader();
        assertEquals(RtpStatus.TOO_SHORT, h.wrap(bytes(0x80, 0, 0, 1), 0, 4));
        assertEquals(RtpStatus.BAD_VERSION, h.wrap(bytes(0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0), 0, 12));
        assertEquals(RtpStatus.CSRC_TRUNCATED, h.wrap(bytes(0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2), 0, 14));
        assertEquals(RtpStatus.EXTENSION_TRUNCATED,
                h.wrap(bytes(0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 2, 0, 0, 0, 0), 0, 20));
        assertEquals(RtpStatus.BAD_PADDING, h.wrap(bytes(0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0), 0, 14));
        assertEquals(RtpStatus.BAD_PADDING, h.wrap(bytes(0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9), 0, 14));
    }

    @Test
    void probesFollowRfc5761() {
        byte[] rtp = bytes(0x80, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1);
        assertTrue(RtpHeader.probeRtp(rtp, 0, rtp.length));
        rtp[1] = (byte) 0xe0; // marker + PT 96
        assertTrue(RtpHeader.probeRtp(rtp, 0, rtp.length));
        rtp[1] = (byte) 0xc8; // RTCP SR (200) = marker + PT 72
        assertFalse(RtpHeader.probeRtp(rtp, 0, rtp.length));
        rtp[1] = (byte) 72; // PT 72 without marker is also in the reserved 64..95 range
        assertFalse(RtpHeader.probeRtp(rtp, 0, rtp.length));
        rtp[0] = 0x40;
        rtp[1] = 0;
        assertFalse(RtpHeader.probeRtp(rtp, 0, rtp.length));
        byte[] rr = bytes(0x80, 0xc9, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44);
        assertTrue(RtpHeader.probeRtcp(rr, 0, rr.length));
        rr[3] = 5; // length beyond the datagram
        assertFalse(RtpHeader.probeRtcp(rr, 0, rr.length));
    }

    /** SR with one report block + SDES CNAME + BYE, laid out per RFC 3550 §6.4.1, §6.5, §6.6. */
    static final byte[] COMPOUND = bytes(
            0x81, 0xc8, 0x00, 0x0c, // V=2 RC=1 PT=SR length=12 words (52 bytes)
            0x11, 0x22, 0x33, 0x44, // SSRC of sender
            0xe5, 0xf1, 0xa2, 0xb3, 0x80, 0x00, 0x00, 0x00, // NTP
            0x00, 0x00, 0x1f, 0x40, // RTP timestamp 8000
            0x00, 0x00, 0x00, 0x64, // packet count 100
            0x00, 0x00, 0x3e, 0x80, // octet count 16000
            0x55, 0x66, 0x77, 0x88, // block SSRC
            0x40, 0xff, 0xff, 0xfe, // fraction lost 64/256, cumulative lost -2
            0x00, 0x01, 0x00, 0x05, // extended highest seq: 1 cycle, seq 5
            0x00, 0x00, 0x00, 0x20, // jitter 32
            0xa2, 0xb3, 0x80, 0x00, // LSR
            0x00, 0x01, 0x00, 0x00, // DLSR 1 s
            0x81, 0xca, 0x00, 0x03, 0x11, 0x22, 0x33, 0x44, 0x01, 0x05, 'a', 'b', 'c', 'd', 'e', 0x00, // SDES
            0x81, 0xcb, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44); // BYE

    @Test
    void compoundRtcp() {
        RtcpPacket p = new RtcpPacket();
        p.wrap(COMPOUND, 0, COMPOUND.length);
        assertTrue(p.next());
        assertEquals(RtcpPacket.SR, p.packetType());
        assertEquals(52, p.packetLength());
        assertEquals(0x11223344, p.ssrc());
        assertEquals(0xe5f1a2b380000000L, p.ntpTimestamp());
        assertEquals(8000, p.rtpTimestamp());
        assertEquals(100, p.senderPacketCount());
        assertEquals(16000, p.senderOctetCount());
        assertEquals(1, p.reportBlockCount());
        assertEquals(0x55667788, p.blockSsrc(0));
        assertEquals(64, p.blockFractionLost(0));
        assertEquals(-2, p.blockCumulativeLost(0));
        assertEquals(65541, p.blockExtendedHighestSequence(0));
        assertEquals(32, p.blockJitter(0));
        assertEquals(0xa2b38000L, p.blockLastSr(0));
        assertEquals(65536, p.blockDelaySinceLastSr(0));
        assertTrue(p.next());
        assertEquals(RtcpPacket.SDES, p.packetType());
        assertEquals(1, p.count());
        assertEquals(0x11223344, p.ssrc());
        assertEquals(0, p.reportBlockCount());
        assertTrue(p.next());
        assertEquals(RtcpPacket.BYE, p.packetType());
        assertFalse(p.next());
        assertEquals(RtpStatus.OK, p.status());
    }

    @Test
    void malformedRtcp() {
        RtcpPacket p = new RtcpPacket();
        byte[] longLength = COMPOUND.clone();
        longLength[3] = 0x40;
        p.wrap(longLength, 0, longLength.length);
        assertFalse(p.next());
        assertEquals(RtpStatus.RTCP_BAD_LENGTH, p.status());
        // RC=5 report blocks announced, but the length (7 words, 32 bytes) holds only one
        byte[] rr = new byte[32];
        System.arraycopy(bytes(0x85, 0xc9, 0x00, 0x07, 0x11, 0x22, 0x33, 0x44), 0, rr, 0, 8);
        p.wrap(rr, 0, rr.length);
        assertFalse(p.next());
        assertEquals(RtpStatus.RTCP_BAD_REPORT_COUNT, p.status());
        byte[] notRtcp = COMPOUND.clone();
        notRtcp[53] = 0x60;
        p.wrap(notRtcp, 0, notRtcp.length);
        assertTrue(p.next());
        assertFalse(p.next());
        assertEquals(RtpStatus.RTCP_BAD_TYPE, p.status());
    }

    @Test
    void garbageNeverThrows() {
        Random r = new Random(3550);
        RtcpPacket p = new RtcpPacket();
        RtpHeader h = new RtpHeader();
        for (int i = 0; i < 50000; i++) {
            byte[] c = COMPOUND.clone();
            for (int k = 0; k < 3; k++) {
                c[r.nextInt(c.length)] = (byte) r.nextInt(256);
            }
            int len = r.nextInt(c.length + 1);
            p.wrap(c, 0, len);
            for (int n = 0; n < 40 && p.next(); n++) {
                for (int b = 0; b < p.reportBlockCount(); b++) {
                    p.blockJitter(b);
                }
                p.ssrc();
            }
            if (h.wrap(c, 0, len) == RtpStatus.OK) {
                assertTrue(h.payloadLength() >= 0);
            }
        }
    }
}

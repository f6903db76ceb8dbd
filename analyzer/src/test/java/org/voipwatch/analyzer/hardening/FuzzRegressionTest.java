package org.voipwatch.analyzer.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.protocol.rtp.RtcpPacket;
import org.voipwatch.analyzer.protocol.rtp.RtpStatus;

/** Inputs the property tests found, minimised by hand, kept as hex so they run on every build. */
class FuzzRegressionTest {
    /**
     * An RTCP SDES packet (RFC 3550 §6.5: V=2, SC=1, PT=202, length 3 = 16 bytes; one chunk with CNAME "name")
     * alone in the datagram. The SR sender-info accessors read bytes 8..27 of the packet: they threw
     * ArrayIndexOutOfBoundsException here; for a packet other than an SR they now give 0.
     */
    @Test
    void srAccessorsOnALastShortNonSrPacketGiveZero() {
        byte[] b = Fuzz.unhex("81ca0003 11111119 01046e61 6d650000");
        RtcpPacket p = new RtcpPacket();
        p.wrap(b, 0, b.length);
        assertTrue(p.next());
        assertEquals(202, p.packetType());
        assertEquals(0x11111119, p.ssrc());
        assertEquals(0, p.ntpTimestamp());
        assertEquals(0, p.rtpTimestamp());
        assertEquals(0, p.senderPacketCount());
        assertEquals(0, p.senderOctetCount());
        assertFalse(p.next());
        assertEquals(RtpStatus.OK, p.status());
    }

    /** The same accessors on a real SR still read its sender info (RFC 3550 §6.4.1 layout, hand-built). */
    @Test
    void srAccessorsOnAnSrReadTheSenderInfo() {
        byte[] b = Fuzz.unhex("80c80006 11111111 e1a2b3c4 d5e6f708 00000a00 00000064 00003e80");
        RtcpPacket p = new RtcpPacket();
        p.wrap(b, 0, b.length);
        assertTrue(p.next());
        assertEquals(0xe1a2b3c4d5e6f708L, p.ntpTimestamp());
        assertEquals(0xa00, p.rtpTimestamp());
        assertEquals(100, p.senderPacketCount());
        assertEquals(16_000, p.senderOctetCount());
    }
}

package org.voipwatch.analyzer.protocol.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.Hex;

/** Range edges from RFC 9443 §3 (figure), checked one by one. */
class Rfc9443DemuxTest {
    @Test
    void rangeEdges() {
        int[][] cases = {
            {0, Rfc9443Demux.STUN}, {3, Rfc9443Demux.STUN}, {4, Rfc9443Demux.UNKNOWN}, {15, Rfc9443Demux.UNKNOWN},
            {16, Rfc9443Demux.ZRTP}, {19, Rfc9443Demux.ZRTP}, {20, Rfc9443Demux.DTLS}, {63, Rfc9443Demux.DTLS},
            {64, Rfc9443Demux.TURN_CHANNEL}, {79, Rfc9443Demux.TURN_CHANNEL}, {80, Rfc9443Demux.QUIC},
            {127, Rfc9443Demux.QUIC}, {128, Rfc9443Demux.RTP_RTCP}, {191, Rfc9443Demux.RTP_RTCP},
            {192, Rfc9443Demux.QUIC}, {255, Rfc9443Demux.QUIC},
        };
        for (int[] c : cases) {
            assertEquals(c[1], Rfc9443Demux.classifyFirstByte(c[0]), "first byte " + c[0]);
            assertEquals(c[1], Rfc9443Demux.classify(new byte[] {(byte) c[0], 0}, 0, 2), "first byte " + c[0]);
        }
        assertEquals(Rfc9443Demux.EMPTY, Rfc9443Demux.classify(new byte[4], 0, 0));
        assertEquals(Rfc9443Demux.EMPTY, Rfc9443Demux.classify(new byte[4], 4, 1));
        assertEquals("turn_channel", Rfc9443Demux.name(Rfc9443Demux.TURN_CHANNEL));
        // a real RFC 5769 message and a DTLS ClientHello record (content type 22)
        byte[] stun = Hex.dump(Rfc5769VectorsTest.SAMPLE_REQUEST);
        assertEquals(Rfc9443Demux.STUN, Rfc9443Demux.classify(stun, 0, stun.length));
        assertEquals(Rfc9443Demux.DTLS, Rfc9443Demux.classify(Hex.of("16 fe fd 00 00"), 0, 5));
        assertEquals(Rfc9443Demux.RTP_RTCP, Rfc9443Demux.classify(Hex.of("80 00 00 01"), 0, 4));
    }
}

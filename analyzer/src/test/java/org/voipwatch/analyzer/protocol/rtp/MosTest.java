package org.voipwatch.analyzer.protocol.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MosTest {
    /** G.107: the default R of 93.2 corresponds to MOS 4.41 (G.107 Annex B formula). */
    @Test
    void knownRValues() {
        assertEquals(4.41, Mos.fromR(93.2), 0.005);
        assertEquals(4.5, Mos.fromR(100), 1e-9);
        assertEquals(1.0, Mos.fromR(0), 1e-9);
        assertEquals(1.0, Mos.fromR(-5), 1e-9);
        // R = 50: 1 + 1.75 + 50 * -10 * 50 * 7e-6 = 2.575
        assertEquals(2.575, Mos.fromR(50), 1e-9);
        // G.711 with no loss and a delay under 100 ms keeps the default R
        assertEquals(93.2, Mos.rFactor(Codec.PCMU, 0, 0, 40), 1e-9);
        assertEquals(4.41, Mos.estimate(Codec.PCMA, 0, 0), 0.005);
        // G.729: Ie = 11 -> R = 82.2 without loss
        assertEquals(82.2, Mos.rFactor(Codec.G729, 0, 0, 40), 1e-9);
        // G.711 with PLC, 2 % random loss: Ie,eff = 95 * 2 / (2 + 25.1) = 7.011...
        assertEquals(93.2 - 95 * 2 / 27.1, Mos.rFactor(Codec.PCMU, 2, 0, 40), 1e-9);
    }

    @Test
    void iddFollowsG107() {
        assertEquals(0, Mos.idd(100), 1e-12);
        // Ta = 200 ms: X = 1, Idd = 25 * (2^(1/6) - 3 * (1 + 1/729)^(1/6) + 2)
        double expected = 25 * (Math.pow(2, 1.0 / 6) - 3 * Math.pow(1 + 1.0 / 729, 1.0 / 6) + 2);
        assertEquals(expected, Mos.idd(200), 1e-12);
        assertTrue(Mos.idd(400) > Mos.idd(200));
    }

    @Test
    void monotonicInLossAndJitter() {
        int[] codecs = {Codec.PCMU, Codec.G729, Codec.G723, Codec.GSM, Codec.OPUS, Codec.UNKNOWN};
        for (int c : codecs) {
            double prev = 5;
            for (double loss = 0; loss <= 100; loss += 0.5) {
                double m = Mos.estimate(c, loss, 10);
                assertTrue(m <= prev + 1e-12, "loss " + loss + " codec " + c);
                assertTrue(m >= 1 && m <= 4.5);
                prev = m;
            }
            prev = 5;
            for (double jitter = 0; jitter <= 500; jitter += 5) {
                double m = Mos.estimate(c, 1, jitter);
                assertTrue(m <= prev + 1e-12, "jitter " + jitter + " codec " + c);
                prev = m;
            }
        }
        assertTrue(Mos.estimate(Codec.PCMU, 1, 10) > Mos.estimate(Codec.G729, 1, 10));
        assertEquals(Mos.estimate(Codec.G729, 3, 20), Mos.estimateForPayloadType(18, 3, 20), 1e-12);
    }
}

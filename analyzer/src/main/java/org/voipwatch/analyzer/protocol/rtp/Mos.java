package org.voipwatch.analyzer.protocol.rtp;

/**
 * Listening-quality estimate from the ITU-T G.107 E-model, simplified for a passive monitor that sees loss and
 * jitter but not levels, echo or the real mouth-to-ear delay:
 * <ul>
 *   <li>R = Ro - Is - Id - Ie,eff + A with the G.107 defaults (Ro - Is = 93.2, A = 0);</li>
 *   <li>Ie,eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl) (G.107 §7.5), random loss (BurstR = 1), with
 *       Ie and Bpl per codec from G.113 Appendix I where it lists them;</li>
 *   <li>Id = Idd only (G.107 §7.4: echo assumed cancelled, so Idte and Idle are left out), from an assumed
 *       mouth-to-ear delay Ta = network one-way delay + jitter buffer (2 x jitter) + codec frame and look-ahead;</li>
 *   <li>MOS = 1 + 0.035 R + R (R - 60)(100 - R) 7e-6 for 0 &lt; R &lt; 100 (G.107 Annex B).</li>
 * </ul>
 * Stateless, no allocation; any thread.
 */
public final class Mos {
    /** One-way network delay assumed when the caller does not know it, in ms. */
    public static final double DEFAULT_NETWORK_DELAY_MS = 40.0;
    /** G.107 default Ro - Is (the R of a perfect narrowband connection). */
    public static final double R_DEFAULT = 93.2;

    private Mos() {
    }

    /** Equipment impairment Ie of a {@link Codec} code (G.113 Appendix I; see the notes per codec). */
    public static double ie(int codec) {
        switch (codec) {
            case Codec.PCMU:
            case Codec.PCMA:
                return 0;
            case Codec.G729:
                return 11; // G.729A + VAD
            case Codec.G723:
                return 15; // G.723.1 at 6.3 kbit/s
            case Codec.GSM:
                return 20; // GSM full rate
            case Codec.ILBC:
                return 11; // assumption: like G.729A, not listed in G.113 Appendix I
            case Codec.G726:
                return 7; // G.726 at 32 kbit/s
            case Codec.G722:
            case Codec.OPUS:
            case Codec.L16:
            case Codec.AMR_WB:
                return 0; // wideband or better: on the narrowband R scale no worse than G.711 (assumption)
            default:
                return 0;
        }
    }

    /** Packet-loss robustness Bpl of a {@link Codec} code (G.113 Appendix I; G.711 with PLC). */
    public static double bpl(int codec) {
        switch (codec) {
            case Codec.PCMU:
            case Codec.PCMA:
                return 25.1; // G.711 with packet loss concealment (4.3 without)
            case Codec.G729:
                return 19.0;
            case Codec.G723:
                return 16.1;
            case Codec.GSM:
                return 10.0; // assumption: not listed
            default:
                return 20.0; // assumption for codecs without a G.113 figure: modern PLC
        }
    }

    /** Codec frame plus look-ahead in ms, the delay the codec itself adds. */
    static double codecDelayMs(int codec) {
        switch (codec) {
            case Codec.G729:
                return 15; // 10 ms frame + 5 ms look-ahead
            case Codec.G723:
                return 37.5; // 30 ms frame + 7.5 ms look-ahead
            case Codec.ILBC:
                return 30;
            default:
                return 20; // one 20 ms packet
        }
    }

    /** MOS for a codec, loss percentage and interarrival jitter, with {@link #DEFAULT_NETWORK_DELAY_MS}. */
    public static double estimate(int codec, double lossPercent, double jitterMs) {
        return estimate(codec, lossPercent, jitterMs, DEFAULT_NETWORK_DELAY_MS);
    }

    public static double estimate(int codec, double lossPercent, double jitterMs, double networkDelayMs) {
        return fromR(rFactor(codec, lossPercent, jitterMs, networkDelayMs));
    }

    /** MOS for an RTP static payload type (RFC 3551); dynamic types are estimated as an unknown codec. */
    public static double estimateForPayloadType(int payloadType, double lossPercent, double jitterMs) {
        return estimate(Codec.fromStaticPayloadType(payloadType), lossPercent, jitterMs);
    }

    public static double rFactor(int codec, double lossPercent, double jitterMs, double networkDelayMs) {
        double ppl = clamp(lossPercent, 0, 100);
        double ie = ie(codec);
        double ieEff = ie + (95 - ie) * ppl / (ppl + bpl(codec));
        double ta = Math.max(0, networkDelayMs) + 2 * Math.max(0, jitterMs) + codecDelayMs(codec);
        return R_DEFAULT - idd(ta) - ieEff;
    }

    /** G.107 §7.4 delay impairment Idd for an absolute delay Ta in ms (0 up to 100 ms). */
    public static double idd(double taMs) {
        if (taMs <= 100) {
            return 0;
        }
        double x = Math.log(taMs / 100) / Math.log(2);
        return 25 * (Math.pow(1 + Math.pow(x, 6), 1.0 / 6) - 3 * Math.pow(1 + Math.pow(x / 3, 6), 1.0 / 6) + 2);
    }

    /** G.107 Annex B: R to MOS (CQE). */
    public static double fromR(double r) {
        if (r <= 0) {
            return 1.0;
        }
        if (r >= 100) {
            return 4.5;
        }
        // the cubic dips a little below 1 for R under about 6.5; MOS is 1 there
        return Math.max(1.0, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6);
    }

    private static double clamp(double v, double lo, double hi) {
        return Double.isNaN(v) ? lo : Math.max(lo, Math.min(hi, v));
    }
}

package org.voipwatch.analyzer.track;

/**
 * Distributions of the media quality of finished calls, one observation per call and direction that carried RTP
 * (the figures of the {@code call_summary} event): loss as a ratio 0..1, mean interarrival jitter (RFC 3550
 * §6.4.1) in seconds, and the estimated MOS (E-model, 1..4.5). Base units, as Prometheus names them. Recorded
 * at call end, never per packet. Single writer: the analyzer thread; read racily by a metrics scrape.
 */
public final class MediaQuality {
    /** Direction indices, as CallTable's sender sides: caller to callee, callee to caller. */
    public static final int CALLER_TO_CALLEE = 0;
    public static final int CALLEE_TO_CALLER = 1;
    public static final int DIRECTIONS = 2;

    /** MOS bounds: G.107 user-satisfaction steps (4.3+ very satisfied, 3.6 some dissatisfied, 3.1 many). */
    public static final double[] MOS_BOUNDS = {1.0, 2.0, 2.5, 3.0, 3.5, 3.8, 4.0, 4.2, 4.4, 5.0};
    /** Jitter bounds in seconds (1 ms .. 200 ms; a 20 ms packetisation makes 20-30 ms the alarm zone). */
    public static final double[] JITTER_SECONDS_BOUNDS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2};
    /** Loss ratio bounds (0.1 % .. 50 %; codecs conceal up to about 1-2 %). */
    public static final double[] LOSS_RATIO_BOUNDS = {0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5};

    public final FixedHistogram[] mos = new FixedHistogram[DIRECTIONS];
    public final FixedHistogram[] jitterSeconds = new FixedHistogram[DIRECTIONS];
    public final FixedHistogram[] lossRatio = new FixedHistogram[DIRECTIONS];

    public MediaQuality() {
        for (int d = 0; d < DIRECTIONS; d++) {
            mos[d] = new FixedHistogram(MOS_BOUNDS);
            jitterSeconds[d] = new FixedHistogram(JITTER_SECONDS_BOUNDS);
            lossRatio[d] = new FixedHistogram(LOSS_RATIO_BOUNDS);
        }
    }

    /** One direction of a finished call, in the units of the summary event (percent, milliseconds). */
    public void record(int direction, double lossPercent, double jitterMs, double mosValue) {
        lossRatio[direction].record(lossPercent / 100.0);
        jitterSeconds[direction].record(jitterMs / 1000.0);
        mos[direction].record(mosValue);
    }

    public static String directionName(int direction) {
        return direction == CALLER_TO_CALLEE ? "caller_to_callee" : "callee_to_caller";
    }
}

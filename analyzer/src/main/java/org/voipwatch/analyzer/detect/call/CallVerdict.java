package org.voipwatch.analyzer.detect.call;

/** Verdicts of a finished call ({@code call_summary.verdict}); the codes index AnalyzerCounters.callsByVerdict. */
public final class CallVerdict {
    public static final int OK = 0;
    public static final int ONE_WAY_AUDIO = 1;
    public static final int NO_AUDIO = 2;
    /** A final 3xx-6xx (other than 487 after CANCEL), or a 401/407 challenge never retried. */
    public static final int FAILED = 3;
    /** No final response, or cancelled by the caller before an answer. */
    public static final int UNANSWERED = 4;
    public static final int COUNT = 5;

    private static final String[] NAMES = {"ok", "one_way_audio", "no_audio", "failed", "unanswered"};

    private CallVerdict() {
    }

    public static String name(int v) {
        return v >= 0 && v < COUNT ? NAMES[v] : "unknown";
    }
}

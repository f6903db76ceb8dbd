package org.voipwatch.analyzer.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.MediaQuality;

/**
 * The exposition of the analyzer's buckets: cumulative {@code _bucket{le}} lines, {@code _count} and {@code _sum},
 * in both text formats. Expected lines counted by hand from the recorded values.
 */
class FixedHistogramCollectorTest {
    @Test
    void bucketsAreCumulativeInTheExposition() throws Exception {
        AnalyzerCounters c = new AnalyzerCounters();
        MediaQuality q = c.mediaQuality;
        int d = MediaQuality.CALLER_TO_CALLEE;
        q.record(d, 0, 1.0, 4.41); // (4.4, 5.0]
        q.record(d, 0, 1.0, 3.9);  // (3.8, 4.0]
        q.record(d, 0, 1.0, 2.5);  // (2.0, 2.5]
        q.record(d, 0, 1.0, 4.0);  // (3.8, 4.0]
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            new CallMetrics(c).bindTo(r);
            String text = r.scrape();
            String p = "voipwatch_rtp_mos_bucket{direction=\"caller_to_callee\",le=";
            for (String line : new String[] {p + "\"2.0\"} 0", p + "\"2.5\"} 1", p + "\"3.8\"} 1", p + "\"4.0\"} 3",
                p + "\"4.4\"} 3", p + "\"5.0\"} 4", p + "\"+Inf\"} 4",
                "voipwatch_rtp_mos_count{direction=\"caller_to_callee\"} 4",
                "voipwatch_rtp_mos_sum{direction=\"caller_to_callee\"} 14.81",
                "voipwatch_rtp_mos_count{direction=\"callee_to_caller\"} 0",
                "voipwatch_rtp_jitter_seconds_bucket{direction=\"caller_to_callee\",le=\"0.001\"} 4",
                "voipwatch_rtp_loss_ratio_bucket{direction=\"caller_to_callee\",le=\"0.001\"} 4"}) {
                assertTrue(text.contains(line + "\n"), line + " in\n" + text);
            }
            ByteArrayOutputStream om = new ByteArrayOutputStream();
            new OpenMetricsTextFormatWriter(false, false).write(om, r.getPrometheusRegistry().scrape());
            String open = om.toString(StandardCharsets.UTF_8);
            assertTrue(open.contains("# TYPE voipwatch_rtp_mos histogram\n"), open);
            assertTrue(open.contains(p + "\"4.0\"} 3\n"), open);
        } finally {
            r.close();
        }
    }
}

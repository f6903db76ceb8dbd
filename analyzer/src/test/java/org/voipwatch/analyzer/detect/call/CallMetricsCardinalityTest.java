package org.voipwatch.analyzer.detect.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.metrics.CallMetrics;
import org.voipwatch.analyzer.testutil.Captures;

/**
 * Many calls, each with its own Call-ID, must not create time series: the call metrics of a capture with 200
 * calls have exactly the series of one with 2, no Call-ID or address appears, and the values count every call.
 * Calls by construction: even ones answered with 1 s of media both ways (shorter than the 5 s grace, so
 * judged ok), odd ones with 7 s of caller media only (one_way_audio after the grace).
 */
class CallMetricsCardinalityTest {
    @TempDir
    Path tmp;

    @Test
    void callSeriesDoNotGrowWithCalls() throws Exception {
        List<String> small = scrape(2);
        List<String> large = scrape(200);
        assertEquals(names(small), names(large), "same series whatever the number of calls");
        for (String line : large) {
            assertFalse(line.contains("@test") || line.contains("127.0.") || line.contains("32000"), line);
        }
        assertEquals("100", value(large, "voipwatch_calls_total{verdict=\"ok\"}"));
        assertEquals("100", value(large, "voipwatch_calls_total{verdict=\"one_way_audio\"}"));
        assertEquals("0", value(large, "voipwatch_calls_active"));
        // a MOS per direction that carried RTP: 2 per ok call, 1 per one-way call
        assertEquals("200", value(large, "voipwatch_rtp_mos_count{direction=\"caller_to_callee\"}"));
        assertEquals("100", value(large, "voipwatch_rtp_mos_count{direction=\"callee_to_caller\"}"));
        assertEquals("200", value(large, "voipwatch_sip_requests_total{method=\"INVITE\"}"));
        assertEquals("400", value(large, "voipwatch_sip_responses_total{class=\"2xx\"}")); // INVITE and BYE
    }

    /** 10 calls at once in a 4-call table: the first 4 INVITEs are tracked, the other 6 refused and counted. */
    @Test
    void callTableFullIsExportedAsAnEviction() throws Exception {
        List<Captures.Timed> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            frames.addAll(new CallFrames("busy-" + i + "@test").answeredCall(i * 10L, CallFrames.CALLEE_RTP)
                    .bye(5_000 + i * 10L).sorted());
        }
        frames.sort((a, b) -> Long.compare(CallFrames.timeNs(a), CallFrames.timeNs(b)));
        AnalyzerConfig config = new AnalyzerConfig();
        config.maxCalls = 4;
        CaptureRun run = new CaptureRun(new FlowMatrix.Builder("none").build(), config.validate());
        run.run(Captures.write(tmp.resolve("busy.pcap"), frames));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CallMetrics(run.counters).bindTo(registry);
        List<String> lines = registry.scrape().lines().filter(l -> l.startsWith("voipwatch_"))
                .collect(Collectors.toList());
        registry.close();
        assertEquals("6", value(lines, "voipwatch_table_evictions_total{reason=\"full\",table=\"calls\"}"));
        assertEquals("4", value(lines, "voipwatch_calls_total{verdict=\"ok\"}"));
        assertEquals("0", value(lines, "voipwatch_table_evictions_total{reason=\"idle\",table=\"calls\"}"));
    }

    private List<String> scrape(int calls) throws Exception {
        List<Captures.Timed> frames = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long t = i * 10_000L;
            CallFrames c = new CallFrames("call-" + i + "@test").answeredCall(t, CallFrames.CALLEE_RTP);
            if (i % 2 == 0) {
                c.callerMedia(t + 10, t + 1_010).calleeMedia(t + 12, t + 1_010).bye(t + 1_020);
            } else {
                c.callerMedia(t + 10, t + 7_010).bye(t + 7_020);
            }
            frames.addAll(c.sorted());
        }
        CaptureRun run = CaptureRun.of(Captures.write(tmp.resolve("calls-" + calls + ".pcap"), frames));
        assertEquals(calls, run.ofType("call_summary").size());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CallMetrics(run.counters).bindTo(registry);
        List<String> lines = registry.scrape().lines().filter(l -> l.startsWith("voipwatch_"))
                .collect(Collectors.toList());
        registry.close();
        assertTrue(lines.size() < 400, "call metric series: " + lines.size());
        return lines;
    }

    private static List<String> names(List<String> lines) {
        return lines.stream().map(l -> l.substring(0, l.lastIndexOf(' '))).sorted().collect(Collectors.toList());
    }

    private static String value(List<String> lines, String series) {
        Map<String, String> m = new TreeMap<>();
        for (String l : lines) {
            int sp = l.lastIndexOf(' ');
            m.put(l.substring(0, sp), l.substring(sp + 1));
        }
        String v = m.get(series);
        return v == null ? "missing: " + series + " in " + m.keySet() : v.replaceAll("\\.0$", "");
    }
}

package org.voipwatch.analyzer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.sink.JsonLinesSink;
import org.voipwatch.analyzer.testutil.Scenarios;
import org.voipwatch.capture.source.CaptureFiles;

/**
 * Thousands of distinct addresses and ports must not create time series: the /metrics output of a capture with
 * 5,000 extra flows has exactly the voipwatch series of one with 50, and no address appears in it.
 */
class MetricsCardinalityTest {
    @TempDir
    Path tmp;

    @Test
    void seriesDoNotGrowWithFlows() throws Exception {
        List<String> small = scrape(50);
        List<String> large = scrape(5_000);
        assertEquals(names(small), names(large), "same series whatever the number of flows");
        // about 100 pipeline series (5 per matrix rule) and 196 call, SIP, STUN, table and histogram series
        assertTrue(large.size() < 450, "voipwatch series: " + large.size());
        for (String line : large) {
            assertFalse(line.contains("10.2.") || line.contains("10.3.0.1") || line.contains("127.0."), line);
        }
        // the values did move: the extra flows are counted, in bounded series
        // udp flows by construction: SIP OPTIONS, "hello" to 5070, INVITE, "x" to 9999, and the 5,000 extra
        // every series also carries the common labels probe and matrix (defaults of MetricsServer.start(address))
        String common = "matrix=\"none\",probe=\"voipwatch\",";
        assertEquals("5004", value(large, "voipwatch_flows_total{" + common + "transport=\"udp\"}"));
        assertEquals("2", value(large, "voipwatch_flows_total{" + common + "transport=\"tcp\"}"));
        assertEquals("5001", value(large,
                "voipwatch_events_total{" + common + "rule=\"none\",severity=\"info\",type=\"unexpected_flow\"}"));
    }

    /** The voipwatch sample lines of /metrics after analysing the scenario with {@code extraFlows} flows. */
    private List<String> scrape(int extraFlows) throws Exception {
        Path capture = Scenarios.fiveEvents(tmp.resolve("flows-" + extraFlows + ".pcap"), extraFlows);
        FlowMatrix matrix = MatrixLoader.loadNamed(Scenarios.demoMatrix().toString(), List.of());
        try (MetricsServer server = MetricsServer.start("127.0.0.1:0")) {
            List<EventSink> sinks = List.of(new JsonLinesSink(new ByteArrayOutputStream(), "memory", false));
            AnalysisResult r = new AnalysisPipeline(new AnalyzerConfig(), matrix, sinks, true).observer(server)
                    .run(CaptureFiles.open(List.of(capture)));
            assertEquals(5 + extraFlows, r.events);
            HttpResponse<String> res = Http.get("http://127.0.0.1:" + server.port() + "/metrics", null);
            assertEquals(200, res.statusCode());
            return res.body().lines().filter(l -> l.startsWith("voipwatch_")).collect(Collectors.toList());
        }
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
        // the text format writes counters as doubles ("5007.0")
        return v == null ? "missing: " + series + " in " + m.keySet() : v.replaceAll("\\.0$", "");
    }
}

package org.voipwatch.analyzer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.sink.JsonLinesSink;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.capture.source.CaptureFiles;

/**
 * STUN/TURN series of /metrics after the turn-allocation scenario. Expected values from tshark's counts in
 * scenarios/turn-allocation/expected.json ({@code stun_counts}): Allocate Request 2 + 2 + 32, Allocate Error
 * Response 401 1 + 1 + 32, Allocate Success 2, Refresh 4 / 4 success, Channel-Bind 5 / 5, CreatePermission 1 / 1.
 */
class StunMetricsTest {
    @Test
    void turnScenarioCountsByClassMethodAndErrorCode() throws Exception {
        Path dir = Captures.repoRoot().resolve("scenarios/turn-allocation");
        Assumptions.assumeTrue(Files.exists(dir.resolve("capture.pcap")), "turn-allocation scenario missing: skipped");
        FlowMatrix matrix = MatrixLoader.loadNamed(dir.resolve("matrix.yaml").toString(), List.of());
        Map<String, String> m;
        try (MetricsServer server = MetricsServer.start("127.0.0.1:0")) {
            List<EventSink> sinks = List.of(new JsonLinesSink(new ByteArrayOutputStream(), "memory", false));
            new AnalysisPipeline(new AnalyzerConfig(), matrix, sinks, true).observer(server)
                    .run(CaptureFiles.open(List.of(dir.resolve("capture.pcap"))));
            HttpResponse<String> res = Http.get("http://127.0.0.1:" + server.port() + "/metrics", null);
            m = samples(res.body());
        }
        assertEquals("36", m.get("voipwatch_stun_messages_total{class=\"request\",method=\"allocate\"}"));
        assertEquals("34", m.get("voipwatch_stun_messages_total{class=\"error\",method=\"allocate\"}"));
        assertEquals("2", m.get("voipwatch_stun_messages_total{class=\"success\",method=\"allocate\"}"));
        assertEquals("4", m.get("voipwatch_stun_messages_total{class=\"success\",method=\"refresh\"}"));
        assertEquals("5", m.get("voipwatch_stun_messages_total{class=\"request\",method=\"channel_bind\"}"));
        assertEquals("1", m.get("voipwatch_stun_messages_total{class=\"success\",method=\"create_permission\"}"));
        assertEquals("0", m.get("voipwatch_stun_messages_total{class=\"request\",method=\"binding\"}"));
        assertEquals("34", m.get("voipwatch_stun_errors_total{code=\"401\"}"));
        assertEquals("0", m.get("voipwatch_stun_errors_total{code=\"other\"}"));
        assertEquals("34", m.get("voipwatch_stun_responses_total{class=\"error\"}"));
        assertEquals("12", m.get("voipwatch_stun_responses_total{class=\"success\"}")); // 2 + 4 + 5 + 1
        assertEquals("2", m.get("voipwatch_turn_allocations_total{outcome=\"success\"}"));
        // 2 challenges answered by client 1; client 2's first Allocate (no credentials) is one more challenge
        assertEquals("3", m.get("voipwatch_turn_allocations_total{outcome=\"challenge\"}"));
    }

    /** Drops the probe/matrix labels every series carries (MetricsServer's common tags). */
    static String withoutCommonLabels(String series) {
        return series.replaceAll("(matrix|probe)=\"[^\"]*\",?", "").replace(",}", "}");
    }

    private static Map<String, String> samples(String body) {
        Map<String, String> m = new TreeMap<>();
        body.lines().filter(l -> l.startsWith("voipwatch_")).forEach(l -> {
            int sp = l.lastIndexOf(' ');
            m.put(withoutCommonLabels(l.substring(0, sp)), l.substring(sp + 1).replaceAll("\\.0$", ""));
        });
        return m;
    }
}

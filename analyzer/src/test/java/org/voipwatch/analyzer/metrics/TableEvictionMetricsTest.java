package org.voipwatch.analyzer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.FragmentReassembler;
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.sink.JsonLinesSink;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.analyzer.testutil.Scenarios;
import org.voipwatch.capture.source.CaptureFiles;

/**
 * An IPv4 first fragment (MF set, offset 0) whose rest never comes expires after the reassembly timeout (30 s of
 * packet time, {@link FragmentReassembler#DEFAULT_TIMEOUT_NS}); the pipeline must export it as one
 * {@code voipwatch_table_evictions_total{table="fragments",reason="timeout"}}.
 */
class TableEvictionMetricsTest {
    @TempDir
    Path tmp;

    @Test
    void expiredFragmentIsCountedAsATimeoutEviction() throws Exception {
        byte[] first = Frames.udp("10.9.0.1", 4000, "10.9.0.2", 4001, new byte[64]);
        first[14 + 6] = 0x20; // IPv4 flags: More Fragments, fragment offset 0
        long t0 = Scenarios.T0;
        long after = t0 + FragmentReassembler.DEFAULT_TIMEOUT_NS + 1_000_000_000L;
        Path pcap = Captures.write(tmp.resolve("fragment.pcap"), List.of(new Captures.Timed(t0, first),
                new Captures.Timed(after, Frames.udp("10.9.0.3", 4000, "10.9.0.4", 4001, "x")),
                new Captures.Timed(after + 1_000_000_000L, Frames.udp("10.9.0.3", 4000, "10.9.0.4", 4001, "y"))));
        FlowMatrix matrix = MatrixLoader.loadNamed(Scenarios.demoMatrix().toString(), List.of());
        String body;
        try (MetricsServer server = MetricsServer.start("127.0.0.1:0")) {
            List<EventSink> sinks = List.of(new JsonLinesSink(new ByteArrayOutputStream(), "memory", false));
            new AnalysisPipeline(new AnalyzerConfig(), matrix, sinks, true).observer(server)
                    .run(CaptureFiles.open(List.of(pcap)));
            HttpResponse<String> res = Http.get("http://127.0.0.1:" + server.port() + "/metrics", null);
            body = res.body();
        }
        assertEquals("1", sample(body, "voipwatch_table_evictions_total{reason=\"timeout\",table=\"fragments\"}"));
        assertEquals("0", sample(body, "voipwatch_table_evictions_total{reason=\"full\",table=\"fragments\"}"));
    }

    private static String sample(String body, String series) {
        return body.lines().map(l -> StunMetricsTest.withoutCommonLabels(l.substring(0, l.lastIndexOf(' ') + 1))
                + l.substring(l.lastIndexOf(' ') + 1))
                .filter(l -> l.startsWith(series + " ")).map(l -> l.substring(series.length() + 1))
                .map(v -> v.replaceAll("\\.0$", "")).findFirst().orElse("missing: " + series);
    }
}

package org.voipwatch.analyzer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.KafkaBroker;

/**
 * A real Prometheus scrapes {@code voipwatch analyze} over the healthy-call and one-way-audio scenarios (one run,
 * both captures). Expected values come from the scenarios' READMEs (tshark facts): two answered calls, one with
 * media both ways (2 streams, 0 lost) and one with only the caller's stream; 2 INVITE, 2 ACK, 2 BYE, 100 and 180
 * twice each, 200 four times. The G.711 MOS of a loss-free call is about 4.41 (G.107: R = 93.2), so the three
 * recorded MOS values fall in the (4.4, 5] bucket and histogram_quantile(0.5) interpolates to 4.4 + 0.6 * 1.5 / 3.
 */
class CallMetricsPrometheusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void prometheusStoresCallVerdictsAndMediaHistograms() throws Exception {
        String prometheus = onPath("prometheus");
        Assumptions.assumeTrue(prometheus != null, "prometheus is not installed (apt-get install prometheus): skipped");
        Path scenarios = Captures.repoRoot().resolve("scenarios");
        Path healthy = scenarios.resolve("healthy-call/capture.pcap");
        Path oneWay = scenarios.resolve("one-way-audio/capture.pcap");
        Assumptions.assumeTrue(Files.exists(healthy) && Files.exists(oneWay), "scenario captures missing: skipped");
        int metricsPort = KafkaBroker.freePort();
        int promPort = KafkaBroker.freePort();
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n", "global:", "  scrape_interval: 1s", "scrape_configs:",
                "  - job_name: voipwatch", "    static_configs:",
                "      - targets: ['127.0.0.1:" + metricsPort + "']", ""));
        Process prom = new ProcessBuilder(prometheus, "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
        AtomicInteger exit = new AtomicInteger(-1);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the scenario calls last 4 s, shorter than the default 5 s media grace (see ScenarioTest)
        Thread analyze = new Thread(() -> exit.set(Main.run(List.of("analyze", healthy.toString(), oneWay.toString(),
                "--matrix", Captures.repoRoot().resolve("examples/demo-matrix.yaml").toString(), "--grace", "2",
                "--metrics", "127.0.0.1:" + metricsPort, "--linger", "20s", "--quiet"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))), "analyze");
        analyze.start();
        try {
            String base = "http://127.0.0.1:" + promPort;
            Map<String, Double> calls;
            try {
                calls = waitFor(base, "voipwatch_calls_total", "verdict", 2);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nprometheus alive: " + prom.isAlive() + "\n" + promLog(),
                        e);
            }
            assertEquals(Map.of("ok", 1.0, "one_way_audio", 1.0), nonZero(calls), err.toString(StandardCharsets.UTF_8));
            assertEquals(Map.of("", 0.0), query(base, "voipwatch_calls_active"));
            assertEquals(Map.of("caller_to_callee", 2.0, "callee_to_caller", 1.0),
                    query(base, "voipwatch_rtp_mos_count", "direction"));
            assertEquals(Map.of("", 3.0), query(base, "sum(voipwatch_rtp_mos_bucket{le=\"+Inf\"})"));
            assertEquals(Map.of("", 0.0), query(base, "sum(voipwatch_rtp_mos_bucket{le=\"4.4\"})"));
            assertEquals(Map.of("", 4.7), round(query(base,
                    "histogram_quantile(0.5, sum by (le) (voipwatch_rtp_mos_bucket))")));
            assertEquals(Map.of("", 3.0), query(base, "sum(voipwatch_rtp_loss_ratio_bucket{le=\"0.001\"})"));
            assertEquals(Map.of("", 3.0), query(base, "sum(voipwatch_rtp_jitter_seconds_count)"));
            assertEquals(Map.of("ACK", 2.0, "BYE", 2.0, "INVITE", 2.0),
                    nonZero(query(base, "voipwatch_sip_requests_total", "method")));
            assertEquals(Map.of("1xx", 4.0, "2xx", 4.0),
                    nonZero(query(base, "voipwatch_sip_responses_total", "class")));
            assertEquals(16, query(base, "voipwatch_table_evictions_total", "table", "reason").size());

            HttpResponse<String> text = Http.get("http://127.0.0.1:" + metricsPort + "/metrics", null);
            assertTrue(text.body().contains("voipwatch_rtp_mos_bucket{direction=\"caller_to_callee\",matrix=\"demo\",probe=\"voipwatch\",le=\"4.0\"} 0"),
                    text.body());
            assertTrue(text.body().contains("voipwatch_rtp_mos_bucket{direction=\"caller_to_callee\",matrix=\"demo\",probe=\"voipwatch\",le=\"5.0\"} 2"),
                    text.body());
            assertTrue(text.body().contains("# TYPE voipwatch_rtp_mos histogram"), text.body());
        } finally {
            analyze.join(TimeUnit.SECONDS.toMillis(40));
            prom.destroy();
            if (!prom.waitFor(10, TimeUnit.SECONDS)) {
                prom.destroyForcibly();
            }
        }
        assertEquals(Main.EXIT_CRITICAL, exit.get(), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, Double> round(Map<String, Double> m) {
        Map<String, Double> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, Math.round(v * 1000) / 1000.0));
        return out;
    }

    /**
     * Polls until the series of {@code q} sum to {@code total} (at most 30 s); a refused connection (Prometheus
     * still binding its port on a loaded machine) is retried.
     */
    private static Map<String, Double> waitFor(String base, String q, String label, double total) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, Double> last = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                last = query(base, q, label);
            } catch (ConnectException e) {
                Thread.sleep(500);
                continue;
            }
            if (last.values().stream().mapToDouble(Double::doubleValue).sum() == total) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(q + " never summed to " + total + "; last: " + last);
    }

    private String promLog() {
        try {
            return Files.readString(tmp.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no prometheus.log: " + e + ")";
        }
    }

    private static Map<String, Double> query(String base, String q, String... labels) throws Exception {
        HttpResponse<String> r = Http.get(base + "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8),
                null);
        assertEquals(200, r.statusCode(), q + ": " + r.body());
        Map<String, Double> out = new TreeMap<>();
        for (JsonNode s : JSON.readTree(r.body()).path("data").path("result")) {
            StringBuilder k = new StringBuilder();
            for (String l : labels) {
                k.append(k.length() > 0 ? "/" : "").append(s.path("metric").path(l).asText());
            }
            out.put(k.toString(), Double.parseDouble(s.path("value").get(1).asText()));
        }
        return out;
    }

    private static Map<String, Double> nonZero(Map<String, Double> m) {
        Map<String, Double> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, exe);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}

package org.voipwatch.analyzer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
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
import org.voipwatch.analyzer.testutil.KafkaBroker;
import org.voipwatch.analyzer.testutil.Scenarios;

/**
 * A real Prometheus server scrapes {@code voipwatch analyze --metrics ... --linger} on the five-event scenario;
 * the values it stores must be the counts known by construction of the capture (see {@link Scenarios}).
 */
class MetricsPrometheusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void prometheusScrapesTheCountsOfTheKnownCapture() throws Exception {
        String prometheus = onPath("prometheus");
        Assumptions.assumeTrue(prometheus != null, "prometheus is not installed (apt-get install prometheus): skipped");
        int metricsPort = KafkaBroker.freePort();
        int promPort = KafkaBroker.freePort();
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: voipwatch",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + metricsPort + "']",
                ""));
        Process prom = new ProcessBuilder(prometheus, "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
        Path capture = Scenarios.fiveEvents(tmp.resolve("scenario.pcap"), 0);
        AtomicInteger exit = new AtomicInteger(-1);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread analyze = new Thread(() -> exit.set(Main.run(List.of("analyze", capture.toString(), "--matrix",
                Scenarios.demoMatrix().toString(), "--metrics", "127.0.0.1:" + metricsPort, "--linger", "15s",
                "--quiet"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))), "analyze");
        analyze.start();
        try {
            String base = "http://127.0.0.1:" + promPort;
            // the run takes well under a second; Prometheus stores its first sample about 5.5 s after start
            Map<String, Double> packets = waitForSeries(base, "voipwatch_packets_total", "class", 14);
            assertEquals(Map.of("sip", 4.0, "other_udp", 4.0, "other_tcp", 5.0, "icmp", 1.0), nonZero(packets));
            assertEquals(Map.of("voipwatch", 1.0), query(base, "up", "job"));
            Map<String, Double> events = query(base, "voipwatch_events_total", "type", "severity", "rule");
            assertEquals(Map.of("unexpected_flow/warning/none", 1.0, "unexpected_flow/info/none", 1.0,
                    "blocked_flow/critical/sbc-sips-pbx", 2.0, "blocked_flow/critical/trunk-sip-in", 1.0), events);
            assertEquals(2.0, query(base, "voipwatch_rule_flows_blocked_total", "rule").get("sbc-sips-pbx"));
            assertEquals(1.0, query(base, "voipwatch_rule_flows_answered_total", "rule").get("sbc-sip-pbx"));
            assertEquals(3.0, query(base, "voipwatch_rule_packets_total", "rule").get("sbc-sip-pbx"));
            assertEquals(Map.of("tcp", 2.0, "udp", 4.0), nonZero(query(base, "voipwatch_flows_total", "transport")));
            assertTrue(query(base, "jvm_memory_used_bytes", "area").containsKey("heap"), "JVM binders registered");

            // content negotiation and health, on the lingering endpoint
            String metricsUrl = "http://127.0.0.1:" + metricsPort;
            HttpResponse<String> om = Http.get(metricsUrl + "/metrics",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                    om.headers().toString());
            assertTrue(om.body().trim().endsWith("# EOF"), "OpenMetrics ends with # EOF");
            HttpResponse<String> text = Http.get(metricsUrl + "/metrics", null);
            assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                    text.headers().toString());
            // probe and matrix: the common labels (--probe default, the matrix's name)
            String sip = "voipwatch_packets_total{class=\"sip\",matrix=\"demo\",probe=\"voipwatch\"} 4";
            assertTrue(text.body().contains(sip), text.body());
            HttpResponse<String> health = Http.get(metricsUrl + "/health", null);
            assertEquals(200, health.statusCode());
            assertEquals("ok", health.body().trim());
        } finally {
            analyze.join(TimeUnit.SECONDS.toMillis(40));
            prom.destroy();
            if (!prom.waitFor(10, TimeUnit.SECONDS)) {
                prom.destroyForcibly();
            }
        }
        assertEquals(Main.EXIT_CRITICAL, exit.get(), err.toString(StandardCharsets.UTF_8));
    }

    /** Polls an instant query until the sum of its series reaches {@code total} (at most 30 s). */
    private static Map<String, Double> waitForSeries(String base, String q, String label, double total)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, Double> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = query(base, q, label);
            if (last.values().stream().mapToDouble(Double::doubleValue).sum() == total) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(q + " never summed to " + total + "; last: " + last);
    }

    /** Runs an instant query; returns value by the given labels joined with "/". */
    private static Map<String, Double> query(String base, String q, String... labels) throws Exception {
        HttpResponse<String> r = Http.get(base + "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8),
                null);
        Map<String, Double> out = new TreeMap<>();
        if (r.statusCode() != 200) {
            return out;
        }
        JsonNode root = JSON.readTree(r.body());
        for (JsonNode s : root.path("data").path("result")) {
            StringBuilder k = new StringBuilder();
            for (String l : labels) {
                if (k.length() > 0) {
                    k.append('/');
                }
                k.append(s.path("metric").path(l).asText());
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

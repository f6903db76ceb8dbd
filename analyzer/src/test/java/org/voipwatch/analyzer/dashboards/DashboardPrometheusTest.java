package org.voipwatch.analyzer.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.KafkaBroker;
import org.voipwatch.analyzer.testutil.Scenarios;

/**
 * The dashboards and alert rules against real components: {@code voipwatch analyze --metrics --linger} on every
 * scenario capture (one probe per scenario: {@code --probe <scenario>}; demo-site also publishes to a Kafka
 * address where nothing listens), a real Prometheus scraping them with dashboards/prometheus/alerts.yml loaded.
 * Then every query of every panel, with the template variables resolved from Prometheus as Grafana would and its
 * macros substituted, must be accepted and, unless it reads a planned metric, return data; and the alerts of the
 * fault scenarios must be pending or firing, none for healthy-call.
 */
class DashboardPrometheusTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Grafana's macros, with values that fit a 1 s scrape interval and a few seconds of data. */
    private static final Map<String, String> MACROS = Map.of("__rate_interval", "1m", "__interval", "1s",
            "__interval_ms", "1000", "__range", "5m", "__range_s", "300", "__range_ms", "300000");
    /**
     * Series this test's runs may not have: jvm_gc_pause_seconds is registered by Micrometer at the first garbage
     * collection; voipwatch_capture_packets_total only by {@code voipwatch monitor} (live capture; its presence is
     * checked by MonitorCommandTest), and the scenarios here are analysed offline.
     */
    private static final Set<String> APPEAR_LATER = Set.of("jvm_gc_pause_seconds", "voipwatch_capture_packets_total");

    @TempDir
    Path tmp;

    @Test
    void everyPanelQueryReturnsDataAndFaultScenariosRaiseTheirAlerts() throws Exception {
        String prometheus = Tools.require("prometheus", "prometheus");
        List<Path> scenarios;
        try (Stream<Path> s = Files.list(Captures.repoRoot().resolve("scenarios"))) {
            scenarios = s.filter(d -> Files.exists(d.resolve("capture.pcap"))).sorted().toList();
        }
        assertTrue(scenarios.size() >= 6, scenarios.toString());
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<Thread> runs = new ArrayList<>();
        Map<String, Integer> exits = new TreeMap<>();
        Process prom = null;
        try {
            // analyses one after the other (each until its summary is written), all lingering together
            for (Path dir : scenarios) {
                String probe = dir.getFileName().toString();
                int port = KafkaBroker.freePort();
                ports.put(probe, port);
                runs.add(analyze(dir, probe, port, exits));
            }
            Path config = tmp.resolve("prometheus.yml");
            StringBuilder targets = new StringBuilder();
            ports.values().forEach(p -> targets.append(targets.length() == 0 ? "" : ", ").append("'127.0.0.1:")
                    .append(p).append('\''));
            Files.writeString(config, String.join("\n",
                    "global:", "  scrape_interval: 1s", "  evaluation_interval: 1s",
                    "rule_files: ['" + Tools.DASHBOARDS.resolve("prometheus/alerts.yml") + "']",
                    "scrape_configs:", "  - job_name: voipwatch", "    static_configs:",
                    "      - targets: [" + targets + "]", ""));
            int promPort = KafkaBroker.freePort();
            prom = new ProcessBuilder(prometheus, "--config.file=" + config,
                    "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + promPort).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
            String base = "http://127.0.0.1:" + promPort;
            // rate() needs two samples per series: wait for three scrapes of every target
            waitFor(base, "count(count_over_time(up{job=\"voipwatch\"}[1m]) >= 3)", ports.size());

            Map<String, String> vars = variables(base, ports.keySet());
            checkQueries(base, vars);
            checkAlerts(base, ports.keySet());
        } finally {
            runs.forEach(Thread::interrupt);
            for (Thread t : runs) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            if (prom != null) {
                prom.destroy();
                if (!prom.waitFor(10, TimeUnit.SECONDS)) {
                    prom.destroyForcibly();
                }
            }
        }
        assertEquals(Main.EXIT_CRITICAL, exits.get("tcp-blocked"), "tcp-blocked has critical events");
        assertEquals(Main.EXIT_OK, exits.get("healthy-call"));
    }

    /** Starts one analysis in this JVM and waits until its summary is written (it then lingers). */
    private Thread analyze(Path dir, String probe, int port, Map<String, Integer> exits) throws Exception {
        Path summary = tmp.resolve(probe + ".summary");
        // as ScenarioTest runs them: the scenario's own matrix when it has one, a 2 s grace for the short calls
        Path matrix = Files.exists(dir.resolve("matrix.yaml")) ? dir.resolve("matrix.yaml") : Scenarios.demoMatrix();
        List<String> args = new ArrayList<>(List.of("analyze", dir.resolve("capture.pcap").toString(), "--matrix",
                matrix.toString(), "--grace", "2", "--probe", probe, "--metrics", "127.0.0.1:" + port,
                "--linger", "120s", "--quiet", "--summary", summary.toString(),
                // six flow tables live at once in the test JVM (-Xmx1g); the captures have a few dozen flows
                "--max-flows", "4096"));
        if (probe.equals("demo-site")) {
            // nothing listens there: every event is dropped, which VoipwatchKafkaFailing must see
            args.addAll(List.of("--kafka", "127.0.0.1:" + KafkaBroker.freePort(), "--kafka-close-timeout", "1s"));
        }
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            int exit = Main.run(args, quiet, quiet);
            synchronized (exits) {
                exits.put(probe, exit);
            }
        }, "analyze-" + probe);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(summary) && Files.size(summary) > 0) && t.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(t.isAlive() && Files.exists(summary), probe + ": analysis did not reach its linger");
        return t;
    }

    /**
     * Values of the dashboards' variables as Grafana computes them: label_values() of the variable's query; a
     * multi-value selection of every value is sent as a regex alternation.
     */
    private static Map<String, String> variables(String base, Set<String> probes) throws Exception {
        Set<String> probeValues = labelValues(base, "probe", "voipwatch_packets_total");
        assertEquals(new TreeSet<>(probes), probeValues, "probe label = --probe of each run");
        String probe = "(" + String.join("|", probeValues) + ")";
        Set<String> matrixValues = labelValues(base, "matrix", "voipwatch_packets_total{probe=~\"" + probe + "\"}");
        // the name: line of examples/demo-matrix.yaml and of the scenarios' own matrix.yaml files
        assertEquals(Set.of("demo", "demo-turn", "dns-named-roles"), matrixValues, "matrix label = the matrix's name");
        Map<String, String> vars = new HashMap<>(MACROS);
        vars.put("probe", probe);
        vars.put("matrix", "(" + String.join("|", matrixValues) + ")");
        vars.put("datasource", "prometheus");
        return vars;
    }

    private static void checkQueries(String base, Map<String, String> vars) throws Exception {
        Set<String> planned = planned();
        List<Dashboards.Query> queries = Dashboards.queries();
        assertTrue(queries.size() >= 40, "queries: " + queries.size());
        List<String> failures = new ArrayList<>();
        int withData = 0;
        for (Dashboards.Query q : queries) {
            String expr = Dashboards.resolve(q.expr(), vars);
            JsonNode instant = api(base, "/api/v1/query?query=" + enc(expr));
            long now = System.currentTimeMillis() / 1000;
            JsonNode range = api(base, "/api/v1/query_range?query=" + enc(expr) + "&start=" + (now - 30) + "&end="
                    + now + "&step=1");
            if (!"success".equals(instant.path("status").asText())
                    || !"success".equals(range.path("status").asText())) {
                failures.add(q + " -> " + instant.path("error").asText() + range.path("error").asText());
                continue;
            }
            // one selected probe, as a user would pick it, must be accepted too
            String one = Dashboards.resolve(q.expr(), withProbe(vars, "demo-site"));
            if (!"success".equals(api(base, "/api/v1/query?query=" + enc(one)).path("status").asText())) {
                failures.add(q + " with probe=demo-site not accepted");
            }
            boolean empty = instant.path("data").path("result").isEmpty()
                    || range.path("data").path("result").isEmpty();
            String reason = plannedName(q.expr(), planned);
            if (empty && reason == null) {
                failures.add(q + " -> no data");
            } else if (!empty) {
                withData++;
            }
        }
        System.out.println("DashboardPrometheusTest: " + queries.size() + " panel queries accepted, " + withData
                + " with data");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(withData >= queries.size() * 3 / 4, withData + " of " + queries.size() + " queries with data");
    }

    private static Map<String, String> withProbe(Map<String, String> vars, String probe) {
        Map<String, String> v = new HashMap<>(vars);
        v.put("probe", probe);
        return v;
    }

    /**
     * The alerts of each probe, from the events each scenario was made to show (scenarios/README.md and the
     * scenarios' expected-events.jsonl): all must be pending or firing, no other; healthy-call has none.
     */
    private static void checkAlerts(String base, Set<String> probes) throws Exception {
        Map<String, Set<String>> required = Map.of(
                "demo-site", Set.of("VoipwatchUnexpectedFlows/", "VoipwatchOneWayAudio/sbc-pbx-rtp",
                        "VoipwatchKafkaFailing/"), // nothing listens at its --kafka address
                "dns-named-roles", Set.of("VoipwatchUnexpectedFlows/"),
                "one-way-audio", Set.of("VoipwatchOneWayAudio/sbc-pbx-rtp"),
                "sip-blocked", Set.of("VoipwatchDocumentedFlowBlocked/sbc-sip-pbx"),
                "stun-blocked", Set.of("VoipwatchDocumentedFlowBlocked/stun-turn"),
                "tcp-blocked", Set.of("VoipwatchDocumentedFlowBlocked/sbc-sip-pbx",
                        "VoipwatchDocumentedFlowBlocked/sbc-sips-pbx"),
                "turn-allocation", Set.of("VoipwatchTurnAllocationFailures/"),
                "no-audio", Set.of("VoipwatchNoAudio/sbc-pbx-rtp"),
                "sdp-port-outside-range", Set.of("VoipwatchWrongPortMedia/none", "VoipwatchUnexpectedFlows/"),
                "rtp-wrong-port", Set.of("VoipwatchWrongPortMedia/sbc-pbx-rtp"));
        Map<String, Set<String>> allowedLater = Map.of();
        Map<String, Set<String>> got = Map.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            got = alerts(base);
            boolean all = true;
            for (Map.Entry<String, Set<String>> e : required.entrySet()) {
                all &= got.getOrDefault(e.getKey(), Set.of()).containsAll(e.getValue());
            }
            if (all) {
                break;
            }
            Thread.sleep(500);
        }
        System.out.println("DashboardPrometheusTest: alerts pending or firing by probe: " + got);
        for (Map.Entry<String, Set<String>> e : required.entrySet()) {
            assertTrue(got.getOrDefault(e.getKey(), Set.of()).containsAll(e.getValue()),
                    e.getKey() + ": expected " + e.getValue() + ", got " + got);
        }
        for (Map.Entry<String, Set<String>> e : got.entrySet()) {
            for (String alert : e.getValue()) {
                String name = alert.substring(0, alert.indexOf('/'));
                boolean ok = required.getOrDefault(e.getKey(), Set.of()).contains(alert)
                        || allowedLater.getOrDefault(e.getKey(), Set.of()).contains(name);
                assertTrue(ok, "unexpected alert " + alert + " for probe '" + e.getKey() + "': " + got);
            }
        }
        assertTrue(probes.contains("healthy-call"));
        assertTrue(!got.containsKey("healthy-call"), "healthy-call raises no alert: " + got);
        assertTrue(!got.containsKey("hold-resume"), "hold-resume raises no alert: " + got);
    }

    /** Pending or firing alerts by probe label ("" when none): "alertname/rule". */
    private static Map<String, Set<String>> alerts(String base) throws Exception {
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode a : api(base, "/api/v1/alerts").path("data").path("alerts")) {
            String state = a.path("state").asText();
            if (state.equals("pending") || state.equals("firing")) {
                JsonNode l = a.path("labels");
                out.computeIfAbsent(l.path("probe").asText(), k -> new TreeSet<>())
                        .add(l.path("alertname").asText() + "/" + l.path("rule").asText());
            }
        }
        return out;
    }

    /**
     * Names a query may read before they exist: the planned metrics of docs/metrics.md, the planned event types of
     * docs/events.md (the lists shrink as features land, and the check tightens with them), and {@link #APPEAR_LATER}.
     */
    private static Set<String> planned() throws Exception {
        Set<String> out = new TreeSet<>(APPEAR_LATER);
        String metrics = Files.readString(Captures.repoRoot().resolve("docs/metrics.md"));
        int at = metrics.indexOf("### Planned");
        if (at >= 0) { // no section once every metric a dashboard reads exists
            Matcher m = Pattern.compile("(?m)^\\| `(voipwatch_\\w+)`").matcher(metrics.substring(at,
                    metrics.indexOf("\n## ", at) < 0 ? metrics.length() : metrics.indexOf("\n## ", at)));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        String events = Files.readString(Captures.repoRoot().resolve("docs/events.md"));
        int p = events.indexOf("## Planned types");
        if (p >= 0) {
            String section = events.substring(p, events.indexOf("\n## ", p + 1) < 0 ? events.length()
                    : events.indexOf("\n## ", p + 1));
            Matcher t = Pattern.compile("`([a-z_]+)`").matcher(section);
            while (t.find()) {
                out.add(t.group(1));
            }
        }
        return out;
    }

    /** The planned name the expression reads (a metric, or an event type in a type matcher), else null. */
    private static String plannedName(String expr, Set<String> planned) {
        for (String name : planned) {
            if (name.startsWith("voipwatch_") || name.startsWith("jvm_")) {
                if (expr.contains(name)) {
                    return name;
                }
            } else if (Pattern.compile("type=~?\"[^\"]*\\b" + name + "\\b").matcher(expr).find()) {
                return name;
            }
        }
        return null;
    }

    private static Set<String> labelValues(String base, String label, String match) throws Exception {
        Set<String> out = new TreeSet<>();
        JsonNode r = api(base, "/api/v1/label/" + label + "/values?match[]=" + enc(match));
        assertEquals("success", r.path("status").asText(), r.toString());
        r.path("data").forEach(v -> out.add(v.asText()));
        return out;
    }

    private static void waitFor(String base, String query, double value) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = api(base, "/api/v1/query?query=" + enc(query));
                JsonNode res = last.path("data").path("result");
                if (res.size() == 1 && Double.parseDouble(res.get(0).path("value").get(1).asText()) >= value) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // Prometheus still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError(query + " never reached " + value + "; last: " + last);
    }

    private static JsonNode api(String base, String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return Dashboards.JSON.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

package org.voipwatch.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.EventSchema;
import org.voipwatch.analyzer.testutil.KafkaBroker;
import org.voipwatch.analyzer.testutil.Scenarios;
import org.voipwatch.capture.source.LiveCaptureConfig;
import org.voipwatch.capture.source.LivePacketSource;

/**
 * Issue 7's proof: a real {@code voipwatch monitor} process on {@code lo} (BPF on 127.0.61.0/24, roles of
 * examples/demo-matrix.yaml bound there) while real programs make traffic: two sipp calls (the pbx at .1 echoes RTP:
 * two-way; the pbx at .2 does not: one-way), a TCP connection refused by RST on the documented SIPS port, and a
 * STUN Binding (coturn's {@code turnutils_stunclient} against {@code turnserver}). Events go to a real Kafka broker
 * and metrics to a real Prometheus; both are checked while the monitor keeps running, then SIGTERM must drain
 * (summary printed, Kafka flushed: every event of the --events file is in Kafka) and exit 1 (critical events).
 * The expected events follow from the traffic as scenarios/demo-site/README.md explains for the same programs.
 * Skips with the reason when not root, or sipp or prometheus is missing; STUN is skipped if coturn is absent.
 */
class MonitorLiveProofTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PBX_A = "127.0.61.1";
    private static final String PBX_B = "127.0.61.2";
    private static final String SBC_A = "127.0.61.21";
    private static final String SBC_B = "127.0.61.22";
    private static final String TURN = "127.0.61.41";
    private static final String EVENTS_TOPIC = "voipwatch.events";
    private static final String CALLS_TOPIC = "voipwatch.calls";

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @Test
    @Timeout(120)
    void monitorPublishesToKafkaAndPrometheusWhileRunningAndDrainsOnSigterm() throws Exception {
        assumeEverything();
        String prometheus = onPath("prometheus");
        boolean stun = onPath("turnserver") != null && onPath("turnutils_stunclient") != null;
        Path repo = Captures.repoRoot();
        Path sipp = repo.resolve("scenarios/sipp");
        Files.copy(sipp.resolve("uac.xml"), tmp.resolve("uac.xml"));
        Files.copy(sipp.resolve("uas.xml"), tmp.resolve("uas.xml"));
        Files.copy(Path.of("/usr/share/sip-tester/g711a.pcap"), tmp.resolve("media.pcap"));

        try (KafkaBroker broker = new KafkaBroker(tmp.resolve("kafka"))) {
            broker.start();
            broker.createTopic(EVENTS_TOPIC, 1);
            broker.createTopic(CALLS_TOPIC, 1);
            int metricsPort = KafkaBroker.freePort();
            int promPort = KafkaBroker.freePort();
            startPrometheus(prometheus, metricsPort, promPort);

            Path events = tmp.resolve("events.jsonl");
            Path stdout = tmp.resolve("monitor.out");
            Path stderr = tmp.resolve("monitor.err");
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process monitor = start(new ProcessBuilder(javaBin, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "monitor", "-i", "lo",
                    "--bpf", "net 127.0.61.0/24", "--matrix", Scenarios.demoMatrix().toString(),
                    "--bind", "pbx=127.0.61.0/28", "--bind", "sbc=127.0.61.16/28", "--bind", "turn=127.0.61.32/28",
                    "--grace", "2", "--events", events.toString(), "--kafka", broker.bootstrap(),
                    "--metrics", "127.0.0.1:" + metricsPort, "--probe", "proof")
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()));
            awaitText(stderr, "voipwatch: monitoring", monitor);

            // the callee of call A echoes RTP (two-way), the callee of call B sends none (one-way)
            Process uasA = sipp("uas-a", "-sf", "uas.xml", "-i", PBX_A, "-p", "5060", "-mp", "30000", "-rtp_echo");
            Process uasB = sipp("uas-b", "-sf", "uas.xml", "-i", PBX_B, "-p", "5060", "-mp", "30010");
            Thread.sleep(500);
            Process uacA = sipp("uac-a", "-sf", "uac.xml", "-i", SBC_A, "-p", "5060", "-mp", "32000", "-s", "pbx",
                    PBX_A + ":5060", "-d", "7000");
            Process uacB = sipp("uac-b", "-sf", "uac.xml", "-i", SBC_B, "-p", "5060", "-mp", "32010", "-s", "pbx",
                    PBX_B + ":5060", "-d", "7000");
            // blocked: the documented SIPS port of the pbx, where nothing listens (RST)
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(SBC_A, 0));
                s.connect(new InetSocketAddress(PBX_A, 5061), 1000);
            } catch (IOException expected) {
                // connection refused
            }
            if (stun) {
                stunBinding();
            }
            for (Process p : List.of(uacA, uacB, uasA, uasB)) {
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "sipp did not finish");
                assertEquals(0, p.exitValue(), "sipp failed: " + Files.readString(tmp.resolve(name(p))));
            }

            // Kafka, while the monitor runs
            List<String> inKafka = awaitRecords(broker.bootstrap(), recs -> count(recs, "call_summary") == 2
                    && count(recs, "one_way_audio") == 1 && has(recs, "\"reason\":\"tcp_rst\""));
            assertTrue(monitor.isAlive(), "the monitor must still run: " + Files.readString(stderr));
            String oneWay = only(inKafka, "one_way_audio");
            // the heard stream: caller B's RTP to the pbx that never answered with media
            assertTrue(oneWay.contains("\"src\":\"" + SBC_B + "\",\"sport\":32010,\"dst\":\"" + PBX_B
                    + "\",\"dport\":30010"), oneWay);
            assertTrue(oneWay.contains("\"severity\":\"critical\"") && oneWay.contains("\"probe\":\"proof\""), oneWay);
            String rst = inKafka.stream().filter(l -> l.contains("\"reason\":\"tcp_rst\"")).findFirst().orElseThrow();
            assertTrue(rst.contains("\"src\":\"" + SBC_A + "\"") && rst.contains("\"dst\":\"" + PBX_A
                    + "\",\"dport\":5061") && rst.contains("\"rule\":\"sbc-sips-pbx\""), rst);
            assertEquals(0, count(inKafka, "capture_loss"), inKafka.toString());
            assertTrue(inKafka.stream().noneMatch(l -> l.contains("captureLoss")), inKafka.toString());
            if (stun) {
                assertTrue(inKafka.stream().noneMatch(l -> l.contains("\"dport\":3478")
                        && l.contains("blocked_flow")), "answered STUN is not blocked: " + inKafka);
            }

            // Prometheus, while the monitor runs
            String base = "http://127.0.0.1:" + promPort;
            awaitQuery(base, "sum(voipwatch_events_total{type=\"call_summary\"})", v -> v == 2.0);
            awaitQuery(base, "sum(voipwatch_events_total{type=\"one_way_audio\",severity=\"critical\"})",
                    v -> v == 1.0);
            awaitQuery(base, "voipwatch_events_total{type=\"blocked_flow\",rule=\"sbc-sips-pbx\"}", v -> v == 1.0);
            // three streams (A both ways, B one way) of the 30 ms packets of g711a.pcap, cut by the BYE at 7.0 s:
            // about 233 each
            awaitQuery(base, "sum(voipwatch_packets_total{class=\"rtp\"})", v -> v >= 3 * 220 && v <= 3 * 236);
            awaitQuery(base, "voipwatch_capture_packets_total{interface=\"lo\",outcome=\"published\"}", v -> v > 700);
            awaitQuery(base, "voipwatch_capture_packets_total{interface=\"lo\",outcome=\"ring_full\"}", v -> v == 0);
            awaitQuery(base, "voipwatch_kafka_events_total{outcome=\"sent\"}", v -> v >= 4);
            if (stun) {
                awaitQuery(base, "sum(voipwatch_packets_total{class=\"stun\"})", v -> v >= 2);
            }
            assertTrue(monitor.isAlive(), "the monitor must still run: " + Files.readString(stderr));

            // SIGTERM: drain, summary, Kafka flushed, the run's exit code
            new ProcessBuilder("kill", "-TERM", Long.toString(monitor.pid())).start().waitFor(5, TimeUnit.SECONDS);
            assertTrue(monitor.waitFor(20, TimeUnit.SECONDS), "monitor did not exit after SIGTERM");
            String err = Files.readString(stderr);
            String out = Files.readString(stdout);
            assertEquals(Main.EXIT_CRITICAL, monitor.exitValue(), err);
            assertTrue(err.contains("voipwatch: stopping"), err);
            assertTrue(out.startsWith("voipwatch monitor: lo") && out.contains("CAPTURE"), out);
            List<String> written = Files.readAllLines(events);
            assertTrue(err.contains("voipwatch: kafka: " + written.size() + " sent, 0 failed, 0 dropped"), err);
            List<String> finalKafka = awaitRecords(broker.bootstrap(), recs -> recs.size() >= written.size());
            assertEquals(sorted(written), sorted(finalKafka));
            EventSchema schema = new EventSchema();
            for (String line : written) {
                assertEquals(0, schema.validate(line).size(), line + ": " + schema.validate(line));
            }
        } finally {
            for (Process p : started) {
                if (p.isAlive()) {
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    private static void assumeEverything() {
        Assumptions.assumeTrue(onPath("sipp") != null, "sipp is not installed (apt-get install sip-tester)");
        Assumptions.assumeTrue(onPath("prometheus") != null, "prometheus is not installed");
        Assumptions.assumeTrue(Files.isReadable(Path.of("/usr/share/sip-tester/g711a.pcap")),
                "sipp's g711a.pcap is missing");
        if (System.getProperty("org.slf4j.simpleLogger.log.org.pcap4j") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.pcap4j", "warn");
        }
        LiveCaptureConfig c = new LiveCaptureConfig();
        c.interfaces.add("lo");
        String reason = null;
        try {
            LivePacketSource.open(c, m -> { }).close();
        } catch (Exception | LinkageError e) {
            reason = "live capture on lo is not possible here (needs root or CAP_NET_RAW): " + e.getMessage();
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    private Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private final java.util.Map<Long, String> names = new java.util.HashMap<>();

    private String name(Process p) {
        return names.get(p.pid());
    }

    private Process sipp(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-m", "1", "-timeout", "25s", "-nostdin"));
        Process p = start(new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".out").toFile()));
        names.put(p.pid(), name + ".out");
        return p;
    }

    private void stunBinding() throws Exception {
        Process turn = start(new ProcessBuilder("turnserver", "-n", "--listening-ip=" + TURN, "--listening-port=3478",
                "--relay-ip=" + TURN, "--no-auth", "--no-tls", "--no-dtls", "--no-cli", "--no-tcp",
                "--db=" + tmp.resolve("turndb"), "--log-file=stdout", "--simple-log", "--min-port=49152",
                "--max-port=49200").redirectErrorStream(true).redirectOutput(tmp.resolve("turn.out").toFile()));
        awaitText(tmp.resolve("turn.out"), "Total General servers", turn);
        Thread.sleep(500); // the listeners open just after
        Process client = start(new ProcessBuilder("turnutils_stunclient", "-L", SBC_A, "-p", "3478", TURN)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("stunclient.out").toFile()));
        assertTrue(client.waitFor(10, TimeUnit.SECONDS), "stunclient did not finish");
        String text = Files.readString(tmp.resolve("stunclient.out"));
        assertTrue(text.contains("UDP reflexive addr: " + SBC_A), text);
        new ProcessBuilder("kill", "-TERM", Long.toString(turn.pid())).start().waitFor(5, TimeUnit.SECONDS);
        turn.waitFor(5, TimeUnit.SECONDS);
    }

    private void startPrometheus(String prometheus, int metricsPort, int promPort) throws IOException {
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "scrape_configs:",
                "  - job_name: voipwatch",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + metricsPort + "']",
                ""));
        start(new ProcessBuilder(prometheus, "--config.file=" + config, "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("prometheus.log").toFile()));
    }

    /** Every record of both topics from the beginning, polled until {@code done} holds (at most 30 s). */
    private static List<String> awaitRecords(String bootstrap, Predicate<List<String>> done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> recs = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = List.of(new TopicPartition(EVENTS_TOPIC, 0),
                    new TopicPartition(CALLS_TOPIC, 0));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!done.test(recs) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    recs.add(r.value());
                }
            }
        }
        assertTrue(done.test(recs), "Kafka never held the expected events: " + recs);
        return recs;
    }

    /** Polls a Prometheus instant query (one series or a sum) until its value passes (at most 30 s). */
    private static void awaitQuery(String base, String q, java.util.function.DoublePredicate ok) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                    + URLEncoder.encode(q, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = r.body();
            if (r.statusCode() == 200) {
                JsonNode result = JSON.readTree(r.body()).path("data").path("result");
                if (result.size() == 1 && ok.test(Double.parseDouble(result.get(0).path("value").get(1).asText()))) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus: " + q + " never passed; last answer: " + last);
    }

    private static long count(List<String> recs, String type) {
        return recs.stream().filter(l -> l.startsWith("{\"type\":\"" + type + "\"")).count();
    }

    private static boolean has(List<String> recs, String text) {
        return recs.stream().anyMatch(l -> l.contains(text));
    }

    private static String only(List<String> recs, String type) {
        return recs.stream().filter(l -> l.startsWith("{\"type\":\"" + type + "\"")).findFirst().orElseThrow();
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }

    private static void awaitText(Path log, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("'" + text + "' never appeared: " + (Files.exists(log) ? Files.readString(log) : ""));
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

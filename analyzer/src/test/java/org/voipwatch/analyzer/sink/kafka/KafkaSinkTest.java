package org.voipwatch.analyzer.sink.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.pipeline.PipelineObserver;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.sink.JsonLinesSink;
import org.voipwatch.analyzer.event.EventType;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.event.Severity;
import org.voipwatch.analyzer.testutil.EventSchema;
import org.voipwatch.analyzer.testutil.KafkaBroker;
import org.voipwatch.analyzer.testutil.Scenarios;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.CaptureFiles;
import org.voipwatch.capture.source.PacketSource;

/**
 * The Kafka sink against a real KRaft broker (child JVM, started once for the class): the whole analyze command
 * publishing a capture with known events, and a broker outage in the middle of publishing.
 */
class KafkaSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaBroker(tmp.resolve("kafka"));
        broker.start();
    }

    @BeforeEach
    void brokerUp() throws Exception {
        if (!broker.isRunning()) {
            broker.start();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void analyzePublishesEveryEventOnceWithItsKeyAndPartition() throws Exception {
        int extra = 200;
        broker.createTopic("e2e.events", 4);
        Path capture = Scenarios.fiveEvents(tmp.resolve("scenario.pcap"), extra);
        Path lines = tmp.resolve("events.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("analyze", capture.toString(), "--matrix", Scenarios.demoMatrix().toString(),
                "--events", lines.toString(), "--kafka", broker.bootstrap(), "--kafka-topic", "e2e.events",
                "--kafka-prop", "linger.ms=20"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_CRITICAL, code, stderr);
        int expected = 5 + extra;
        assertTrue(stderr.contains("kafka: " + expected + " sent, 0 failed, 0 dropped"), stderr);

        List<String> written = Files.readAllLines(lines);
        assertEquals(expected, written.size());
        List<ConsumerRecord<String, String>> records = consume("e2e.events", expected);
        assertEquals(expected, records.size(), "each event exactly once");
        // the same events, each once: compare as multisets with the JSON lines of the same run
        assertEquals(multiset(written), multiset(records.stream().map(ConsumerRecord::value)
                .collect(Collectors.toList())));

        EventSchema schema = new EventSchema();
        Map<String, Integer> partitionOfKey = new HashMap<>();
        Map<String, Integer> byType = new TreeMap<>();
        for (ConsumerRecord<String, String> r : records) {
            assertEquals(Set0.EMPTY, schema.validate(r.value()).toString(), r.value());
            JsonNode e = JSON.readTree(r.value());
            byType.merge(e.get("type").asText() + "/" + e.get("severity").asText(), 1, Integer::sum);
            // key: the canonical flow "proto:src:sport-dst:dport" (docs/events.md, Kafka), rebuilt from the JSON members
            String key = e.get("proto").asText() + ":" + e.get("src").asText() + ":" + e.get("sport").asInt() + "-"
                    + e.get("dst").asText() + ":" + e.get("dport").asInt();
            assertEquals(key, r.key(), r.value());
            // Kafka's documented default partitioning of keyed records: murmur2(key) mod partitions
            int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 4;
            assertEquals(partition, r.partition(), key);
            Integer before = partitionOfKey.putIfAbsent(key, r.partition());
            assertTrue(before == null || before == r.partition(), "same key, same partition: " + key);
        }
        assertEquals(Map.of("blocked_flow/critical", 3, "unexpected_flow/info", 1 + extra,
                "unexpected_flow/warning", 1), byType);
        long partitionsUsed = records.stream().mapToInt(ConsumerRecord::partition).distinct().count();
        assertEquals(4, partitionsUsed, "205 distinct keys spread over all 4 partitions");
    }

    @Test
    void brokerOutageDropsBeyondTheBoundAndDeliversTheRestAfterItsReturn() throws Exception {
        broker.createTopic("fault.events", 3);
        KafkaSinkConfig cfg = new KafkaSinkConfig();
        cfg.bootstrap = broker.bootstrap();
        cfg.topic = "fault.events";
        cfg.maxPending = 50;
        cfg.closeTimeout = Duration.ofSeconds(20);
        cfg.overrides.put("reconnect.backoff.max.ms", "200");
        // the broker's restart may be slow on a loaded machine: give pending events time to wait for it
        cfg.overrides.put("delivery.timeout.ms", "120000");
        KafkaEventSink sink = new KafkaEventSink(cfg);
        List<String> expected = new ArrayList<>();
        int id = 0;
        for (; id < 10; id++) {
            publish(sink, id, expected, true);
        }
        waitFor(sink::sent, 10, "first 10 acknowledged");

        broker.kill();
        long t0 = System.nanoTime();
        for (int i = 0; i < 80; i++, id++) {
            publish(sink, id, expected, i < 50);
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        // metadata is cached, so nothing waited for max.block.ms (1 s); generous bound for a loaded machine
        assertTrue(elapsedMs < 5_000, "80 sends with the broker down took " + elapsedMs + " ms");
        assertEquals(30, sink.dropped(), "beyond the bound of 50 pending sends, events are dropped and counted");
        assertEquals(50, sink.pending());

        // a sink created while the cluster is unreachable: the first send waits max.block.ms, the rest back off
        KafkaSinkConfig cfg2 = new KafkaSinkConfig();
        cfg2.bootstrap = broker.bootstrap();
        cfg2.topic = "fault.late";
        KafkaEventSink cold = new KafkaEventSink(cfg2);
        long t1 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            cold.onEvent(event(), "{\"n\":" + i + "}", "k" + i);
        }
        long coldMs = (System.nanoTime() - t1) / 1_000_000;
        assertEquals(20, cold.dropped());
        assertTrue(coldMs < 4_000, "20 sends to an unreachable cluster took " + coldMs + " ms (max.block.ms 1000)");

        broker.start();
        waitFor(sink::sent, 60, "the 50 pending events delivered once the broker is back");
        for (int i = 0; i < 20; i++, id++) {
            publish(sink, id, expected, true);
        }
        waitFor(sink::sent, 80, "publishing resumed");
        sink.close();
        assertEquals(0, sink.failed());
        assertEquals(30, sink.dropped());

        Thread.sleep(cfg2.backoff.toMillis());
        for (int i = 0; i < 5; i++) {
            cold.onEvent(event(), "{\"late\":" + i + "}", "late" + i);
        }
        cold.close();
        assertEquals(5, cold.sent(), "the sink that started without a broker publishes once it is there");

        List<ConsumerRecord<String, String>> records = consume("fault.events", expected.size());
        assertEquals(multiset(expected), multiset(records.stream().map(ConsumerRecord::value)
                .collect(Collectors.toList())), "exactly the events within the bound, each once");
    }

    /**
     * A broker outage in the middle of an analysis: the source holds at packet 64 (one full capture batch, fewer
     * events than the bound)
     * until the events so far are acknowledged, the broker is killed, the rest of the capture is analysed, and
     * the broker comes back while the sink's close waits. Within the bound of 100 pending events all arrive,
     * the rest are counted as dropped, and the run ends normally.
     */
    @Test
    void brokerKilledMidRunThenBackWhileClosing() throws Exception {
        broker.createTopic("midrun.events", 3);
        Path capture = Scenarios.fiveEvents(tmp.resolve("midrun.pcap"), 300);
        FlowMatrix matrix = MatrixLoader.loadNamed(Scenarios.demoMatrix().toString(), List.of());
        KafkaSinkConfig cfg = new KafkaSinkConfig();
        cfg.bootstrap = broker.bootstrap();
        cfg.topic = "midrun.events";
        cfg.maxPending = 100;
        cfg.closeTimeout = Duration.ofSeconds(90);
        cfg.overrides.put("reconnect.backoff.max.ms", "200");
        cfg.overrides.put("delivery.timeout.ms", "120000");
        KafkaEventSink kafka = new KafkaEventSink(cfg);
        assertTrue(kafka.warmUp());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<EventSink> sinks = List.of(new JsonLinesSink(all, "memory", false), kafka);
        GatedSource source = new GatedSource(CaptureFiles.open(List.of(capture)), 64);
        AtomicReference<PipelineObserver.View> view = new AtomicReference<>();
        AtomicReference<AnalysisResult> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                result.set(new AnalysisPipeline(new AnalyzerConfig(), matrix, sinks, true).observer(view::set)
                        .run(source));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "pipeline");
        run.start();
        assertTrue(source.reached.await(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int ringSize = new AnalyzerConfig().eventRingSize;
        while (!(view.get() != null && view.get().counters.packets == 64
                && view.get().eventRingRemaining.getAsLong() == ringSize && kafka.pending() == 0)) {
            assertTrue(System.nanoTime() < deadline, "events before the gate not acknowledged");
            Thread.sleep(20);
        }
        long sentAtKill = kafka.sent();
        assertEquals(eventsCounted(view.get()), sentAtKill, "every event so far acknowledged");
        assertEquals(0, kafka.dropped());
        broker.kill();
        source.release.countDown();
        broker.start();
        run.join(TimeUnit.SECONDS.toMillis(120));
        assertEquals(null, failure.get());
        long total = result.get().events;
        assertEquals(305, total, "5 scenario events + 300 unexpected flows");
        assertEquals(sentAtKill + 100, kafka.sent(), "the 100 pending at most were delivered after the outage");
        assertEquals(0, kafka.failed());
        assertEquals(total - sentAtKill - 100, kafka.dropped(), "the rest dropped and counted");

        List<String> lines = new String(all.toByteArray(), StandardCharsets.UTF_8).lines()
                .collect(Collectors.toList());
        assertEquals(total, lines.size());
        List<ConsumerRecord<String, String>> records = consume("midrun.events", (int) kafka.sent());
        Map<String, Integer> got = multiset(records.stream().map(ConsumerRecord::value).collect(Collectors.toList()));
        assertEquals(kafka.sent(), records.size());
        assertEquals(kafka.sent(), got.size(), "no duplicates");
        assertTrue(lines.containsAll(got.keySet()), "only events of this run");
    }

    private static long eventsCounted(PipelineObserver.View v) {
        long n = 0;
        for (int i = 0; i < v.events.size(); i++) {
            n += v.events.get(i);
        }
        return n;
    }

    /** Passes packets through and blocks before packet {@code gateAt} until released (capture thread). */
    private static final class GatedSource implements PacketSource {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final PacketSource in;
        private final int gateAt;
        private int n;

        GatedSource(PacketSource in, int gateAt) {
            this.in = in;
            this.gateAt = gateAt;
        }

        @Override
        public boolean nextInto(PacketEvent slot) {
            if (n++ == gateAt) {
                reached.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return in.nextInto(slot);
        }

        @Override
        public List<String> warnings() {
            return in.warnings();
        }

        @Override
        public void close() {
            in.close();
        }
    }

    private static void publish(KafkaEventSink sink, int id, List<String> expected, boolean accepted) {
        String json = "{\"id\":" + id + "}";
        sink.onEvent(event(), json, "key-" + (id % 7));
        if (accepted) {
            expected.add(json);
        }
    }

    private static MonitorEvent event() {
        MonitorEvent e = new MonitorEvent();
        e.type = EventType.UNEXPECTED_FLOW;
        e.severity = Severity.INFO;
        return e;
    }

    private static void waitFor(LongSupplier value, long target, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (value.getAsLong() < target && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(target, value.getAsLong(), what + "; broker log:\n" + tailLog());
    }

    private static String tailLog() {
        try {
            List<String> l = Files.readAllLines(broker.logFile());
            return String.join("\n", l.subList(Math.max(0, l.size() - 15), l.size()));
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static Map<String, Integer> multiset(List<String> values) {
        Map<String, Integer> m = new TreeMap<>();
        for (String v : values) {
            m.merge(v, 1, Integer::sum);
        }
        return m;
    }

    /** Reads the whole topic from the beginning until {@code expected} records, then 1 s more to catch extras. */
    static List<ConsumerRecord<String, String>> consume(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(10))) {
                parts.add(new TopicPartition(topic, pi.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long extraUntil = 0;
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
                if (got.size() >= expected && extraUntil == 0) {
                    extraUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                if (extraUntil != 0 && System.nanoTime() > extraUntil) {
                    break;
                }
            }
        }
        return got;
    }

    /** toString of an empty set of validation messages. */
    private static final class Set0 {
        static final String EMPTY = "[]";
    }
}

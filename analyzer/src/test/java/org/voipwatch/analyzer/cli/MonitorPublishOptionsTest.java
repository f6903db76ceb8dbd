package org.voipwatch.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.testutil.Scenarios;

/** The Kafka options as monitor reads them: config-file keys, VOIPWATCH_KAFKA* variables, command line. */
class MonitorPublishOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void configFileStyleEnvironmentAndCommandLine() throws Exception {
        PublishOptions p = new PublishOptions();
        assertFalse(p.enabled());
        // as the config file passes them: --key, where = "file: key"; kafka-prop splits on ';'
        p.apply("--kafka", "m.properties: kafka", "k1:9092");
        p.apply("--kafka-prop", "m.properties: kafka-prop", "acks=1; linger.ms=7");
        p.apply("--kafka-max-pending", "m.properties: kafka-max-pending", "1_000");
        p.apply("--kafka-close-timeout", "m.properties: kafka-close-timeout", "2500ms");
        p.applyEnvironment(Map.of("VOIPWATCH_KAFKA_TOPIC", "site.events", "VOIPWATCH_KAFKA", " k2:9092 "));
        p.apply("--kafka-calls-topic", "--kafka-calls-topic", "site.calls");
        assertTrue(p.enabled());
        assertEquals("k2:9092", p.kafka.bootstrap);
        assertEquals("site.events", p.kafka.topic);
        assertEquals("site.calls", p.kafka.callsTopic);
        assertEquals(1000, p.kafka.maxPending);
        assertEquals(Duration.ofMillis(2500), p.kafka.closeTimeout);
        UsageException e = assertThrows(UsageException.class,
                () -> p.apply("--kafka-max-pending", "m.properties: kafka-max-pending", "lots"));
        assertTrue(e.getMessage().startsWith("m.properties: kafka-max-pending needs a whole number"), e.getMessage());
        // a command-line --kafka-prop is one KEY=VALUE, taken whole
        p.apply("--kafka-prop", "--kafka-prop", "bad;value");
        e = assertThrows(UsageException.class, p::open);
        assertTrue(e.getMessage().contains("--kafka-prop needs KEY=VALUE, got 'bad;value'"), e.getMessage());
        assertEquals("1", p.kafka.overrides.getProperty("acks"));
        assertEquals("7", p.kafka.overrides.getProperty("linger.ms"));
    }

    /** An unknown key still names the file, and the Kafka keys are known to monitor's config file. */
    @Test
    void monitorConfigFileKnowsTheKafkaKeys() throws Exception {
        String demo = Scenarios.demoMatrix().toString();
        Path conf = Files.writeString(tmp.resolve("m.properties"), "matrix = " + demo + "\ninterfaces = nosuch9\n"
                + "kafka = 127.0.0.1:1\nkafka-topic = t\nkafka-prop = acks=1\nkafka-max-pending = 10\n"
                + "capture-loss-ratio = 0.5%\ncapture-loss-packets = 10\nstats-interval = 2\ngrace = 2\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        UsageException ex = assertThrows(UsageException.class,
                () -> new MonitorCommand(o, e, Map.of()).run(List.of("--config", conf.toString())));
        // every key was accepted: the run got as far as opening the (missing) interface
        assertTrue(ex.getMessage().contains("no capture interface 'nosuch9'")
                || ex.getMessage().contains("libpcap cannot list interfaces"), ex.getMessage());
        Path bad = Files.writeString(tmp.resolve("bad.properties"), "matrix = " + demo + "\nkafka-topics = t\n");
        ex = assertThrows(UsageException.class,
                () -> new MonitorCommand(o, e, Map.of()).run(List.of("--config", bad.toString())));
        assertTrue(ex.getMessage().contains("bad.properties: unknown key 'kafka-topics'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("kafka-close-timeout"), ex.getMessage());
        Path ratio = Files.writeString(tmp.resolve("ratio.properties"), "matrix = " + demo
                + "\ncapture-loss-ratio = 2\n");
        ex = assertThrows(UsageException.class,
                () -> new MonitorCommand(o, e, Map.of()).run(List.of("--config", ratio.toString(), "-i", "lo")));
        assertTrue(ex.getMessage().contains("capture-loss-ratio must be in (0, 1]"), ex.getMessage());
    }
}

package org.voipwatch.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.testutil.KafkaBroker;
import org.voipwatch.analyzer.testutil.Scenarios;

/** Parsing and validation of --kafka*, --metrics and --linger (no broker, no server needed). */
class PublishOptionsTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void durations() throws Exception {
        assertEquals(30_000_000_000L, OptionValues.durationOption("--linger", "30s"));
        assertEquals(500_000_000L, OptionValues.durationOption("--linger", "500ms"));
        assertEquals(120_000_000_000L, OptionValues.durationOption("--linger", "2m"));
        assertEquals(1_500_000_000L, OptionValues.durationOption("--linger", "1.5"));
        assertEquals(0L, OptionValues.durationOption("--linger", "0"));
        assertThrows(UsageException.class, () -> OptionValues.durationOption("--linger", "-1s"));
        assertThrows(UsageException.class, () -> OptionValues.durationOption("--linger", "soon"));
    }

    @Test
    void badPublishOptionsExitTwoWithTheOptionNamed() throws Exception {
        String capture = Scenarios.fiveEvents(tmp.resolve("s.pcap"), 0).toString();
        String matrix = Scenarios.demoMatrix().toString();
        assertEquals(2, run("analyze", capture, "--matrix", matrix, "--kafka", "127.0.0.1:1", "--kafka-prop", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--kafka-prop needs KEY=VALUE"), err.toString());
        err.reset();
        assertEquals(2, run("analyze", capture, "--matrix", matrix, "--kafka", "127.0.0.1:1", "--kafka-config",
                tmp.resolve("missing.properties").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read --kafka-config"), err.toString());
        err.reset();
        assertEquals(2, run("analyze", capture, "--matrix", matrix, "--kafka", "127.0.0.1:1", "--kafka-prop",
                "acks=sometimes"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("kafka:"), err.toString());
        err.reset();
        assertEquals(2, run("analyze", capture, "--matrix", matrix, "--metrics", "9464"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot serve metrics on 9464"), err.toString());
        err.reset();
        assertEquals(2, run("analyze", capture, "--matrix", matrix, "--linger", "forever"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--linger needs a duration"), err.toString());
    }

    /** No broker at all: the run still completes with its normal exit code and reports every event as dropped. */
    @Test
    void unreachableKafkaCountsDropsAndTheRunCompletes() throws Exception {
        String capture = Scenarios.fiveEvents(tmp.resolve("s.pcap"), 0).toString();
        int deadPort = KafkaBroker.freePort();
        long t0 = System.nanoTime();
        int code = run("analyze", capture, "--matrix", Scenarios.demoMatrix().toString(), "--kafka",
                "127.0.0.1:" + deadPort, "--quiet");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_CRITICAL, code, e);
        assertTrue(e.contains("kafka: 0 sent, 0 failed, 5 dropped"), e);
        // warm-up (max.block.ms 1 s) + one send waiting 1 s, then backoff; generous for a loaded machine
        assertTrue(ms < 30_000, "took " + ms + " ms");
    }

    @Test
    void usageListsThePublishOptions() {
        String u = Main.usage();
        for (String o : new String[] {"--kafka ", "--kafka-topic", "--kafka-calls-topic", "--kafka-prop",
            "--kafka-config", "--metrics", "--linger"}) {
            assertTrue(u.contains(o), o);
        }
    }
}

package org.voipwatch.analyzer.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.EventSchema;
import org.voipwatch.analyzer.testutil.Scenarios;

/** schemas/events.schema.json accepts what voipwatch writes and rejects what it must not. */
class EventSchemaTest {
    @TempDir
    Path tmp;

    @Test
    void eventsOfTheKnownScenarioAreValid() throws Exception {
        Path events = tmp.resolve("e.jsonl");
        Main.run(List.of("analyze", Scenarios.fiveEvents(tmp.resolve("s.pcap"), 0).toString(), "--matrix",
                Scenarios.demoMatrix().toString(), "--events", events.toString(), "--quiet"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<String> lines = Files.readAllLines(events);
        assertEquals(5, lines.size());
        EventSchema schema = new EventSchema();
        for (String l : lines) {
            assertEquals("[]", schema.validate(l).toString(), l);
        }
    }

    /** Every event voipwatch writes for the recorded scenarios (scenarios/NAME/capture.pcap) is valid. */
    @Test
    void eventsOfTheRecordedScenariosAreValid() throws Exception {
        Path root = Captures.repoRoot().resolve("scenarios");
        Assumptions.assumeTrue(Files.isDirectory(root), "no scenarios/ directory: skipped");
        EventSchema schema = new EventSchema();
        int checked = 0;
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(d -> Files.exists(d.resolve("capture.pcap"))).sorted().collect(Collectors.toList());
        }
        for (Path dir : dirs) {
            Path matrix = Files.exists(dir.resolve("matrix.yaml")) ? dir.resolve("matrix.yaml")
                    : Scenarios.demoMatrix();
            Path events = tmp.resolve(dir.getFileName() + ".jsonl");
            Main.run(List.of("analyze", dir.resolve("capture.pcap").toString(), "--matrix", matrix.toString(),
                    "--events", events.toString(), "--quiet"),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            for (String l : Files.readAllLines(events)) {
                assertEquals("[]", schema.validate(l).toString(), dir.getFileName() + ": " + l);
                checked++;
            }
        }
        assertTrue(checked > 0, "no events from " + dirs);
    }

    @Test
    void rejectsBrokenEvents() throws Exception {
        EventSchema schema = new EventSchema();
        String ok = "{\"type\":\"blocked_flow\",\"severity\":\"critical\",\"time\":\"2023-11-14T22:13:20.020000Z\","
                + "\"proto\":\"tcp\",\"src\":\"127.0.20.1\",\"sport\":41000,\"dst\":\"::1\",\"dport\":5061,"
                + "\"srcRole\":\"sbc\",\"dstRole\":\"pbx\",\"rule\":\"r\",\"matrix\":\"m\",\"reason\":\"tcp_rst\","
                + "\"anything\":[1],\"probe\":\"p\",\"schema\":1}";
        assertTrue(schema.validate(ok).isEmpty(), schema.validate(ok).toString());
        String[][] broken = {
            {"\"reason\":\"tcp_rst\"", "\"reason\":\"gremlins\""},
            {"\"reason\":\"tcp_rst\",", ""},
            {"\"schema\":1", "\"schema\":2"},
            {"\"src\":\"127.0.20.1\"", "\"src\":\"not-an-address\""},
            {"\"dport\":5061", "\"dport\":70000"},
            {"\"type\":\"blocked_flow\"", "\"type\":\"coffee_spill\""},
            {"\"severity\":\"critical\"", "\"severity\":\"meh\""},
            {"\"time\":\"2023-11-14T22:13:20.020000Z\"", "\"time\":\"yesterday\""},
            {",\"probe\":\"p\"", ""},
        };
        for (String[] b : broken) {
            String bad = ok.replace(b[0], b[1]);
            assertFalse(bad.equals(ok), b[0]);
            assertFalse(schema.validate(bad).isEmpty(), "accepted: " + bad);
        }
    }
}

package org.voipwatch.analyzer.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.KafkaBroker;

/**
 * scripts/demo-stack.sh --check on the tcp-blocked capture: a real Kafka broker, Prometheus with the alert rules
 * and voipwatch; the script exits 0 only when every event reached Kafka and VoipwatchDocumentedFlowBlocked is
 * pending or firing. voipwatch and the broker run from this test's classpath (kafka_2.13 is a test dependency),
 * so no jar is built or copied here; the script's Maven copy of the broker jars is exercised by hand.
 */
class DemoStackScriptTest {
    @TempDir
    Path tmp;

    @Test
    void demoStackDeliversEventsToKafkaAndRaisesTheAlert() throws Exception {
        Tools.require("prometheus", "prometheus");
        Tools.require("curl", "curl");
        Tools.require("python3", "python3");
        Path root = Captures.repoRoot();
        String cp = System.getProperty("java.class.path");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/demo-stack.sh").toString(), "--check",
                "--duration", "20", "--capture", root.resolve("scenarios/tcp-blocked/capture.pcap").toString(),
                "--expect-alert", "VoipwatchDocumentedFlowBlocked").directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("demo.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("VOIPWATCH_DEMO_DIR", tmp.resolve("work").toString());
        env.put("VOIPWATCH_CMD", "java -Xmx256m -cp " + cp + " org.voipwatch.analyzer.cli.Main");
        env.put("VOIPWATCH_DEMO_KAFKA_CP", cp);
        for (String port : List.of("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "PROMETHEUS_PORT", "METRICS_PORT",
                "ALERTMANAGER_PORT")) {
            env.put(port, Integer.toString(KafkaBroker.freePort()));
        }
        Process p = pb.start();
        boolean done = p.waitFor(150, TimeUnit.SECONDS);
        if (!done) {
            p.destroy(); // the script's trap stops what it started
            p.waitFor(20, TimeUnit.SECONDS);
        }
        String log = Files.readString(tmp.resolve("demo.log"));
        assertTrue(done, "demo-stack.sh did not finish:\n" + log);
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("kafka: 4 sent, 0 failed, 0 dropped"), log);
        assertTrue(log.contains("firing VoipwatchDocumentedFlowBlocked critical sbc-sips-pbx demo")
                || log.contains("pending VoipwatchDocumentedFlowBlocked critical sbc-sips-pbx demo"), log);
    }
}

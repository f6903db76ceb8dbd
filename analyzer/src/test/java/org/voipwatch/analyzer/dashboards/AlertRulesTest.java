package org.voipwatch.analyzer.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * dashboards/prometheus: {@code promtool check rules|config} and {@code promtool test rules} on the alert rules and
 * their unit tests, amtool on the Alertmanager configuration, and the house rules of an alert (severity, summary,
 * description, runbook; a firing and a not-firing unit test each).
 */
class AlertRulesTest {
    private static final Path PROM = Tools.DASHBOARDS.resolve("prometheus");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    @TempDir
    Path tmp;

    @Test
    void promtoolAcceptsTheRulesAndTheStackConfig() throws Exception {
        String promtool = Tools.require("promtool", "prometheus");
        Tools.Run rules = Tools.run(PROM, 30, promtool, "check", "rules", "alerts.yml");
        assertEquals(0, rules.exit(), rules.output());
        assertTrue(rules.output().contains("SUCCESS: " + alerts().size() + " rules found"), rules.output());
        Tools.Run config = Tools.run(PROM, 30, promtool, "check", "config", "prometheus.yml");
        assertEquals(0, config.exit(), config.output());
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() throws Exception {
        String promtool = Tools.require("promtool", "prometheus");
        Tools.Run r = Tools.run(PROM, 60, promtool, "test", "rules", "alerts.test.yml");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    /** The unit tests catch the bug they were written for: a rule that fires on an old, unchanged count. */
    @Test
    void unitTestsFailForARuleThatIgnoresWhetherTheCountIsNew() throws Exception {
        String promtool = Tools.require("promtool", "prometheus");
        String rules = Files.readString(PROM.resolve("alerts.yml"));
        int at = rules.indexOf("- alert: VoipwatchDocumentedFlowBlocked");
        int from = rules.indexOf("expr: |", at);
        int to = rules.indexOf("labels:", from);
        String naive = rules.substring(0, from)
                + "expr: sum by (probe, matrix, rule) (voipwatch_events_total{type=\"blocked_flow\", "
                + "severity=\"critical\"}) > 0\n        " + rules.substring(to);
        Files.writeString(tmp.resolve("alerts.yml"), naive);
        Files.copy(PROM.resolve("alerts.test.yml"), tmp.resolve("alerts.test.yml"));
        Tools.Run r = Tools.run(tmp, 60, promtool, "test", "rules", "alerts.test.yml");
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("VoipwatchDocumentedFlowBlocked, time: 20m"), r.output());
    }

    @Test
    void everyAlertHasSeveritySummaryDescriptionRunbookAndBothKindsOfUnitTest() throws Exception {
        List<Map<String, Object>> tests = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(PROM.resolve("alerts.test.yml"))) {
            Map<String, Object> doc = new Yaml().load(r);
            for (Object t : (List<?>) doc.get("tests")) {
                for (Object a : (List<?>) ((Map<?, ?>) t).get("alert_rule_test")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) a;
                    tests.add(m);
                }
            }
        }
        List<Map<String, Object>> alerts = alerts();
        assertFalse(alerts.isEmpty());
        for (Map<String, Object> rule : alerts) {
            String name = (String) rule.get("alert");
            Map<?, ?> labels = (Map<?, ?>) rule.get("labels");
            assertTrue(labels != null && SEVERITIES.contains(labels.get("severity")), name + ": severity label");
            Map<?, ?> ann = (Map<?, ?>) rule.get("annotations");
            for (String key : List.of("summary", "description", "runbook")) {
                assertTrue(ann != null && ann.get(key) instanceof String s && !s.isBlank(), name + ": " + key);
            }
            boolean firing = false;
            boolean quiet = false;
            for (Map<String, Object> t : tests) {
                if (name.equals(t.get("alertname"))) {
                    List<?> exp = (List<?>) t.get("exp_alerts");
                    firing |= exp != null && !exp.isEmpty();
                    quiet |= exp == null || exp.isEmpty();
                }
            }
            assertTrue(firing, name + " has no unit test where it fires");
            assertTrue(quiet, name + " has no unit test where it stays quiet");
        }
    }

    @Test
    void alertmanagerConfigIsValid() throws Exception {
        String amtool = Tools.require("amtool", "prometheus-alertmanager");
        Tools.Run r = Tools.run(PROM, 30, amtool, "check-config", "alertmanager.yml");
        assertEquals(0, r.exit(), r.output());
    }

    static List<Map<String, Object>> alerts() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(PROM.resolve("alerts.yml"))) {
            Map<String, Object> doc = new Yaml().load(r);
            for (Object g : (List<?>) doc.get("groups")) {
                for (Object rule : (List<?>) ((Map<?, ?>) g).get("rules")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) rule;
                    if (m.containsKey("alert")) {
                        out.add(m);
                    }
                }
            }
        }
        return out;
    }
}

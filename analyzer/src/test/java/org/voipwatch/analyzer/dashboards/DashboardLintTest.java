package org.voipwatch.analyzer.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.Captures;
import org.yaml.snakeyaml.Yaml;

/**
 * The conventions of the dashboards that neither Grafana's schema nor Prometheus checks: current schema, the
 * probe/matrix variables on every query, a unit and thresholds on every panel, unique ids, a layout inside the
 * 24-column grid, and only metric names that docs/metrics.md documents (current or planned).
 */
class DashboardLintTest {
    private static final Pattern METRIC = Pattern.compile("\\bvoipwatch_[a-z_]+\\b");

    @Test
    void dashboardsFollowTheConventions() throws Exception {
        Set<String> uids = new HashSet<>();
        assertEquals(4, Dashboards.files().size(), "NOC, matrix, calls, probe");
        for (Path f : Dashboards.files()) {
            JsonNode d = Dashboards.read(f);
            String name = f.getFileName().toString();
            assertTrue(uids.add(d.path("uid").asText()), name + ": duplicate uid");
            assertTrue(d.path("schemaVersion").asInt() >= 39, name + ": schemaVersion");
            Set<String> vars = new HashSet<>();
            d.path("templating").path("list").forEach(v -> vars.add(v.path("name").asText()));
            assertEquals(Set.of("datasource", "probe", "matrix"), vars, name);
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : d.path("panels")) {
                assertTrue(ids.add(p.path("id").asInt()), name + ": duplicate panel id " + p.path("id"));
                p.path("panels").forEach(c -> assertTrue(ids.add(c.path("id").asInt()), name + ": duplicate id"));
            }
            for (JsonNode p : Dashboards.panels(d)) {
                String where = name + " / " + p.path("title").asText();
                JsonNode g = p.path("gridPos");
                assertTrue(g.path("x").asInt() + g.path("w").asInt() <= 24 && g.path("w").asInt() > 0, where);
                assertEquals("${datasource}", p.path("datasource").path("uid").asText(), where);
                JsonNode defaults = p.path("fieldConfig").path("defaults");
                assertFalse(defaults.path("unit").asText().isEmpty(), where + ": unit");
                JsonNode steps = defaults.path("thresholds").path("steps");
                assertTrue(steps.size() >= 1 && steps.get(0).path("value").isNull(), where + ": thresholds");
                assertFalse(p.path("description").asText().isBlank(), where + ": description");
                assertTrue(p.path("targets").size() >= 1, where + ": no query");
                Set<String> refs = new HashSet<>();
                for (JsonNode t : p.path("targets")) {
                    assertTrue(refs.add(t.path("refId").asText()), where + ": duplicate refId");
                    String expr = t.path("expr").asText();
                    if (expr.contains("voipwatch_")) {
                        assertTrue(expr.contains("probe=~\"$probe\""), where + ": query ignores $probe: " + expr);
                    }
                }
            }
        }
    }

    @Test
    void everyVoipwatchMetricInDashboardsAndAlertsIsDocumented() throws Exception {
        String docs = Files.readString(Captures.repoRoot().resolve("docs/metrics.md"));
        Set<String> used = new TreeSet<>();
        for (Dashboards.Query q : Dashboards.queries()) {
            collect(q.expr(), used);
        }
        for (Map<String, Object> rule : AlertRulesTest.alerts()) {
            collect((String) rule.get("expr"), used);
        }
        assertTrue(used.contains("voipwatch_events_total"), used.toString());
        for (String m : used) {
            String base = m.replaceAll("_(bucket|sum|count)$", "");
            assertTrue(docs.contains("`" + m + "`") || docs.contains("`" + base + "`"),
                    m + " is used but not in docs/metrics.md");
        }
    }

    /** An event type in a matcher that docs/events.md does not name (as a type or a planned type) is a typo. */
    @Test
    void everyEventTypeInDashboardsAndAlertsIsDocumented() throws Exception {
        String docs = Files.readString(Captures.repoRoot().resolve("docs/events.md"));
        Set<String> types = new TreeSet<>();
        List<String> exprs = new java.util.ArrayList<>();
        Dashboards.queries().forEach(q -> exprs.add(q.expr()));
        for (Map<String, Object> rule : AlertRulesTest.alerts()) {
            exprs.add((String) rule.get("expr"));
        }
        Matcher m = Pattern.compile("\\btype=~?\"([^\"]+)\"").matcher(String.join("\n", exprs));
        while (m.find()) {
            types.addAll(List.of(m.group(1).split("\\|")));
        }
        assertTrue(types.contains("blocked_flow") && types.contains("one_way_audio"), types.toString());
        for (String t : types) {
            assertTrue(docs.contains("`" + t + "`"), "event type " + t + " is not in docs/events.md");
        }
    }

    @Test
    void provisioningPointsAtTheDashboardsAndThePrometheusSource() throws Exception {
        Path prov = Tools.DASHBOARDS.resolve("grafana/provisioning");
        Map<String, Object> ds = load(prov.resolve("datasources/voipwatch.yaml"));
        Map<?, ?> prom = (Map<?, ?>) ((List<?>) ds.get("datasources")).get(0);
        assertEquals("prometheus", prom.get("type"));
        assertEquals(Boolean.TRUE, prom.get("isDefault"));
        Map<String, Object> dash = load(prov.resolve("dashboards/voipwatch.yaml"));
        Map<?, ?> provider = (Map<?, ?>) ((List<?>) dash.get("providers")).get(0);
        String path = (String) ((Map<?, ?>) provider.get("options")).get("path");
        String compose = Files.readString(Captures.repoRoot().resolve("docker/compose.yaml"));
        assertTrue(compose.contains("../dashboards/grafana/dashboards:" + path + ":ro"), "compose mounts " + path);
    }

    private static Map<String, Object> load(Path yaml) throws Exception {
        try (Reader r = Files.newBufferedReader(yaml)) {
            return new Yaml().load(r);
        }
    }

    private static void collect(String expr, Set<String> into) {
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            into.add(m.group());
        }
    }
}

package org.voipwatch.analyzer.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards of dashboards/grafana/dashboards: panels (rows flattened), queries, variables. */
final class Dashboards {
    static final Path DIR = Tools.DASHBOARDS.resolve("grafana/dashboards");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Grafana's variable syntaxes: ${name}, ${name:format}, $name, [[name]]. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

    private Dashboards() {
    }

    /** One PromQL query of a panel. */
    record Query(String dashboard, String panel, String panelDescription, String refId, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId + ": " + expr;
        }
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** Every panel except rows; the panels inside collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if ("row".equals(p.path("type").asText())) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static List<Query> queries() throws IOException {
        List<Query> out = new ArrayList<>();
        for (Path f : files()) {
            JsonNode d = read(f);
            for (JsonNode p : panels(d)) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(d.path("title").asText(), p.path("title").asText(),
                            p.path("description").asText(), t.path("refId").asText(), t.path("expr").asText()));
                }
            }
        }
        return out;
    }

    /**
     * Replaces Grafana's macros and the dashboard variables as Grafana would before sending the query;
     * an unknown variable is an error (it would reach Prometheus as a literal "$name").
     */
    static String resolve(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String v = values.get(name);
            if (v == null) {
                throw new AssertionError("unknown variable or macro $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}

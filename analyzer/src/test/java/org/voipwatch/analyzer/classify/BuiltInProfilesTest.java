package org.voipwatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Every built-in profile loads, carries provenance and purpose on each rule, and binds nothing by itself. */
class BuiltInProfilesTest {
    /** Profile name -> seed document it encodes. */
    private static final Map<String, String> SEEDS = Map.of(
            "jtel-acd-stack", "000_975c42de7db4ee35.txt",
            "jtel-acd", "001_e2eb8ac08126006e.txt",
            "estos-procall-ucconnect", "002_1c220c62e9598571.txt",
            "xivo-edge", "003_2f60694c806b2d39.txt",
            "audiocodes-ovoc", "004_ddc1534dbd782c49.txt");

    @Test
    void theListNamesTheFiveProfiles() {
        assertEquals(List.of("audiocodes-ovoc", "estos-procall-ucconnect", "jtel-acd", "jtel-acd-stack",
                "xivo-edge"), MatrixLoader.builtInProfiles());
        for (String name : MatrixLoader.builtInProfiles()) {
            assertNotNull(MatrixLoader.class.getResource(MatrixLoader.PROFILE_RESOURCE_DIR + name + ".yaml"), name);
        }
    }

    @Test
    void everyRuleHasSourceAndPurposeAndNoRoleIsBound() throws Exception {
        for (String name : MatrixLoader.builtInProfiles()) {
            FlowMatrix m = MatrixLoader.loadNamed(name, List.of());
            assertEquals(name, m.name());
            assertFalse(m.description().isEmpty(), name);
            assertTrue(m.ruleCount() > 0, name);
            for (int i = 0; i < m.ruleCount(); i++) {
                Rule r = m.rule(i);
                assertNotNull(r.provenance(), name + " " + r.id());
                assertTrue(r.provenance().startsWith(SEEDS.get(name)), name + " " + r.id() + ": " + r.provenance());
                assertFalse(r.purpose().isEmpty(), name + " " + r.id());
            }
            for (Role role : m.roles()) {
                assertTrue(role.blocks().isEmpty(), name + " binds " + role.name());
            }
        }
    }

    @Test
    void docsTableStatesTheRealCounts() throws Exception {
        String md = Files.readString(RepoFiles.find("docs/profiles.md"));
        Matcher row = Pattern.compile("\\| `([a-z-]+)` \\| `([0-9a-f_]+\\.txt)` \\| (\\d+) \\| (\\d+) \\|").matcher(md);
        int rows = 0;
        while (row.find()) {
            rows++;
            FlowMatrix m = MatrixLoader.loadNamed(row.group(1), List.of());
            assertEquals(SEEDS.get(row.group(1)), row.group(2), row.group(1));
            assertEquals(Integer.parseInt(row.group(3)), m.ruleCount(), row.group(1) + " rules");
            assertEquals(Integer.parseInt(row.group(4)), m.roles().size(), row.group(1) + " roles");
        }
        assertEquals(5, rows);
    }

    @Test
    void loadNamedAcceptsTheYamlSuffix() throws Exception {
        assertEquals("xivo-edge", MatrixLoader.loadNamed("xivo-edge.yaml", List.of()).name());
    }

    @Test
    void everyProfileRendersAsATable() throws Exception {
        for (String name : MatrixLoader.builtInProfiles()) {
            StringBuilder sb = new StringBuilder();
            MatrixTable.render(MatrixLoader.loadNamed(name, List.of()), sb);
            assertTrue(sb.toString().startsWith("matrix " + name + ": "), name);
        }
    }
}

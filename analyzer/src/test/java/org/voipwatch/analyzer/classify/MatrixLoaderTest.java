package org.voipwatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.util.IpAddresses;

/** Loader happy path and every error path, with line numbers counted by hand in the YAML text. */
class MatrixLoaderTest {

    /** Exactly 9 lines; rules appended by a test start at line 10. */
    private static final String HEAD = ""
            + "name: t\n"                                                  // 1
            + "roles:\n"                                                   // 2
            + "  pbx: {description: \"PBX\"}\n"                            // 3
            + "  sbc: {}\n"                                                // 4
            + "  trunk: {hosts: [\"*.sip.example.net\"]}\n"                // 5
            + "services:\n"                                                // 6
            + "  sip: {app: sip, ports: [\"udp 5060\", \"tcp 5060\"]}\n"   // 7
            + "  rtp: {app: rtp, ports: [\"udp 30000-34999\"]}\n"          // 8
            + "rules:\n";                                                  // 9

    private static FlowMatrix load(String yaml, String... binds) throws MatrixException {
        return MatrixLoader.load("t.yaml", new StringReader(yaml), List.of(binds));
    }

    private static String error(String yaml, String... binds) {
        return assertThrows(MatrixException.class, () -> load(yaml, binds)).getMessage();
    }

    @Test
    void loadsTheFormatOfTheBrief() throws Exception {
        String yaml = ""
                + "name: demo\n"
                + "description: a test site\n"
                + "roles:\n"
                + "  pbx: {description: \"Telephony server\"}\n"
                + "  trunk: {description: \"SIP trunk provider\", hosts: [\"*.sip.example.net\"]}\n"
                + "bind:\n"
                + "  pbx: [127.0.10.0/24, \"2001:db8::/64\"]\n"
                + "services:\n"
                + "  sip: {app: sip, ports: [\"udp 5060\", \"tcp 5060\"]}\n"
                + "  rtp: {app: rtp, ports: [\"udp 30000-34999\"]}\n"
                + "  ping: {app: icmp, ports: [\"icmp\"]}\n"
                + "rules:\n"
                + "  - id: trunk-sip-in\n"                      // line 13
                + "    from: [trunk]\n"
                + "    to: [pbx]\n"
                + "    service: sip\n"
                + "    purpose: \"SIP signalling from the trunk\"\n"
                + "    media: false\n"
                + "    source: \"doc.txt, table 'Inbound', row 'SIP'\"\n"
                + "  - id: both\n"                              // line 20
                + "    from: any\n"
                + "    to: [pbx, other]\n"
                + "    service: [rtp, ping]\n"
                + "    media: true\n";
        FlowMatrix m = load(yaml);
        assertEquals("demo", m.name());
        assertEquals("a test site", m.description());
        assertEquals(2, m.roles().size());
        assertEquals(List.of("*.sip.example.net"), m.role("trunk").hostPatterns());
        assertEquals("[127.0.10.0/24, 2001:db8::/64]", m.role("pbx").blocks().toString());
        assertEquals(3, m.ruleCount());
        Rule r = m.rule(0);
        assertEquals("trunk-sip-in", r.id());
        assertEquals("trunk", r.fromText());
        assertEquals("pbx", r.toText());
        assertEquals("udp 5060, tcp 5060", r.service().portsText());
        assertEquals("SIP signalling from the trunk", r.purpose());
        assertEquals("doc.txt, table 'Inbound', row 'SIP'", r.provenance());
        assertFalse(r.media());
        assertEquals(13, r.line());
        // a list of services expands to one rule per service, id/service
        assertEquals("both/rtp", m.rule(1).id());
        assertEquals("both/ping", m.rule(2).id());
        assertEquals(20, m.rule(2).line());
        assertEquals("any", m.rule(1).fromText());
        assertEquals("pbx, other", m.rule(1).toText());
        assertEquals(FlowMatrix.ANY_MASK, m.rule(1).fromMask());
        assertEquals(m.role("pbx").bit() | FlowMatrix.OTHER_BIT, m.rule(1).toMask());
        assertTrue(m.rule(1).media());
        assertNull(m.rule(1).provenance());
    }

    @Test
    void emptyRuleListIsAllowed() throws Exception {
        assertEquals(0, load(HEAD).ruleCount());
        assertEquals(0, load(HEAD.replace("rules:\n", "rules: []\n")).ruleCount());
    }

    @Test
    void unknownRoleInRule() {
        String yaml = HEAD
                + "  - id: a\n"          // 10
                + "    from: [trunk]\n"  // 11
                + "    to: [pbxx]\n"     // 12
                + "    service: sip\n";  // 13
        assertEquals("t.yaml:12: rule 'a' names unknown role 'pbxx' (known: pbx, sbc, trunk)", error(yaml));
    }

    @Test
    void unknownServiceInRule() {
        String yaml = HEAD
                + "  - id: a\n"          // 10
                + "    from: trunk\n"    // 11
                + "    to: pbx\n"        // 12
                + "    service: sipp\n"; // 13
        assertEquals("t.yaml:13: rule 'a' names unknown service 'sipp' (known: rtp, sip)", error(yaml));
    }

    @Test
    void unknownKeyInRuleIsATypoNotIgnored() {
        String yaml = HEAD
                + "  - id: a\n"          // 10
                + "    from: trunk\n"    // 11
                + "    to: pbx\n"        // 12
                + "    service: sip\n"   // 13
                + "    purpse: x\n";     // 14
        assertEquals("t.yaml:14: unknown key 'purpse' in rule 'a' (allowed: id, from, to, service, purpose, media,"
                + " source)", error(yaml));
    }

    @Test
    void duplicateRuleId() {
        String yaml = HEAD
                + "  - {id: a, from: trunk, to: pbx, service: sip}\n"   // 10
                + "  - {id: b, from: trunk, to: pbx, service: rtp}\n"   // 11
                + "  - {id: a, from: sbc, to: pbx, service: sip}\n";    // 12
        assertEquals("t.yaml:12: rule id 'a' is used twice (first at line 10)", error(yaml));
    }

    @Test
    void expandedIdCollidingIsReported() {
        String yaml = HEAD
                + "  - {id: a, from: trunk, to: pbx, service: [sip, sip]}\n";   // 10
        assertEquals("t.yaml:10: rule id 'a/sip' is used twice (first at line 10)", error(yaml));
    }

    @Test
    void missingRequiredRuleKeyPointsAtTheRule() {
        String yaml = HEAD
                + "  - id: a\n"          // 10
                + "    from: trunk\n"    // 11
                + "    service: sip\n";  // 12
        assertEquals("t.yaml:10: missing required key 'to' in rule 'a'", error(yaml));
    }

    @Test
    void ruleWithoutId() {
        String yaml = HEAD
                + "  - {id: a, from: trunk, to: pbx, service: sip}\n"   // 10
                + "  - from: trunk\n"                                   // 11
                + "    to: pbx\n";                                      // 12
        assertEquals("t.yaml:11: missing required key 'id' in rule #2", error(yaml));
    }

    @Test
    void emptyFromList() {
        String yaml = HEAD
                + "  - id: a\n"          // 10
                + "    from: []\n"       // 11
                + "    to: pbx\n"        // 12
                + "    service: sip\n";  // 13
        assertEquals("t.yaml:11: rule 'a': from must name at least one role", error(yaml));
    }

    @Test
    void mediaMustBeBoolean() {
        String yaml = HEAD
                + "  - id: a\n"          // 10
                + "    from: trunk\n"    // 11
                + "    to: pbx\n"        // 12
                + "    service: rtp\n"   // 13
                + "    media: maybe\n";  // 14
        assertEquals("t.yaml:14: media must be true or false", error(yaml));
    }

    @Test
    void badRuleId() {
        String yaml = HEAD
                + "  - {id: \"a b\", from: trunk, to: pbx, service: sip}\n";   // 10
        assertEquals("t.yaml:10: rule id 'a b' is not valid (use letters, digits, '.', '-', '_')", error(yaml));
    }

    @Test
    void portAboveRange() {
        String yaml = ""
                + "name: t\n"                                          // 1
                + "roles: {pbx: {}}\n"                                 // 2
                + "services:\n"                                        // 3
                + "  sip: {app: sip, ports: [\"udp 5060\"]}\n"         // 4
                + "  rtp:\n"                                           // 5
                + "    app: rtp\n"                                     // 6
                + "    ports:\n"                                       // 7
                + "      - udp 30000-34999\n"                          // 8
                + "      - udp 40000-70000\n"                          // 9
                + "rules: []\n";                                       // 10
        assertEquals("t.yaml:9: service 'rtp': bad port entry 'udp 40000-70000' (port 70000 outside 1-65535)",
                error(yaml));
    }

    @Test
    void portZero() {
        String yaml = "name: t\nroles: {pbx: {}}\nservices:\n  x: {app: x, ports: [\"tcp 0\"]}\nrules: []\n";
        assertEquals("t.yaml:4: service 'x': bad port entry 'tcp 0' (port 0 outside 1-65535)", error(yaml));
    }

    @Test
    void lowAboveHigh() {
        String yaml = ""
                + "name: t\n"                                               // 1
                + "roles: {pbx: {}}\n"                                      // 2
                + "services:\n"                                             // 3
                + "  rtp: {app: rtp, ports: [\"udp 34999-30000\"]}\n"       // 4
                + "rules: []\n";                                            // 5
        assertEquals("t.yaml:4: service 'rtp': bad port entry 'udp 34999-30000' (low port 34999 above high port"
                + " 30000)", error(yaml));
    }

    @Test
    void otherPortEntryProblems() {
        String pre = "name: t\nroles: {pbx: {}}\nservices:\n";   // lines 1-3; the service is line 4
        assertEquals("t.yaml:4: service 'x': bad port entry 'xdp 5060' (unknown transport 'xdp', use tcp, udp,"
                + " sctp, icmp)", error(pre + "  x: {app: x, ports: [\"xdp 5060\"]}\nrules: []\n"));
        assertEquals("t.yaml:4: service 'x': bad port entry 'udp' (missing port or range)",
                error(pre + "  x: {app: x, ports: [\"udp\"]}\nrules: []\n"));
        assertEquals("t.yaml:4: service 'x': bad port entry 'icmp 8' (icmp takes no port)",
                error(pre + "  x: {app: x, ports: [\"icmp 8\"]}\nrules: []\n"));
        assertEquals("t.yaml:4: service 'x': bad port entry 'udp 50a' ('50a' is not a port or LOW-HIGH range)",
                error(pre + "  x: {app: x, ports: [\"udp 50a\"]}\nrules: []\n"));
        assertEquals("t.yaml:4: service 'x': ports must not be empty",
                error(pre + "  x: {app: x, ports: []}\nrules: []\n"));
        assertEquals("t.yaml:4: missing required key 'app' in service 'x'",
                error(pre + "  x: {ports: [\"udp 1\"]}\nrules: []\n"));
        assertEquals("t.yaml:4: unknown key 'port' in service 'x' (allowed: app, ports)",
                error(pre + "  x: {app: x, port: [\"udp 1\"]}\nrules: []\n"));
    }

    @Test
    void transportShorthandExpands() throws Exception {
        FlowMatrix m = load("name: t\nroles: {pbx: {}}\nservices:\n  s: {app: stun, ports: [\"udp+tcp 3478\"]}\n"
                + "rules: []\n");
        assertEquals("udp 3478, tcp 3478", m.services().get("s").portsText());
    }

    @Test
    void unknownTopLevelKey() {
        String yaml = ""
                + "name: t\n"                      // 1
                + "roles: {pbx: {}}\n"             // 2
                + "services: {}\n"                 // 3
                + "rule: []\n";                    // 4
        assertEquals("t.yaml:4: unknown key 'rule' at top level (allowed: name, description, roles, bind, services,"
                + " rules)", error(yaml));
    }

    @Test
    void missingTopLevelKeyPointsAtTheDocument() {
        String yaml = "\n# comment\nname: t\nroles: {pbx: {}}\nrules: []\n";   // mapping starts at line 3
        assertEquals("t.yaml:3: missing required key 'services' at top level", error(yaml));
    }

    @Test
    void unknownRoleKey() {
        String yaml = ""
                + "name: t\n"                                 // 1
                + "roles:\n"                                  // 2
                + "  pbx:\n"                                  // 3
                + "    description: PBX\n"                    // 4
                + "    host: [pbx.example.net]\n"             // 5
                + "services: {}\n"                            // 6
                + "rules: []\n";                              // 7
        assertEquals("t.yaml:5: unknown key 'host' in role 'pbx' (allowed: description, hosts)", error(yaml));
    }

    @Test
    void duplicateRoleIsADuplicateKey() {
        String yaml = HEAD.replace("  sbc: {}\n", "  pbx: {}\n");   // line 4 repeats line 3
        assertEquals("t.yaml:4: duplicate key 'pbx' in roles (first at line 3)", error(yaml));
    }

    @Test
    void reservedAndInvalidRoleNames() {
        assertEquals("t.yaml:4: role name 'any' is reserved (pseudo-role)",
                error(HEAD.replace("  sbc: {}\n", "  any: {}\n")));
        assertEquals("t.yaml:4: role name 'other' is reserved (pseudo-role)",
                error(HEAD.replace("  sbc: {}\n", "  other: {}\n")));
        assertEquals("t.yaml:4: role name 'SBC 1' is not valid (use a-z, 0-9, '-', '_')",
                error(HEAD.replace("  sbc: {}\n", "  SBC 1: {}\n")));
    }

    @Test
    void badHostPattern() {
        assertEquals("t.yaml:5: role 'trunk': host pattern 'sip.*.example.net' is not a DNS name or *.domain",
                error(HEAD.replace("*.sip.example.net", "sip.*.example.net")));
    }

    @Test
    void bindSectionErrors() {
        String pre = "name: t\nroles: {pbx: {}, sbc: {}}\nbind:\n";   // lines 1-3
        String post = "services: {}\nrules: []\n";
        assertEquals("t.yaml:5: bind names unknown role 'pbxx' (known: pbx, sbc)",
                error(pre + "  sbc: 10.0.0.1\n  pbxx: [10.0.0.0/8]\n" + post));
        assertEquals("t.yaml:6: bind pbx: '10.0.0.0/33' is not an IPv4/IPv6 address or CIDR",
                error(pre + "  pbx:\n    - 10.0.1.0/24\n    - 10.0.0.0/33\n" + post));
    }

    @Test
    void yamlSyntaxErrorCarriesItsLine() {
        String yaml = ""
                + "name: t\n"                              // 1
                + "roles:\n"                               // 2
                + "  pbx: description: PBX\n"              // 3: a second ':' in a plain scalar
                + "services: {}\n"
                + "rules: []\n";
        assertEquals("t.yaml:3: YAML syntax error: mapping values are not allowed here", error(yaml));
    }

    @Test
    void emptyDocument() {
        assertEquals("t.yaml:1: empty document (expected name, roles, services, rules)", error("# nothing\n"));
    }

    @Test
    void documentMustBeAMapping() {
        assertEquals("t.yaml:2: expected a mapping at top level", error("\n- a\n- b\n"));
    }

    @Test
    void loadsFromAFileWithThePathInErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("site.yaml");
        Files.writeString(f, HEAD + "  - {id: a, from: trunk, to: pbxx, service: sip}\n");
        MatrixException e = assertThrows(MatrixException.class, () -> MatrixLoader.load(f, List.of()));
        assertEquals(f + ":10: rule 'a' names unknown role 'pbxx' (known: pbx, sbc, trunk)", e.getMessage());
        Files.writeString(f, HEAD + "  - {id: a, from: trunk, to: pbx, service: sip}\n");
        assertEquals(1, MatrixLoader.loadNamed(f.toString(), List.of()).ruleCount());
    }

    @Test
    void unknownNameListsTheBuiltInProfiles() {
        MatrixException e = assertThrows(MatrixException.class,
                () -> MatrixLoader.loadNamed("no-such-profile", List.of()));
        assertEquals("'no-such-profile' is neither a file nor a built-in profile (built-in: audiocodes-ovoc,"
                + " estos-procall-ucconnect, jtel-acd, jtel-acd-stack, xivo-edge)", e.getMessage());
    }

    @Test
    void demoExampleLoads() throws Exception {
        Path demo = RepoFiles.find("examples/demo-matrix.yaml");
        FlowMatrix m = MatrixLoader.load(demo, List.of());
        assertEquals("demo", m.name());
        assertEquals(List.of("trunk-sip-in", "sbc-sip-pbx", "sbc-pbx-rtp", "trunk-sbc-rtp", "stun-turn",
                "sbc-sips-pbx"), ruleIds(m));
        assertEquals("[127.0.20.0/24]", m.role("sbc").blocks().toString());
        long[] trunk = IpAddresses.parse("127.0.30.1");
        long[] sbc = IpAddresses.parse("127.0.20.1");
        long[] pbx = IpAddresses.parse("127.0.10.1");
        long[] host = IpAddresses.parse("127.0.99.1");
        assertEquals("trunk-sip-in", m.rule(m.match(17, trunk[0], trunk[1], 5060, sbc[0], sbc[1], 5060)).id());
        assertEquals("sbc-sips-pbx", m.rule(m.match(6, sbc[0], sbc[1], 40000, pbx[0], pbx[1], 5061)).id());
        assertEquals("sbc-pbx-rtp", m.rule(m.match(17, pbx[0], pbx[1], 30000, sbc[0], sbc[1], 10000)).id());
        long[] turn = IpAddresses.parse("127.0.40.1");
        assertEquals("stun-turn", m.rule(m.match(17, host[0], host[1], 40000, turn[0], turn[1], 3478)).id());
        assertEquals(FlowMatrix.NO_RULE, m.match(17, pbx[0], pbx[1], 5060, trunk[0], trunk[1], 5060));
    }

    @Test
    void missingFileIsReported(@TempDir Path dir) {
        Path f = dir.resolve("nope.yaml");
        assertEquals(f + ": no such file",
                assertThrows(MatrixException.class, () -> MatrixLoader.load(f, List.of())).getMessage());
    }

    @Test
    void multiLineTextStaysOnOneTableRow() throws Exception {
        FlowMatrix m = load(HEAD + "  - id: a\n    from: trunk\n    to: pbx\n    service: sip\n    purpose: |\n"
                + "      line one\n      line two\n");
        assertEquals("line one\nline two", m.rule(0).purpose());
        StringBuilder sb = new StringBuilder();
        MatrixTable.render(m, sb);
        assertTrue(sb.toString().contains("  line one line two\n"), sb.toString());
    }

    @Test
    void docsExampleLoads() throws Exception {
        String md = Files.readString(RepoFiles.find("docs/matrix.md"));
        int start = md.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = md.substring(start, md.indexOf("```", start));
        FlowMatrix m = load(yaml);
        assertEquals(List.of("trunk-sip-in", "sbc-pbx-rtp", "turn/stun", "turn/ping"), ruleIds(m));
        assertEquals("udp 3478, tcp 3478", m.services().get("stun").portsText());
    }

    static List<String> ruleIds(FlowMatrix m) {
        String[] ids = new String[m.ruleCount()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = m.rule(i).id();
        }
        return List.of(ids);
    }
}

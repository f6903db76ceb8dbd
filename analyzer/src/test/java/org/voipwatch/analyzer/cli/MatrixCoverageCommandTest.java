package org.voipwatch.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.Captures;

/**
 * {@code voipwatch matrix coverage} on the bundled scenario captures; expected per-rule figures from each
 * scenario's README (tshark facts): demo-site (two answered SIP calls, one two-way and one one-way RTP flow, a
 * STUN exchange), tcp-blocked (RST on 5060, three 5061 attempts refused or dropped), dns-named-roles.
 */
class MatrixCoverageCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String repo(String path) {
        return Captures.repoRoot().resolve(path).toString();
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void healthySiteExitsZeroAndShowsEveryRule() {
        assertEquals(0, run("matrix", "coverage", repo("scenarios/demo-site/capture.pcap"), "--matrix",
                repo("examples/demo-matrix.yaml")), err.toString());
        String t = text();
        assertTrue(t.matches("(?s).*\\nsbc-sip-pbx +sbc -> pbx +udp 5060, tcp 5060 +2 +2 +0 +0  answered\\n.*"), t);
        assertTrue(t.matches("(?s).*\\nsbc-pbx-rtp +sbc -> pbx +udp 30000-34999 +2 +1 +1 +0  partly answered\\n.*"),
                t);
        assertTrue(t.matches("(?s).*\\nstun-turn +any -> turn +udp 3478 +1 +1 +0 +0  answered\\n.*"), t);
        assertTrue(t.matches("(?s).*\\ntrunk-sip-in +trunk -> sbc .* +0 +0 +0 +0  never exercised\\n.*"), t);
        // trunk -> pbx udp 5070 (ICMP unreachable) and tcp 22 (RST): undocumented and refused
        assertTrue(t.matches("(?s).*\\n\\(no rule\\) +2 +0 +0 +2  undocumented\\n.*"), t);
        assertTrue(t.contains("3 of 6 rules exercised, 0 rules BLOCKED, 3 never exercised"), t);
    }

    @Test
    void blockedDocumentedRuleExitsOneAndJsonSaysWhich() {
        int code = run("matrix", "coverage", repo("scenarios/tcp-blocked/capture.pcap"), "--matrix",
                repo("examples/demo-matrix.yaml"), "--format", "json");
        assertEquals(1, code, err.toString());
        String j = text();
        assertTrue(j.contains("{\"rule\":\"sbc-sip-pbx\",\"from\":\"sbc\",\"to\":\"pbx\",\"service\":\"udp 5060, tcp 5060\","
                + "\"flows\":1,\"answered\":0,\"unanswered\":0,\"blocked\":1,\"packets\":2,\"verdict\":\"BLOCKED\"}"), j);
        assertTrue(j.contains("{\"rule\":\"sbc-sips-pbx\",\"from\":\"sbc\",\"to\":\"pbx\",\"service\":\"tcp 5061\","
                + "\"flows\":3,\"answered\":0,\"unanswered\":0,\"blocked\":3,\"packets\":6,\"verdict\":\"BLOCKED\"}"), j);
        assertTrue(j.endsWith("\"exercised\":2,\"blockedRules\":2,\"neverExercised\":4}\n"), j);
    }

    @Test
    void dnsNamedRolesAreCoveredThroughTheLearnedAddresses() {
        assertEquals(0, run("matrix", "coverage", repo("scenarios/dns-named-roles/capture.pcap"), "--matrix",
                repo("scenarios/dns-named-roles/matrix.yaml")), err.toString());
        String t = text();
        assertTrue(t.matches("(?s).*\\nclient-dns +client -> resolver +udp 53, tcp 53 +4 +4 +0 +0  answered\\n.*"), t);
        assertTrue(t.matches("(?s).*\\nclient-ucconnect/sip +client -> ucconnect +udp 5060 +1 +1 +0 +0  answered.*"), t);
        assertTrue(t.matches("(?s).*\\nclient-ucconnect/sips +client -> ucconnect +tcp 5061 +1 +1 +0 +0  answered.*"),
                t);
        assertTrue(t.matches("(?s).*\\nclient-ucconnect/https +client -> ucconnect +tcp 443 +2 +2 +0 +0  answered.*"),
                t);
        assertTrue(t.matches("(?s).*\\n\\(no rule\\) +1 +1 +0 +0  undocumented\\n.*"), t);
    }

    @Test
    void usageErrors() {
        assertEquals(Main.EXIT_USAGE, run("matrix", "coverage", repo("scenarios/demo-site/capture.pcap")));
        assertTrue(err.toString().contains("needs --matrix"), err.toString());
        assertEquals(Main.EXIT_USAGE, run("matrix", "coverage", "--matrix", repo("examples/demo-matrix.yaml")));
        assertEquals(Main.EXIT_USAGE, run("matrix", "coverage", repo("scenarios/demo-site/capture.pcap"), "--matrix",
                "no-such-profile"));
        assertEquals(Main.EXIT_USAGE, run("matrix", "coverage", repo("scenarios/demo-site/capture.pcap"), "--matrix",
                repo("examples/demo-matrix.yaml"), "--format", "xml"));
    }
}

package org.voipwatch.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.classify.Role;
import org.voipwatch.analyzer.classify.Rule;
import org.voipwatch.analyzer.testutil.Captures;

/**
 * {@code voipwatch matrix learn}: the draft loads, keeps a base matrix intact, and — the proof that it documents
 * reality — fed back to {@code analyze} classifies the same capture with no {@code unexpected_flow}. Expected
 * roles, ranges and counts come from scenarios/demo-site/README.md (tshark facts of that capture).
 */
class MatrixLearnCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static Path repo(String path) {
        return Captures.repoRoot().resolve(path);
    }

    /** Learns a draft, checks it loads, returns its path. */
    private Path learn(Path capture, String... extra) throws Exception {
        Path draft = tmp.resolve("draft-" + capture.getFileName() + ".yaml");
        List<String> args = new java.util.ArrayList<>(List.of("matrix", "learn", capture.toString(), "--output",
                draft.toString()));
        args.addAll(List.of(extra));
        int code = run(args.toArray(new String[0]));
        assertEquals(0, code, "learn failed: " + err);
        MatrixLoader.load(draft, List.of()); // throws with file:line on any problem
        return draft;
    }

    /** The unexpected_flow events of analysing {@code capture} with {@code matrix}. */
    private List<String> unexpected(Path capture, Path matrix) throws Exception {
        Path events = tmp.resolve("events.jsonl");
        int code = run("analyze", capture.toString(), "--matrix", matrix.toString(), "--events", events.toString(),
                "--quiet");
        assertTrue(code == 0 || code == 1, "analyze failed: " + err);
        return Files.readAllLines(events).stream().filter(l -> l.contains("\"type\":\"unexpected_flow\""))
                .collect(Collectors.toList());
    }

    @Test
    void demoCaptureWithoutBaseGivesSubnetRolesAndAnRtpRange() throws Exception {
        Path cap = repo("scenarios/demo-site/capture.pcap");
        Path draft = learn(cap);
        String yaml = Files.readString(draft);
        FlowMatrix m = MatrixLoader.load(draft, List.of());
        // README: pbx hosts 127.0.10.1/.2, sbc 127.0.20.1/.2, trunk 127.0.30.5, turn 127.0.40.1
        assertEquals(List.of("net-127-0-10", "net-127-0-20", "net-127-0-30", "net-127-0-40"),
                m.roles().stream().map(Role::name).collect(Collectors.toList()));
        assertEquals("[127.0.10.1, 127.0.10.2]", m.role("net-127-0-10").blocks().toString());
        // RTP 127.0.20.1:32000 -> 127.0.10.1:30000 (answered by the echo) and 127.0.20.2:32010 -> 127.0.10.2:30010
        // (one-way): one media rule over the observed range, 1 of 2 flows answered; packets 236/236 + 236/0
        Rule rtp = m.rule(m.ruleIndex("net-127-0-20--net-127-0-10--rtp-udp-30000-30010"));
        assertTrue(rtp.media());
        assertEquals("udp 30000-30010", rtp.service().portsText());
        assertTrue(yaml.contains("# learned: 2 flows (1 answered, 1 unanswered, 0 blocked), 708 packets"), yaml);
        // SIP: two calls, 3 + 4 packets each, all answered
        assertTrue(yaml.contains("# learned: 2 flows (2 answered, 0 unanswered, 0 blocked), 14 packets; e.g. "
                + "127.0.20.1:5060 -> 127.0.10.1:5060\n  - id: net-127-0-20--net-127-0-10--sip-udp-5060"), yaml);
        // trunk -> pbx udp 5070 drew ICMP unreachable: drafted, but flagged
        assertTrue(yaml.contains("(0 answered, 0 unanswered, 1 blocked), 5 packets; e.g. 127.0.30.5:40000 -> "
                + "127.0.10.1:5070"), yaml);
        assertEquals(List.of(), unexpected(cap, draft));
    }

    @Test
    void withBaseKeepsItAndAddsOnlyTheUndocumentedFlows() throws Exception {
        Path cap = repo("scenarios/demo-site/capture.pcap");
        Path baseFile = repo("examples/demo-matrix.yaml");
        FlowMatrix base = MatrixLoader.load(baseFile, List.of());
        assertEquals(2, unexpected(cap, baseFile).size(), "README: two flows that no matrix documents");
        Path draft = learn(cap, "--matrix", baseFile.toString());
        FlowMatrix m = MatrixLoader.load(draft, List.of());
        assertEquals("demo-learned", m.name());
        assertEquals(base.roles().size(), m.roles().size(), "both flows are between base roles: no new role");
        for (Role r : base.roles()) {
            Role d = m.role(r.name());
            assertNotNull(d, r.name());
            assertEquals(r.blocks().toString(), d.blocks().toString(), r.name());
            assertEquals(r.hostPatterns(), d.hostPatterns(), r.name());
            assertEquals(r.description(), d.description(), r.name());
        }
        for (int i = 0; i < base.ruleCount(); i++) {
            Rule b = base.rule(i);
            Rule d = m.rule(i);
            assertEquals(b.id(), d.id());
            assertEquals(b.fromMask(), d.fromMask(), b.id());
            assertEquals(b.toMask(), d.toMask(), b.id());
            assertEquals(b.service().portsText(), d.service().portsText(), b.id());
            assertEquals(b.media(), d.media(), b.id());
            assertEquals(b.purpose(), d.purpose(), b.id());
            assertEquals(b.provenance(), d.provenance(), b.id());
        }
        assertEquals(List.of("trunk--pbx--unknown-tcp-22", "trunk--pbx--unknown-udp-5070"),
                m.ruleCount() == base.ruleCount() + 2 ? List.of(m.rule(base.ruleCount() + 1).id(),
                        m.rule(base.ruleCount()).id()) : List.of("rule count " + m.ruleCount()));
        assertEquals(List.of(), unexpected(cap, draft));
    }

    @Test
    void builtInProfileWithBindsIsWrittenOutWithItsBindings() throws Exception {
        Path cap = repo("scenarios/demo-site/capture.pcap");
        Path draft = learn(cap, "--matrix", "xivo-edge", "--bind", "sip-proxy=127.0.20.0/24",
                "--bind", "mediaserver=127.0.10.0/24");
        FlowMatrix m = MatrixLoader.load(draft, List.of());
        FlowMatrix p = MatrixLoader.loadNamed("xivo-edge", List.of());
        assertEquals("[127.0.20.0/24]", m.role("sip-proxy").blocks().toString());
        for (int i = 0; i < p.ruleCount(); i++) {
            assertEquals(p.rule(i).id(), m.rule(i).id(), "profile rules keep their ids and order");
        }
        assertEquals(List.of(), unexpected(cap, draft));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ntop+nDPI/tests/cfgs/default/pcap/zoom.pcap", "ntop+nDPI/tests/cfgs/default/pcap/viber.pcap",
        "ntop+nDPI/tests/cfgs/default/pcap/webex.pcap", "OISF+suricata-verify/tests/sip-method/sip.pcap",
        "ntop+nDPI/tests/cfgs/default/pcap/stun.pcap"})
    void publicCapturesRoundTripWithNoUnexpectedFlow(String capture) throws Exception {
        // stun.pcap adds IPv6 (/64 roles) and STUN over TCP; sip.pcap dozens of SIP methods; zoom/viber DNS + TLS
        Path corpus = Captures.sharedPcaps();
        Assumptions.assumeTrue(corpus != null && Files.exists(corpus.resolve(capture)),
                "public capture corpus ../shared/pcaps absent: skipped");
        Path cap = corpus.resolve(capture);
        assertTrue(unexpected(cap, learn(cap)).isEmpty());
    }

    @Test
    void protocolsAMatrixCannotNameAreReportedNotDrafted() throws Exception {
        Path corpus = Captures.sharedPcaps();
        String capture = "realjimmy+sample-captures/wireshark-samples/files/adsl-cpe/nb6-startup.pcap";
        Assumptions.assumeTrue(corpus != null && Files.exists(corpus.resolve(capture)), "corpus absent: skipped");
        Path cap = corpus.resolve(capture);
        Path draft = learn(cap);
        // tshark -Y igmp: one IGMP membership report 10.251.23.139 -> 239.255.255.250 (IP protocol 2)
        assertTrue(Files.readString(draft).contains("# 1 flow of IP protocols a matrix cannot name ({ip2=1})"));
        List<String> left = unexpected(cap, draft);
        assertEquals(1, left.size(), String.join("\n", left));
        assertTrue(left.get(0).contains("\"proto\":\"ip2\""), left.get(0));
    }

    @Test
    void usageErrors() {
        assertEquals(Main.EXIT_USAGE, run("matrix", "learn"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("needs at least one capture file"));
        assertEquals(Main.EXIT_USAGE, run("matrix", "learn", repo("scenarios/demo-site/capture.pcap").toString(),
                "--bind", "pbx=10.0.0.1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--bind needs --matrix BASE"));
        assertEquals(Main.EXIT_USAGE, run("matrix", "learn", "no-such.pcap"));
        assertEquals(Main.EXIT_USAGE, run("matrix", "learn", repo("scenarios/demo-site/capture.pcap").toString(),
                "--format", "json"));
    }
}

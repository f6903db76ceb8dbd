package org.voipwatch.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Captures.Timed;
import org.voipwatch.analyzer.testutil.Frames;

/**
 * The whole analyze command on a hand-built capture whose flows are known by construction: documented,
 * undocumented, refused by RST, by silence and by ICMP. Expected events follow from the demo matrix rules
 * (examples/demo-matrix.yaml) and the frames written here.
 */
class AnalyzeCommandTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path demoMatrix() {
        return Captures.repoRoot().resolve("examples/demo-matrix.yaml");
    }

    private Path scenario() throws Exception {
        List<Timed> f = new ArrayList<>();
        // 1. documented: sbc -> pbx SIP OPTIONS and its answer
        f.add(new Timed(T0, Frames.udp("127.0.20.1", 40000, "127.0.10.1", 5060, "OPTIONS sip:pbx SIP/2.0\r\n\r\n")));
        f.add(new Timed(T0 + 2 * MS, Frames.udp("127.0.10.1", 5060, "127.0.20.1", 40000, "SIP/2.0 200 OK\r\n\r\n")));
        // 2. undocumented: trunk -> pbx udp 5070, three packets, one event
        for (int i = 0; i < 3; i++) {
            f.add(new Timed(T0 + (10 + i) * MS, Frames.udp("127.0.30.5", 5555, "127.0.10.1", 5070, "hello")));
        }
        // 3. documented sbc -> pbx tcp 5061 refused by RST
        f.add(new Timed(T0 + 20 * MS, Frames.tcp("127.0.20.1", 41000, "127.0.10.1", 5061, Frames.TCP_SYN, 100, 0)));
        f.add(new Timed(T0 + 21 * MS, Frames.tcp("127.0.10.1", 5061, "127.0.20.1", 41000,
                Frames.TCP_RST | Frames.TCP_ACK, 0, 101)));
        // 4. documented sbc -> pbx tcp 5061 never answered: SYN at 0 s, 1 s, 3 s
        for (long s : new long[] {0, 1000, 3000}) {
            f.add(new Timed(T0 + (30 + s) * MS, Frames.tcp("127.0.20.1", 41001, "127.0.10.1", 5061, Frames.TCP_SYN,
                    7, 0)));
        }
        // 5. documented trunk -> sbc udp 5060 answered by ICMP port unreachable
        byte[] invite = Frames.udp("127.0.30.1", 6000, "127.0.20.1", 5060, "INVITE sip:x@sbc SIP/2.0\r\n\r\n");
        f.add(new Timed(T0 + 40 * MS, invite));
        f.add(new Timed(T0 + 41 * MS, Frames.icmpUnreachable("127.0.20.1", "127.0.30.1", 3, invite)));
        // 6. two hosts bound to no role: undocumented, info only
        f.add(new Timed(T0 + 50 * MS, Frames.udp("10.1.1.1", 1234, "10.1.1.2", 9999, "x")));
        // a late packet of the documented SIP flow moves the clock past the SYN timeout
        f.add(new Timed(T0 + 5000 * MS, Frames.udp("127.0.20.1", 40000, "127.0.10.1", 5060,
                "OPTIONS sip:pbx SIP/2.0\r\n\r\n")));
        return Captures.write(tmp.resolve("scenario.pcap"), f);
    }

    @Test
    void reportsUnexpectedAndBlockedFlowsAndExitsOneOnCritical() throws Exception {
        Path events = tmp.resolve("events.jsonl");
        int code = run("analyze", scenario().toString(), "--matrix", demoMatrix().toString(), "--events",
                events.toString(), "--quiet");
        assertEquals(1, code, "critical blocked flows must give exit code 1; stderr: " + err);
        List<String> lines = Files.readAllLines(events);
        String all = String.join("\n", lines);
        assertEquals(5, lines.size(), all);

        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"unexpected_flow\",\"severity\":\"warning\"")
                && l.contains("\"src\":\"127.0.30.5\",\"sport\":5555,\"dst\":\"127.0.10.1\",\"dport\":5070")
                && l.contains("\"srcRole\":\"trunk\",\"dstRole\":\"pbx\",\"rule\":null")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"unexpected_flow\",\"severity\":\"info\"")
                && l.contains("\"dst\":\"10.1.1.2\",\"dport\":9999")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"blocked_flow\",\"severity\":\"critical\"")
                && l.contains("\"sport\":41000") && l.contains("\"rule\":\"sbc-sips-pbx\"")
                && l.contains("\"reason\":\"tcp_rst\"")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"blocked_flow\",\"severity\":\"critical\"")
                && l.contains("\"sport\":41001") && l.contains("\"reason\":\"tcp_syn_unanswered\"")
                && l.contains("\"retransmissions\":2")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"blocked_flow\",\"severity\":\"critical\"")
                && l.contains("\"src\":\"127.0.30.1\",\"sport\":6000,\"dst\":\"127.0.20.1\",\"dport\":5060")
                && l.contains("\"rule\":\"trunk-sip-in\"") && l.contains("\"reason\":\"icmp_unreachable\"")
                && l.contains("\"icmpType\":3,\"icmpCode\":3")), all);
        // the RST flow was reported as blocked and as nothing else
        assertEquals(1, lines.stream().filter(l -> l.contains("\"sport\":41000")).count(), all);

        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("sbc-sip-pbx"), summary);
        assertTrue(summary.matches("(?s).*sbc-sip-pbx\\s.*answered.*"), summary);
        assertTrue(summary.matches("(?s).*stun-turn\\s.*never exercised.*"), summary);
    }

    @Test
    void udpRequestsWithoutAnswerAreBlockedButOneWayServicesAndMediaAreNot() throws Exception {
        List<Timed> f = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long t = T0 + i * 1000 * MS;
            // a request/response service nobody answers (undocumented: severity info)
            f.add(new Timed(t, Frames.udp("127.0.30.7", 3333, "127.0.10.1", 6000, "query")));
            // syslog is one-way by design, RTP is judged by the audio detectors, 224.0.0.251 is multicast
            f.add(new Timed(t, Frames.udp("127.0.30.7", 3334, "127.0.10.1", 514, "<13>log line")));
            f.add(new Timed(t, Frames.udp("127.0.20.1", 32000, "127.0.10.1", 30000,
                    new byte[] {(byte) 0x80, 8, 0, (byte) i, 0, 0, 0, 0, 1, 2, 3, 4, 9, 9})));
            f.add(new Timed(t, Frames.udp("127.0.30.7", 5353, "224.0.0.251", 5353, "mdns")));
        }
        Path cap = Captures.write(tmp.resolve("udp.pcap"), f);
        Path events = tmp.resolve("events.jsonl");
        run("analyze", cap.toString(), "--matrix", demoMatrix().toString(), "--events", events.toString(),
                "--udp-timeout", "2.5", "--quiet");
        List<String> blocked = Files.readAllLines(events).stream().filter(l -> l.contains("blocked_flow"))
                .collect(Collectors.toList());
        assertEquals(1, blocked.size(), String.join("\n", blocked));
        String b = blocked.get(0);
        assertTrue(b.contains("\"reason\":\"udp_unanswered\"") && b.contains("\"dport\":6000")
                && b.contains("\"severity\":\"info\"") && b.contains("\"packets\":4"), b);
    }

    @Test
    void icmpForAnAnsweredFlowOrTheRespondersDatagramIsNotABlockedFlow() throws Exception {
        List<Timed> f = new ArrayList<>();
        // a STUN-like exchange trunk -> turn (documented), answered; then the client closes its port and the
        // server's late datagram draws an ICMP port unreachable from the client
        byte[] req = Frames.udp("127.0.30.1", 40000, "127.0.40.1", 3478, "request");
        byte[] late = Frames.udp("127.0.40.1", 3478, "127.0.30.1", 40000, "late answer");
        f.add(new Timed(T0, req));
        f.add(new Timed(T0 + MS, Frames.udp("127.0.40.1", 3478, "127.0.30.1", 40000, "answer")));
        f.add(new Timed(T0 + 100 * MS, late));
        f.add(new Timed(T0 + 101 * MS, Frames.icmpUnreachable("127.0.30.1", "127.0.40.1", 3, late)));
        // an answered flow whose initiator later hits a closed port (RTP after hang-up)
        byte[] rtp = Frames.udp("127.0.20.1", 32000, "127.0.10.1", 30000, "rtp");
        f.add(new Timed(T0 + 200 * MS, rtp));
        f.add(new Timed(T0 + 201 * MS, Frames.udp("127.0.10.1", 30000, "127.0.20.1", 32000, "rtp back")));
        f.add(new Timed(T0 + 300 * MS, rtp));
        f.add(new Timed(T0 + 301 * MS, Frames.icmpUnreachable("127.0.10.1", "127.0.20.1", 3, rtp)));
        Path cap = Captures.write(tmp.resolve("icmp.pcap"), f);
        Path events = tmp.resolve("events.jsonl");
        assertEquals(0, run("analyze", cap.toString(), "--matrix", demoMatrix().toString(), "--events",
                events.toString(), "--quiet"), err.toString());
        assertEquals(List.of(), Files.readAllLines(events));
    }

    @Test
    void jsonSummaryCountsPacketsAndRules() throws Exception {
        int code = run("analyze", scenario().toString(), "--matrix", demoMatrix().toString(), "--format", "json",
                "--quiet");
        assertEquals(1, code);
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"packets\":14,"), json);
        assertTrue(json.contains("{\"rule\":\"sbc-sips-pbx\",\"flows\":2,\"answered\":0,\"blocked\":2"), json);
        assertTrue(json.contains("{\"rule\":\"sbc-sip-pbx\",\"flows\":1,\"answered\":1,\"blocked\":0,\"packets\":3"),
                json);
    }

    @Test
    void usageAndInputErrorsExitTwoWithAClearMessage() throws Exception {
        assertEquals(2, run("analyze", "/nonexistent.pcap", "--matrix", demoMatrix().toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("capture file not found: /nonexistent.pcap"));

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "name: x\nroles:\n  pbx: {description: p}\nrules:\n  - id: r\n    from: [nobody]\n");
        err.reset();
        assertEquals(2, run("analyze", scenario().toString(), "--matrix", bad.toString()));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("bad.yaml:"), msg);

        err.reset();
        assertEquals(2, run("analyze", scenario().toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--matrix"));

        Path garbage = tmp.resolve("garbage.pcap");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
            23, 24});
        err.reset();
        assertEquals(2, run("analyze", garbage.toString(), "--matrix", demoMatrix().toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("garbage.pcap"), err.toString());

        assertEquals(2, run("frobnicate"));
        assertEquals(0, run("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("voipwatch "));
    }

    @Test
    void truncatedCaptureGivesResultsForWhatWasReadAndAWarning() throws Exception {
        Path full = scenario();
        byte[] bytes = Files.readAllBytes(full);
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        int code = run("analyze", cut.toString(), "--matrix", demoMatrix().toString(), "--format", "json", "--quiet");
        assertEquals(1, code);
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"packets\":13,"), json);
        String warn = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("warning"))
                .collect(Collectors.joining("\n"));
        assertTrue(warn.contains("cut.pcap") && warn.contains("truncated"), err.toString());
    }
}

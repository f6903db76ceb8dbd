package org.voipwatch.analyzer.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Scenarios;

/**
 * Opens the HTML report of the scenario captures in a real headless Chromium (the Debian package, driven by
 * playwright-core from npm; no browser download) and checks what a reader sees: no console errors, no network
 * request, the matrix grid with each documented rule in its cell and colour, the unexpected flows, the call list
 * and the ladder diagrams. Expected values come from each scenario's README (tshark facts) and
 * examples/demo-matrix.yaml. Reports and screenshots stay in analyzer/target/report-screenshots/.
 * Skips with a message when chromium, node/npm or the playwright-core package are unavailable.
 */
class HtmlReportBrowserTest {
    private static final String PLAYWRIGHT_VERSION = "playwright-core@1";
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String skip;
    private static Path chromium;
    private static Path playwright;
    private static Path out;

    @BeforeAll
    static void findBrowser() throws Exception {
        out = Captures.repoRoot().resolve("analyzer/target/report-screenshots");
        Files.createDirectories(out);
        String env = System.getenv("VOIPWATCH_CHROMIUM");
        for (String c : new String[] {env, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (c != null && Files.isExecutable(Paths.get(c))) {
                chromium = Paths.get(c);
                break;
            }
        }
        if (chromium == null) {
            skip = "chromium not installed (apt-get install chromium, or set VOIPWATCH_CHROMIUM)";
            return;
        }
        if (run(List.of("node", "--version"), null, 30).code != 0
                || run(List.of("npm", "--version"), null, 30).code != 0) {
            skip = "node/npm not installed (apt-get install nodejs npm)";
            return;
        }
        String dir = System.getenv("VOIPWATCH_PLAYWRIGHT_DIR");
        Path base = dir != null ? Paths.get(dir)
                : Paths.get(System.getProperty("user.home"), ".cache", "voipwatch-test", "playwright");
        Path module = base.resolve("node_modules").resolve("playwright-core");
        if (!Files.exists(module.resolve("package.json"))) {
            Files.createDirectories(base);
            Result r = run(List.of("npm", "install", "--prefix", base.toString(), "--no-audit", "--no-fund",
                    "--loglevel=error", PLAYWRIGHT_VERSION), null, 300);
            if (r.code != 0 || !Files.exists(module.resolve("package.json"))) {
                skip = "npm install " + PLAYWRIGHT_VERSION + " failed (offline?): " + r.err;
                return;
            }
        }
        playwright = module;
    }

    @BeforeEach
    void needBrowser() {
        Assumptions.assumeTrue(skip == null, skip);
    }

    @Test
    void demoSite() throws Exception {
        Page p = open("demo-site");
        // examples/demo-matrix.yaml: each rule in its from/to cell; README facts decide the verdicts
        p.assertRule("sbc-sip-pbx", "sbc", "pbx", "answered");
        p.assertRule("sbc-pbx-rtp", "sbc", "pbx", "partly answered"); // call B's RTP went one way (236/0)
        p.assertRule("stun-turn", "any", "turn", "answered");
        p.assertRule("trunk-sip-in", "trunk", "sbc", "never exercised");
        p.assertRule("trunk-sbc-rtp", "trunk", "sbc", "never exercised");
        p.assertRule("sbc-sips-pbx", "sbc", "pbx", "never exercised");
        p.assertColoursByVerdict();
        // the two undocumented flows, in the trunk -> pbx cell, with their evidence linked
        assertEquals(List.of("trunk>pbx udp 5070", "trunk>pbx tcp 22"), p.unexpectedChips());
        assertTrue(p.json.get("unexpectedLinkHighlights").asBoolean(), "chip scrolls to and highlights its row");
        List<String> rows = p.unexpectedRowTexts();
        assertTrue(rows.get(0).contains("+1.95") && rows.get(0).contains("127.0.30.5:40000")
                && rows.get(0).contains("icmp_unreachable"), rows.get(0));
        assertTrue(rows.get(1).contains("+2.98") && rows.get(1).contains("tcp_rst"), rows.get(1));
        // two calls, each INVITE/100/180/200/ACK ... BYE/200, between sbc and pbx
        JsonNode calls = p.json.get("calls");
        assertEquals(2, p.json.get("callRows").size());
        List<String> ladder = List.of("INVITE", "100 Trying", "180 Ringing", "200 OK", "ACK", "BYE", "200 OK (BYE)");
        for (JsonNode c : calls) {
            assertEquals(ladder, labels(c), c.get("callId").asText());
            assertEquals(List.of("sbc", "pbx"), texts(c.get("hosts")));
        }
        assertTrue(calls.get(0).get("sdpShown").asText().contains("m=audio 32000"), "INVITE's SDP on click");
        assertTrue(p.json.get("callRows").get(1).get("cells").get(0).asText().startsWith("+1.05"));
        // README: call B's SDP: sbc offers 127.0.20.2:32010, pbx answers 127.0.10.2:30010. docs/matrix.md: the
        // media rule sbc-pbx-rtp (udp 30000-34999, the pbx's range) matches either orientation on the pbx's port
        List<String> media = texts(calls.get(1).get("media"));
        assertEquals(2, media.size(), media.toString());
        assertTrue(media.get(0).startsWith("sbc 127.0.20.2:32010 \u2192 pbx 127.0.10.2:30010 (PCMA")
                && media.get(0).contains("documented by rule sbc-pbx-rtp (udp 30000-34999, pbx port 30010)"),
                media.get(0));
        assertTrue(media.get(1).startsWith("pbx 127.0.10.2:30010 \u2192 sbc 127.0.20.2:32010")
                && media.get(1).contains("documented by rule sbc-pbx-rtp (udp 30000-34999, pbx port 30010)"),
                media.get(1));
        if (p.hasEventType("one_way_audio")) {
            // a problem event of a call links to it
            assertTrue(texts(p.json.get("callLinks")).contains("call " + calls.get(1).get("callId").asText()));
            // once call analysis emits it: call B shows the silent pbx -> sbc direction
            JsonNode f = calls.get(1).get("findings");
            assertTrue(f.size() > 0 && f.get(0).get("text").asText().contains("127.0.10.2:30010"), f.toString());
        }
    }

    @Test
    void tcpBlocked() throws Exception {
        Page p = open("tcp-blocked");
        // README: 5060 refused by RST (sbc-sip-pbx), three 5061 flows refused by ICMP or silence (sbc-sips-pbx)
        p.assertRule("sbc-sip-pbx", "sbc", "pbx", "BLOCKED");
        p.assertRule("sbc-sips-pbx", "sbc", "pbx", "BLOCKED");
        p.assertRule("trunk-sip-in", "trunk", "sbc", "never exercised");
        p.assertColoursByVerdict();
        assertTrue(p.rule("sbc-sip-pbx").get("title").asText().contains("tcp_rst"));
        String t = p.rule("sbc-sips-pbx").get("title").asText();
        assertTrue(t.contains("icmp_unreachable") && t.contains("tcp_syn_unanswered"), t);
        assertEquals(List.of(), p.unexpectedChips());
        assertEquals("v-crit", p.json.get("bannerClass").asText());
        assertEquals(0, p.json.get("callRows").size());
    }

    @Test
    void oneWayAudio() throws Exception {
        Page p = open("one-way-audio");
        p.assertRule("sbc-sip-pbx", "sbc", "pbx", "answered");
        p.assertRule("sbc-pbx-rtp", "sbc", "pbx", "unanswered"); // README: RTP only sbc -> pbx
        assertEquals(1, p.json.get("callRows").size());
        assertEquals(List.of("INVITE", "100 Trying", "180 Ringing", "200 OK", "ACK", "BYE", "200 OK (BYE)"),
                labels(p.json.get("calls").get(0)));
        // README: one RTP stream only, so each chart has one line
        for (JsonNode c : p.json.get("calls").get(0).get("charts")) {
            assertEquals(1, c.get("series").asInt(), c.toString());
        }
        assertEquals(2, p.json.get("calls").get(0).get("charts").size());
        if (p.hasEventType("one_way_audio")) {
            JsonNode f = p.json.get("calls").get(0).get("findings");
            assertTrue(f.size() > 0 && f.get(0).get("text").asText().contains("127.0.10.1:30000"), f.toString());
        }
    }

    @Test
    void mediaPortOutsideTheMatrixIsNamed() throws Exception {
        // the demo matrix with the pbx media range moved to 31000-34999: the pbx's port 30000 (README of
        // one-way-audio: SDP offer 127.0.20.1:32000, answer 127.0.10.1:30000) is then documented by no rule, in
        // either orientation (docs/matrix.md: the range applies to the pbx's port both ways)
        String yaml = Files.readString(Scenarios.demoMatrix()).replace("udp 30000-34999", "udp 31000-34999");
        Path matrix = Files.createTempFile("narrow-matrix", ".yaml");
        Files.writeString(matrix, yaml);
        try {
            Page p = open("one-way-audio", matrix, "narrow-matrix");
            List<String> media = texts(p.json.get("calls").get(0).get("media"));
            assertEquals(2, media.size(), media.toString());
            assertTrue(media.get(0).startsWith("sbc 127.0.20.1:32000 \u2192 pbx 127.0.10.1:30000")
                    && media.get(0).contains("no matrix rule documents udp media between sbc port 32000 and pbx "
                    + "port 30000"), media.get(0));
            assertTrue(media.get(1).startsWith("pbx 127.0.10.1:30000 \u2192 sbc 127.0.20.1:32000")
                    && media.get(1).contains("no matrix rule documents udp media between pbx port 30000 and sbc "
                    + "port 32000"), media.get(1));
        } finally {
            Files.deleteIfExists(matrix);
        }
    }

    @Test
    void mediaFindingsInWords() throws Exception {
        // scenarios/no-audio README: no_audio 127.0.20.1:32000 -> 127.0.10.1:30000, rule sbc-pbx-rtp
        Page p = open("no-audio");
        assertEquals("no_audio", p.json.get("callRows").get(0).get("cells").get(6).asText());
        String f = p.json.get("calls").get(0).get("findings").get(0).get("text").asText();
        assertTrue(f.startsWith("no audio: no RTP in either direction") && f.contains("127.0.20.1:32000 \u2192 "
                + "127.0.10.1:30000") && f.contains("sbc-pbx-rtp"), f);
        // scenarios/rtp-wrong-port README: RTP to 127.0.10.1:30002, negotiated 127.0.10.1:30000
        p = open("rtp-wrong-port");
        f = p.json.get("calls").get(0).get("findings").get(0).get("text").asText();
        assertTrue(f.contains("RTP went to an endpoint no SDP announced (negotiated 127.0.10.1:30000)")
                && f.contains("127.0.20.1:32000 \u2192 127.0.10.1:30002"), f);
        // scenarios/sdp-port-outside-range README: the pbx answers port 40000, outside 30000-34999
        p = open("sdp-port-outside-range");
        f = p.json.get("calls").get(0).get("findings").get(0).get("text").asText();
        assertTrue(f.contains("negotiated on udp 40000, a port no media rule between sbc \u2192 pbx permits"), f);
        List<String> media = texts(p.json.get("calls").get(0).get("media"));
        assertTrue(media.get(0).contains("no matrix rule documents udp media between sbc port 32000 and pbx port "
                + "40000"), media.toString());
        assertEquals(List.of("sbc>pbx udp 40000"), p.unexpectedChips());
    }

    @Test
    void sipBlockedShowsRetransmissions() throws Exception {
        Page p = open("sip-blocked");
        // README: the INVITE and 4 retransmissions, nothing back
        JsonNode c = p.json.get("calls").get(0);
        List<Boolean> re = new ArrayList<>();
        for (JsonNode a : c.get("arrows")) {
            re.add(a.get("retransmission").asBoolean());
            assertTrue(a.get("line").asText().startsWith("INVITE "));
        }
        assertEquals(List.of(false, true, true, true, true), re);
        JsonNode cells = p.json.get("callRows").get(0).get("cells");
        assertTrue(cells.get(5).asText().startsWith("no final response"), cells.get(5).asText());
        assertTrue(cells.get(6).asText().startsWith("unanswered"), cells.get(6).asText());
        if (p.hasEventType("blocked_flow")) {
            // the call analysis reports the silence as blocked_flow sip_unanswered with the Call-ID: a finding
            JsonNode f = c.get("findings");
            assertTrue(f.size() == 1 && f.get(0).get("text").asText().contains("INVITE sent 5 times"), f.toString());
        }
    }

    @Test
    void turnAllocation() throws Exception {
        Page p = open("turn-allocation");
        p.assertRule("stun-turn", "any", "turn", "answered");
        // README: client 2's Allocates with credentials draw 401 and never succeed
        List<String> stun = texts(p.json.get("stunRows"));
        assertTrue(stun.stream().anyMatch(r -> r.contains("turn_allocation_failure")
                && r.contains("127.0.20.2:") && r.contains("127.0.40.1:3478") && r.contains("errorCode=401")),
                stun.toString());
        // the relayed data turn -> trunk udp 3480 is attributed to its allocation (docs/events.md: TURN-relayed
        // media is not unexpected_flow), so no unexpected chip
        assertEquals(List.of(), p.unexpectedChips());
        assertEquals(0, p.json.get("callRows").size());
    }

    @Test
    void healthyCall() throws Exception {
        Page p = open("healthy-call");
        p.assertRule("sbc-sip-pbx", "sbc", "pbx", "answered");
        p.assertRule("sbc-pbx-rtp", "sbc", "pbx", "answered");
        assertEquals("v-ok", p.json.get("bannerClass").asText());
        assertEquals(1, p.json.get("callRows").size());
        // README: RTP both ways, 120 packets each: a loss chart and a jitter chart, one line per direction
        JsonNode charts = p.json.get("calls").get(0).get("charts");
        assertEquals(2, charts.size(), charts.toString());
        for (JsonNode c : charts) {
            assertEquals(2, c.get("series").asInt(), c.toString());
            assertEquals(2, c.get("lines").asInt(), c.toString());
        }
    }

    @Test
    void callEventsOfOtherAnalyzersJoinTheirCall() throws Exception {
        // call events as the call analysis will emit them (member names may differ: the page reads them
        // defensively), for call B of demo-site, whose Call-ID the ladder recorder also saw
        ReportEventCollector events = new ReportEventCollector();
        ReportRun run = ReportRun.of(ReportRun.scenario("demo-site"), events);
        String callB = run.ladder.calls().get(1).callId;
        MonitorEvent e = new MonitorEvent();
        e.type = "one_way_audio";
        events.onEvent(e, "{\"type\":\"one_way_audio\",\"severity\":\"critical\",\"time\":\"2026-11-22T17:05:26.0Z\","
                + "\"proto\":\"udp\",\"src\":\"127.0.20.2\",\"sport\":32010,\"dst\":\"127.0.10.2\",\"dport\":30010,"
                + "\"srcRole\":\"sbc\",\"dstRole\":\"pbx\",\"rule\":\"sbc-pbx-rtp\",\"callId\":\"" + callB + "\"}",
                callB);
        e.type = "call_summary";
        events.onEvent(e, "{\"type\":\"call_summary\",\"severity\":\"info\",\"callId\":\"" + callB + "\","
                + "\"verdict\":\"one_way_audio\",\"caller\":\"alice\",\"forward\":{\"packets\":236,\"mos\":4.41},"
                + "\"reverse\":{\"packets\":0}}", callB);
        e.type = "no_audio";
        // a bare event: nothing but its type and Call-ID must still render
        events.onEvent(e, "{\"type\":\"no_audio\",\"callId\":\"orphan-1\"}", "orphan-1");
        Path report = out.resolve("call-events.html");
        Files.writeString(report, run.html());
        Page p = check(report, "call-events");
        JsonNode rows = p.json.get("callRows");
        assertEquals(3, rows.size(), "two recorded calls and the orphan Call-ID");
        JsonNode b = null;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).get("callId").asText().equals(callB)) {
                b = p.json.get("calls").get(i);
                assertEquals("alice", rows.get(i).get("cells").get(2).asText());
                assertEquals("one_way_audio", rows.get(i).get("cells").get(6).asText());
                assertEquals("4.41", rows.get(i).get("cells").get(7).asText());
            }
        }
        assertTrue(b != null);
        String text = b.get("findings").get(0).get("text").asText();
        assertTrue(text.contains("127.0.20.2:32010 \u2192 127.0.10.2:30010")
                && text.contains("127.0.10.2:30010 \u2192 127.0.20.2:32010") && text.contains("sbc-pbx-rtp"), text);
        assertEquals(7, b.get("arrows").size());
    }

    @Test
    void largeCaptureStaysBounded() throws Exception {
        Path dir = Files.createTempDirectory("report");
        Path cap = Scenarios.fiveEvents(dir.resolve("big.pcap"), 20_000);
        Path report = out.resolve("large.html");
        int code = Main.run(List.of("analyze", cap.toString(), "--matrix", Scenarios.demoMatrix().toString(),
                "--report", report.toString(), "--quiet"), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(Main.EXIT_CRITICAL, code);
        assertTrue(Files.size(report) < 3_000_000, "report size " + Files.size(report));
        Page p = check(report, "large");
        // 5 + 20,000 events: 5,000 kept, 15,005 counted and said so
        String caps = String.join(" ", texts(p.json.get("caps")));
        assertTrue(caps.contains("first 5,000 events") && caps.contains("15,005 more"), caps);
        Files.deleteIfExists(cap);
        Files.deleteIfExists(dir);
    }

    // ------------------------------------------------------------------ helpers

    /** Analyses the scenario with --report, opens the report in Chromium, returns what the page showed. */
    private Page open(String scenario) throws Exception {
        return open(scenario, Scenarios.demoMatrix(), scenario);
    }

    private Page open(String scenario, Path matrix, String name) throws Exception {
        Path report = out.resolve(name + ".html");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("analyze", ReportRun.scenario(scenario).toString(), "--matrix",
                matrix.toString(), "--report", report.toString(), "--quiet"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertTrue(code == Main.EXIT_OK || code == Main.EXIT_CRITICAL, err.toString(StandardCharsets.UTF_8));
        return check(report, name);
    }

    /** Opens a report file in Chromium; screenshots and what was seen are kept under the given name. */
    private Page check(Path report, String name) throws Exception {
        String scenario = name;
        Path script = Paths.get(HtmlReportBrowserTest.class.getResource("report-check.js").toURI());
        Result r = run(List.of("node", script.toString(), playwright.toString(), chromium.toString(),
                report.toString(), out.resolve(scenario).toString()), null, 120);
        assertEquals(0, r.code, "report-check.js failed: " + r.err);
        JsonNode json = JSON.readTree(r.out);
        Files.writeString(out.resolve(scenario + "-seen.json"), json.toPrettyString());
        assertEquals(List.of(), texts(json.get("consoleErrors")), "console errors");
        assertEquals(List.of(), texts(json.get("pageErrors")), "page errors");
        assertEquals(List.of(), texts(json.get("requests")), "network requests");
        assertTrue(Files.size(out.resolve(scenario + "-page.png")) > 10_000, "screenshot written");
        // nothing pushes the page sideways in a 1400 px window
        assertTrue(json.get("scrollWidth").asInt() <= 1400, "page width " + json.get("scrollWidth").asInt());
        Matcher m = DATA.matcher(Files.readString(report));
        assertTrue(m.find());
        return new Page(json, JSON.readTree(m.group(1)));
    }

    private static List<String> labels(JsonNode call) {
        List<String> l = new ArrayList<>();
        for (JsonNode a : call.get("arrows")) {
            l.add(a.get("label").asText().replace(" [SDP]", ""));
        }
        return l;
    }

    private static List<String> texts(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }

    /** What the browser showed for one report, plus the data embedded in it. */
    private static final class Page {
        final JsonNode json;
        final JsonNode data;

        Page(JsonNode json, JsonNode data) {
            this.json = json;
            this.data = data;
        }

        JsonNode rule(String id) {
            JsonNode found = null;
            for (JsonNode c : json.get("ruleChips")) {
                if (c.get("rule").asText().equals(id)) {
                    assertEquals(null, found, "rule " + id + " in one cell only (single from/to role)");
                    found = c;
                }
            }
            assertTrue(found != null, "rule " + id + " shown in the grid");
            return found;
        }

        void assertRule(String id, String from, String to, String verdict) {
            JsonNode c = rule(id);
            assertEquals(from + ">" + to, c.get("from").asText() + ">" + c.get("to").asText(), id + " cell");
            assertEquals(verdict, c.get("verdict").asText(), id + " verdict");
        }

        /** Chips of one verdict share a colour; different verdicts look different. */
        void assertColoursByVerdict() {
            Map<String, String> colour = new HashMap<>();
            for (JsonNode c : json.get("ruleChips")) {
                String v = c.get("verdict").asText();
                String bg = c.get("background").asText();
                String before = colour.putIfAbsent(v, bg);
                assertTrue(before == null || before.equals(bg), v + " chips differ in colour");
            }
            List<String> seen = new ArrayList<>(colour.values());
            assertEquals(seen.size(), seen.stream().distinct().count(), "verdicts share a colour: " + colour);
            colour.forEach((v, bg) -> assertNotEquals("rgba(0, 0, 0, 0)", bg, v + " has no colour"));
        }

        List<String> unexpectedChips() {
            List<String> l = new ArrayList<>();
            for (JsonNode c : json.get("unexpectedChips")) {
                l.add(c.get("from").asText() + ">" + c.get("to").asText() + " " + c.get("proto").asText() + " "
                        + c.get("port").asInt());
            }
            return l;
        }

        List<String> unexpectedRowTexts() {
            List<String> l = new ArrayList<>();
            for (JsonNode r : json.get("unexpectedRows")) {
                l.add(String.join(" | ", texts(r.get("cells"))));
            }
            return l;
        }

        boolean hasEventType(String type) {
            for (JsonNode e : data.get("events")) {
                if (type.equals(e.path("type").asText())) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Result(int code, String out, String err) {
    }

    /** Runs a command with a time limit; output read fully (both streams to files to avoid pipe deadlocks). */
    private static Result run(List<String> cmd, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        Path o = Files.createTempFile("report-check", ".out");
        Path e = Files.createTempFile("report-check", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(o.toFile()).redirectError(e.toFile());
            pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p;
            try {
                p = pb.start();
            } catch (IOException notFound) {
                return new Result(127, "", notFound.getMessage());
            }
            try (InputStream ignored = InputStream.nullInputStream()) {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    return new Result(124, Files.readString(o), "timed out after " + timeoutSeconds + " s");
                }
            }
            return new Result(p.exitValue(), Files.readString(o), Files.readString(e));
        } finally {
            Files.deleteIfExists(o);
            Files.deleteIfExists(e);
        }
    }
}

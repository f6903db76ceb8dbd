package org.voipwatch.analyzer.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Captures.Timed;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.analyzer.testutil.Scenarios;

/**
 * The HTML report without a browser: self-contained (nothing to load from the network), hostile text escaped
 * out of the embedded script elements, and the CLI option wired. What a browser shows is HtmlReportBrowserTest.
 */
class HtmlReportTest {
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);
    private static final String HOSTILE = "</script><script>alert(1)</script><!--";

    @TempDir
    Path tmp;

    @Test
    void reportIsSelfContained() throws Exception {
        String html = ReportRun.of(ReportRun.scenario("demo-site")).html();
        // no element that loads anything, no remote URL in attributes or CSS
        for (String bad : new String[] {"<link", "<img", "<iframe", "<object", "<embed", "@import", "<base"}) {
            assertFalse(html.toLowerCase().contains(bad), "report contains " + bad);
        }
        assertFalse(Pattern.compile("<script[^>]*\\ssrc\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "external script");
        // url(#id) references an element of the page (SVG markers); anything else would be a load
        assertFalse(Pattern.compile("url\\(\\s*['\"]?(?!#)", Pattern.CASE_INSENSITIVE).matcher(html).find(), "url()");
        // the only absolute URL is the SVG namespace name, which is an identifier, never fetched
        Matcher m = Pattern.compile("(?i)(https?:|//[a-z0-9.-]+\\.[a-z]{2,}/|wss?:|ftp:)").matcher(html);
        List<String> urls = new ArrayList<>();
        while (m.find()) {
            int end = Math.min(html.length(), m.start() + 40);
            urls.add(html.substring(m.start(), end));
        }
        urls.removeIf(u -> u.startsWith("http://www.w3.org/2000/svg") || u.startsWith("//www.w3.org/2000/svg"));
        assertEquals(List.of(), urls, "absolute URLs in the report");
        // the CSP forbids loads even if a future edit adds one
        assertTrue(html.contains("default-src 'none'"));
        // the inlined template really is inlined: no placeholder left
        assertFalse(html.contains("@CSS@") || html.contains("@JS@") || html.contains("@DATA@"));
        assertTrue(html.length() < 200_000, "report of the demo capture is small: " + html.length());
    }

    @Test
    void eventTextCannotCloseTheScriptElement() throws Exception {
        ReportEventCollector events = new ReportEventCollector();
        ReportRun run = ReportRun.of(ReportRun.scenario("tcp-blocked"), events);
        MonitorEvent e = new MonitorEvent();
        e.type = "test_event";
        // an event as the sink hands it over: JSON text with the hostile string inside a member
        StringBuilder json = new StringBuilder("{\"type\":\"test_event\",\"severity\":\"info\",\"note\":");
        org.voipwatch.analyzer.event.Json.appendString(json, HOSTILE);
        json.append('}');
        events.onEvent(e, json, null);
        String html = run.html();
        // exactly two script elements (data, code), each closed once: the hostile text did not close one
        assertEquals(2, count(html, "</script>"), "closing script tags");
        assertEquals(0, count(html, "<!--"), "comment openers");
        Matcher m = DATA.matcher(html);
        assertTrue(m.find());
        JsonNode data = new ObjectMapper().readTree(m.group(1));
        JsonNode last = data.get("events").get(data.get("events").size() - 1);
        assertEquals(HOSTILE, last.get("note").asText(), "the text survives the escaping unchanged");
    }

    @Test
    void sipTextReachesTheLadderEscaped() throws Exception {
        String sdp = "v=0\r\no=x 1 1 IN IP4 127.0.20.1\r\ns=" + HOSTILE + "\r\nc=IN IP4 127.0.20.1\r\nt=0 0\r\n"
                + "m=audio 32000 RTP/AVP 8\r\n";
        String invite = "INVITE sip:x%3C@127.0.10.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.20.1:5060;branch=z9hG4bK1\r\n"
                + "From: <sip:a@127.0.20.1>;tag=1\r\nTo: <sip:b@127.0.10.1>\r\nCall-ID: c1@test\r\nCSeq: 1 INVITE\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp;
        List<Timed> f = List.of(new Timed(Scenarios.T0, Frames.udp("127.0.20.1", 5060, "127.0.10.1", 5060, invite)));
        Path cap = Captures.write(tmp.resolve("c.pcap"), f);
        String html = ReportRun.of(cap).html();
        assertEquals(2, count(html, "</script>"));
        Matcher m = DATA.matcher(html);
        assertTrue(m.find());
        JsonNode call = new ObjectMapper().readTree(m.group(1)).get("ladder").get("calls").get(0);
        assertEquals("c1@test", call.get("callId").asText());
        assertTrue(call.get("msgs").get(0).get("sdp").asText().contains("s=" + HOSTILE));
    }

    @Test
    void healthyCallHasLossAndJitterPerSecondForBothStreams() throws Exception {
        JsonNode call = ladderData(ReportRun.of(ReportRun.scenario("healthy-call"))).get("calls").get(0);
        JsonNode streams = call.get("streams");
        // scenarios/healthy-call README (tshark): 120 RTP packets each way, none lost
        assertEquals(2, streams.size(), streams.toString());
        for (JsonNode s : streams) {
            int packets = 0;
            int expected = 0;
            int lost = 0;
            for (int b = 0; b < s.get("packets").size(); b++) {
                packets += s.get("packets").get(b).asInt();
                expected += s.get("expected").get(b).asInt();
                lost += s.get("lost").get(b).asInt();
            }
            assertEquals(120, packets, s.toString());
            assertEquals(120, expected, s.toString());
            assertEquals(0, lost, s.toString());
            assertEquals(8000, s.get("clockRate").asInt());
            assertEquals(s.get("packets").size(), s.get("jitterMs").size());
        }
        assertTrue(!streams.get(0).get("src").asText().equals(streams.get(1).get("src").asText()), "two directions");
    }

    @Test
    void oneWayAudioHasOneStream() throws Exception {
        JsonNode data = ladderData(ReportRun.of(ReportRun.scenario("one-way-audio")));
        JsonNode streams = data.get("calls").get(0).get("streams");
        // scenarios/one-way-audio README: RTP only sbc 127.0.20.1:32000 -> pbx 127.0.10.1:30000
        assertEquals(1, streams.size(), streams.toString());
        assertEquals("127.0.10.1:30000", streams.get(0).get("dst").asText());
        assertEquals(1, data.get("mediaTimeline").get("streams").asInt());
    }

    @Test
    void lossAndJitterPerSecondFromHandBuiltRtp() throws Exception {
        List<Timed> f = new ArrayList<>();
        long ms = 1_000_000L;
        f.add(new Timed(Scenarios.T0, Frames.udp("127.0.20.1", 5060, "127.0.10.1", 5060,
                sipWithSdp("INVITE sip:b@127.0.10.1 SIP/2.0", "127.0.20.1", 32000))));
        f.add(new Timed(Scenarios.T0 + 10 * ms, Frames.udp("127.0.10.1", 5060, "127.0.20.1", 5060,
                sipWithSdp("SIP/2.0 200 OK", "127.0.10.1", 30000))));
        // 100 packets every 20 ms from +20 ms, seq 100..199, 160 samples each (PCMA, 8 kHz); seq 150 and 151 are
        // missing; the last one arrives 5 ms late
        for (int i = 0; i < 100; i++) {
            if (i == 50 || i == 51) {
                continue;
            }
            long t = Scenarios.T0 + (20 + 20L * i + (i == 99 ? 5 : 0)) * ms;
            f.add(new Timed(t, Frames.udp("127.0.20.1", 32000, "127.0.10.1", 30000, rtp(100 + i, 160L * i))));
        }
        JsonNode s = ladderData(ReportRun.of(Captures.write(tmp.resolve("loss.pcap"), f))).get("calls").get(0)
                .get("streams").get(0);
        // seconds since the INVITE: [0,1) holds i = 0..48, [1,2) i = 49..98 less two, [2,3) i = 99
        assertEquals("[49,48,1]", s.get("packets").toString());
        assertEquals("[49,50,1]", s.get("expected").toString());
        assertEquals("[0,2,0]", s.get("lost").toString());
        assertEquals(0.0, s.get("jitterMs").get(0).asDouble(), 1e-9, "regular arrival: no jitter");
        assertEquals(0.0, s.get("jitterMs").get(1).asDouble(), 1e-9, "a gap in seq and time alike is no jitter");
        // RFC 3550 A.8: D = 5 ms = 40 samples, J = 0 + (40 - 0) / 16 = 2.5 samples = 0.3125 ms
        assertEquals(0.3125, s.get("jitterMs").get(2).asDouble(), 0.001);
    }

    private static String sipWithSdp(String firstLine, String ip, int port) {
        String sdp = "v=0\r\no=x 1 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 8\r\n";
        return firstLine + "\r\nVia: SIP/2.0/UDP 127.0.20.1:5060;branch=z9hG4bK1\r\n"
                + "From: <sip:a@127.0.20.1>;tag=1\r\nTo: <sip:b@127.0.10.1>"
                + (firstLine.startsWith("SIP") ? ";tag=2" : "")
                + "\r\nCall-ID: loss@test\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: "
                + sdp.length() + "\r\n\r\n" + sdp;
    }

    private static byte[] rtp(int seq, long timestamp) {
        ByteBuffer b = ByteBuffer.allocate(12 + 160);
        b.put((byte) 0x80).put((byte) 8).putShort((short) seq).putInt((int) timestamp).putInt(0x1234);
        return b.array();
    }

    private static JsonNode ladderData(ReportRun run) throws Exception {
        Matcher m = DATA.matcher(run.html());
        assertTrue(m.find());
        return new ObjectMapper().readTree(m.group(1)).get("ladder");
    }

    @Test
    void analyzeWritesTheReportFile() throws Exception {
        Path cap = Scenarios.fiveEvents(tmp.resolve("five.pcap"), 0);
        Path report = tmp.resolve("r.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("analyze", cap.toString(), "--matrix", Scenarios.demoMatrix().toString(),
                "--report", report.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.EXIT_CRITICAL, code, err.toString(StandardCharsets.UTF_8));
        String html = Files.readString(report);
        Matcher m = DATA.matcher(html);
        assertTrue(m.find());
        JsonNode data = new ObjectMapper().readTree(m.group(1));
        // the five events of the scenario (testutil/Scenarios), all kept
        assertEquals(5, data.get("events").size());
        assertEquals(14, data.get("capture").get("packets").asLong());
        assertNotNull(data.get("ladder"), "the recorder ran because --report asked for it");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("report written to " + report));
    }

    @Test
    void reportDirectoryMustExist() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("analyze", ReportRun.scenario("demo-site").toString(), "--matrix",
                Scenarios.demoMatrix().toString(), "--report", tmp.resolve("nope/r.html").toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.EXIT_USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--report"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void collectorKeepsTheFirstEventsAndCountsTheRest() {
        ReportEventCollector c = new ReportEventCollector(3);
        MonitorEvent e = new MonitorEvent();
        for (int i = 0; i < 5; i++) {
            e.type = i < 4 ? "unexpected_flow" : "blocked_flow";
            c.onEvent(e, "{\"i\":" + i + "}", null);
        }
        assertEquals(List.of("{\"i\":0}", "{\"i\":1}", "{\"i\":2}"), c.events());
        assertEquals(2, c.leftOut());
        assertEquals(1, c.leftOutByType().get("unexpected_flow")[0]);
        assertEquals(1, c.leftOutByType().get("blocked_flow")[0]);
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}

package org.voipwatch.analyzer.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.Role;
import org.voipwatch.analyzer.classify.Rule;
import org.voipwatch.analyzer.event.EventJson;
import org.voipwatch.analyzer.event.Json;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.protocol.sip.SipMethod;
import org.voipwatch.analyzer.report.Summary;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.RuleCoverage;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * Writes the self-contained HTML report: one file with the template, style and script inlined and the data as
 * JSON in a {@code <script type="application/json">} element; nothing is loaded from the network when it is
 * opened. Built once after the run on the caller's thread from (1) the {@link AnalysisResult}, (2) the events a
 * {@link ReportEventCollector} kept and (3) the calls a {@link SipLadderRecorder} recorded (optional).
 */
public final class HtmlReport {
    private static final String RESOURCES = "/org/voipwatch/analyzer/report/html/";

    private HtmlReport() {
    }

    /** Writes the report to {@code file}. */
    public static void write(Path file, AnalysisResult result, List<String> inputs, ReportEventCollector events,
                             SipLadderRecorder ladder) throws IOException {
        write(file, result, inputs, events, ladder, null);
    }

    /** Writes the report to {@code file}, with loss/jitter charts when {@code timeline} is not null. */
    public static void write(Path file, AnalysisResult result, List<String> inputs, ReportEventCollector events,
                             SipLadderRecorder ladder, MediaTimelineRecorder timeline) throws IOException {
        Files.write(file, render(result, inputs, events, ladder, timeline).getBytes(StandardCharsets.UTF_8));
    }

    /** The whole HTML document. */
    public static String render(AnalysisResult result, List<String> inputs, ReportEventCollector events,
                                SipLadderRecorder ladder) {
        return render(result, inputs, events, ladder, null);
    }

    /** The whole HTML document, with loss/jitter charts when {@code timeline} is not null. */
    public static String render(AnalysisResult result, List<String> inputs, ReportEventCollector events,
                                SipLadderRecorder ladder, MediaTimelineRecorder timeline) {
        String data = dataJson(result, inputs, events, ladder, timeline);
        String title = "voipwatch report: " + String.join(", ", fileNames(inputs));
        String html = resource("report.html");
        // replace the data last: its text must not be searched for placeholders
        return html.replace("@TITLE@", escapeHtml(title))
                .replace("/*@CSS@*/", resource("report.css"))
                .replace("/*@JS@*/", resource("report.js"))
                .replace("@DATA@", escapeForScript(data));
    }

    /**
     * Makes JSON safe inside a script element: every {@code <} becomes {@code \u003c}, so neither
     * {@code </script>} nor {@code <!--} can appear. JSON has {@code <} only inside strings, where the escape
     * means the same character.
     */
    static String escapeForScript(String json) {
        return json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    private static List<String> fileNames(List<String> inputs) {
        return inputs.stream().map(s -> {
            int i = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
            return i < 0 ? s : s.substring(i + 1);
        }).toList();
    }

    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("report resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report's data as one JSON object (documented member by member in report.js). */
    static String dataJson(AnalysisResult r, List<String> inputs, ReportEventCollector events,
                           SipLadderRecorder ladder, MediaTimelineRecorder timeline) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("{\"inputs\":[");
        for (int i = 0; i < inputs.size(); i++) {
            sb.append(i > 0 ? "," : "");
            Json.appendString(sb, inputs.get(i));
        }
        sb.append("],");
        appendCapture(sb, r);
        appendMatrix(sb, r);
        sb.append(",\"unexpected\":[");
        List<Summary.UnexpectedGroup> groups = Summary.unexpectedGroups(r);
        for (int i = 0; i < groups.size(); i++) {
            Summary.UnexpectedGroup g = groups.get(i);
            sb.append(i > 0 ? "," : "").append("{\"srcRole\":");
            Json.appendString(sb, g.srcRole);
            sb.append(",\"dstRole\":");
            Json.appendString(sb, g.dstRole);
            sb.append(",\"proto\":");
            Json.appendString(sb, g.proto);
            sb.append(",\"port\":").append(g.port < 0 ? "null" : String.valueOf(g.port)).append(",\"flows\":")
                    .append(g.flows).append(",\"packets\":").append(g.packets).append('}');
        }
        sb.append("],\"unexpectedGroupsOverflow\":").append(r.unexpectedGroups.overflow);
        appendEvents(sb, events);
        sb.append(",\"ladder\":");
        if (ladder == null) {
            sb.append("null");
        } else {
            appendLadder(sb, ladder, timeline);
        }
        sb.append('}');
        return sb.toString();
    }

    private static void appendCapture(StringBuilder sb, AnalysisResult r) {
        AnalyzerCounters c = r.counters;
        sb.append("\"capture\":{\"packets\":").append(c.packets).append(",\"bytes\":").append(c.bytes);
        sb.append(",\"first\":").append(c.packets > 0 ? "\"" + iso(c.firstPacketNs) + "\"" : "null");
        sb.append(",\"last\":").append(c.packets > 0 ? "\"" + iso(c.lastPacketNs) + "\"" : "null");
        sb.append(",\"firstUs\":").append(c.packets > 0 ? c.firstPacketNs / 1000 : 0);
        sb.append(String.format(Locale.ROOT, ",\"spanSeconds\":%.6f",
                c.packets > 0 ? Math.max(0, (c.lastPacketNs - c.firstPacketNs) / 1e9) : 0.0));
        sb.append(",\"flows\":{\"tracked\":").append(c.flowsCreated).append(",\"udp\":").append(c.udpFlows)
                .append(",\"tcp\":").append(c.tcpFlows).append(",\"untracked\":").append(c.flowTableFull)
                .append(",\"evicted\":").append(c.flowsEvictedEmergency).append('}');
        sb.append(",\"protocolClasses\":");
        Summary.appendProtocolClasses(sb, c);
        sb.append(",\"decodeAnomalies\":");
        Summary.appendDecodeAnomalies(sb, c);
        sb.append(',');
        Summary.appendEvents(sb, r);
        sb.append(",\"handlerFailures\":").append(r.handlerFailures).append(",\"warnings\":[");
        for (int i = 0; i < r.warnings.size(); i++) {
            sb.append(i > 0 ? "," : "");
            Json.appendString(sb, r.warnings.get(i));
        }
        sb.append("]}");
    }

    private static void appendMatrix(StringBuilder sb, AnalysisResult r) {
        FlowMatrix m = r.matrix;
        sb.append(",\"matrix\":{\"name\":");
        Json.appendString(sb, m.name());
        sb.append(",\"description\":");
        Json.appendString(sb, m.description() == null ? "" : m.description());
        sb.append(",\"roles\":[");
        for (int i = 0; i < m.roles().size(); i++) {
            Role role = m.roles().get(i);
            sb.append(i > 0 ? "," : "").append("{\"name\":");
            Json.appendString(sb, role.name());
            sb.append(",\"description\":");
            Json.appendString(sb, role.description() == null ? "" : role.description());
            sb.append('}');
        }
        sb.append("],\"rules\":[");
        RuleCoverage cov = r.coverage;
        for (int i = 0; i < m.ruleCount(); i++) {
            Rule rule = m.rule(i);
            sb.append(i > 0 ? "," : "").append("{\"id\":");
            Json.appendString(sb, rule.id());
            sb.append(",\"from\":");
            appendRoles(sb, m, rule.fromMask());
            sb.append(",\"to\":");
            appendRoles(sb, m, rule.toMask());
            sb.append(",\"service\":");
            Json.appendString(sb, rule.service().name());
            sb.append(",\"app\":");
            Json.appendString(sb, rule.service().application() == null ? "" : rule.service().application());
            sb.append(",\"ports\":");
            Json.appendString(sb, rule.service().portsText());
            sb.append(",\"purpose\":");
            Json.appendString(sb, rule.purpose() == null ? "" : rule.purpose());
            sb.append(",\"media\":").append(rule.media());
            sb.append(",\"flows\":").append(cov.flows[i]).append(",\"answered\":").append(cov.answered[i])
                    .append(",\"blocked\":").append(cov.blocked[i]).append(",\"packets\":").append(cov.packets[i])
                    .append(",\"bytes\":").append(cov.bytes[i]).append(",\"verdict\":");
            Json.appendString(sb, Summary.verdict(cov, i));
            sb.append('}');
        }
        int u = cov.unmatchedRow();
        sb.append("],\"unmatched\":{\"flows\":").append(cov.flows[u]).append(",\"answered\":").append(cov.answered[u])
                .append(",\"packets\":").append(cov.packets[u]).append("}}");
    }

    /** Role names of a mask; ["any"] for a rule open to every address. */
    private static void appendRoles(StringBuilder sb, FlowMatrix m, long mask) {
        sb.append('[');
        if (mask == FlowMatrix.ANY_MASK) {
            sb.append("\"any\"]");
            return;
        }
        boolean first = true;
        for (int i = 0; i < 63; i++) {
            if ((mask & (1L << i)) != 0) {
                sb.append(first ? "" : ",");
                first = false;
                Json.appendString(sb, i == 62 ? "other" : (i < m.roles().size() ? m.roles().get(i).name() : "?"));
            }
        }
        sb.append(']');
    }

    private static void appendEvents(StringBuilder sb, ReportEventCollector events) {
        sb.append(",\"events\":[");
        if (events != null) {
            List<String> kept = events.events();
            for (int i = 0; i < kept.size(); i++) {
                sb.append(i > 0 ? ",\n" : "").append(kept.get(i));
            }
        }
        sb.append("],\"eventsKeptMax\":").append(events == null ? 0 : events.maxEvents());
        sb.append(",\"eventsLeftOut\":").append(events == null ? 0 : events.leftOut())
                .append(",\"eventsLeftOutByType\":{");
        if (events != null) {
            boolean first = true;
            for (Map.Entry<String, long[]> e : events.leftOutByType().entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                Json.appendString(sb, e.getKey());
                sb.append(':').append(e.getValue()[0]);
            }
        }
        sb.append('}');
    }

    private static void appendLadder(StringBuilder sb, SipLadderRecorder l, MediaTimelineRecorder t) {
        List<List<MediaTimelineRecorder.Stream>> byCall = new ArrayList<>();
        for (int i = 0; i < l.calls().size(); i++) {
            byCall.add(new ArrayList<>());
        }
        if (t != null) {
            for (MediaTimelineRecorder.Stream s : t.streams()) {
                byCall.get(s.call).add(s);
            }
        }
        sb.append("{\"maxCalls\":").append(l.maxCalls()).append(",\"maxMessages\":").append(l.maxMessages())
                .append(",\"callsNotRecorded\":").append(l.callsNotRecorded())
                .append(",\"callsNotRecordedLowerBound\":").append(l.callsNotRecordedIsLowerBound())
                .append(",\"messagesDropped\":").append(l.messagesDropped())
                .append(",\"sipMessages\":").append(l.sipMessages())
                .append(",\"sipMalformed\":").append(l.sipMalformed())
                .append(",\"mediaTimeline\":");
        if (t == null) {
            sb.append("null");
        } else {
            sb.append("{\"maxStreams\":").append(MediaTimelineRecorder.MAX_STREAMS)
                    .append(",\"maxBuckets\":").append(MediaTimelineRecorder.MAX_BUCKETS)
                    .append(",\"streams\":").append(t.streams().size())
                    .append(",\"packetsOfStreamsNotKept\":").append(t.packetsOfStreamsNotKept())
                    .append(",\"packetsBeyondLastBucket\":").append(t.packetsBeyondLastBucket())
                    .append(",\"packetsBeforeCall\":").append(t.packetsBeforeCall())
                    .append(",\"endpointsNotKept\":").append(t.endpointsNotKept()).append('}');
        }
        sb.append(",\"otherMethods\":{");
        boolean first = true;
        for (int m = 0; m < SipMethod.COUNT; m++) {
            if (l.otherMethodMessages(m) > 0) {
                sb.append(first ? "" : ",");
                first = false;
                Json.appendString(sb, SipMethod.name(m));
                sb.append(':').append(l.otherMethodMessages(m));
            }
        }
        sb.append("},\"calls\":[");
        List<SipLadderRecorder.LadderCall> calls = l.calls();
        for (int i = 0; i < calls.size(); i++) {
            SipLadderRecorder.LadderCall c = calls.get(i);
            sb.append(i > 0 ? ",\n" : "").append("{\"callId\":");
            Json.appendString(sb, c.callId);
            sb.append(",\"from\":");
            appendNullable(sb, c.fromUser);
            sb.append(",\"to\":");
            appendNullable(sb, c.toUser);
            sb.append(",\"messagesDropped\":").append(c.messagesDropped);
            if (t != null) {
                appendStreams(sb, byCall.get(i));
            }
            sb.append(",\"msgs\":[");
            for (int j = 0; j < c.messages.size(); j++) {
                SipLadderRecorder.LadderMessage m = c.messages.get(j);
                sb.append(j > 0 ? "," : "").append("{\"tUs\":").append(m.timeNs / 1000).append(",\"proto\":\"")
                        .append(m.ipProtocol == 6 ? "tcp" : m.ipProtocol == 17 ? "udp" : "ip" + m.ipProtocol)
                        .append("\",\"src\":");
                Json.appendString(sb, endpoint(m.srcHi, m.srcLo, m.srcPort));
                sb.append(",\"dst\":");
                Json.appendString(sb, endpoint(m.dstHi, m.dstLo, m.dstPort));
                sb.append(",\"srcRole\":");
                Json.appendString(sb, m.srcRole);
                sb.append(",\"dstRole\":");
                Json.appendString(sb, m.dstRole);
                sb.append(",\"line\":");
                Json.appendString(sb, m.firstLine);
                sb.append(",\"request\":").append(m.request).append(",\"status\":").append(m.statusCode)
                        .append(",\"cseqMethod\":\"").append(SipMethod.name(m.cseqMethod)).append('"');
                if (m.retransmission) {
                    sb.append(",\"retransmission\":true");
                }
                if (m.sdp != null) {
                    sb.append(",\"sdp\":");
                    Json.appendString(sb, m.sdp);
                }
                sb.append('}');
            }
            sb.append("]}");
        }
        sb.append("]}");
    }

    /** A call's RTP streams with per-second packets, expected, lost and jitter (ms at the second's end). */
    private static void appendStreams(StringBuilder sb, List<MediaTimelineRecorder.Stream> streams) {
        sb.append(",\"streams\":[");
        for (int i = 0; i < streams.size(); i++) {
            MediaTimelineRecorder.Stream s = streams.get(i);
            sb.append(i > 0 ? "," : "").append("{\"src\":");
            Json.appendString(sb, endpoint(s.srcHi, s.srcLo, s.srcPort));
            sb.append(",\"dst\":");
            Json.appendString(sb, endpoint(s.dstHi, s.dstLo, s.dstPort));
            sb.append(",\"ssrc\":").append(Integer.toUnsignedLong(s.ssrc)).append(",\"pt\":").append(s.payloadType)
                    .append(",\"clockRate\":").append(s.clockRate)
                    .append(",\"clockAssumed\":").append(!MediaTimelineRecorder.staticPayloadType(s.payloadType))
                    .append(",\"originUs\":").append(s.originNs / 1000).append(",\"packets\":[");
            for (int b = 0; b < s.buckets; b++) {
                sb.append(b > 0 ? "," : "").append(s.received[b]);
            }
            sb.append("],\"expected\":[");
            for (int b = 0; b < s.buckets; b++) {
                sb.append(b > 0 ? "," : "").append(s.expected[b]);
            }
            sb.append("],\"lost\":[");
            for (int b = 0; b < s.buckets; b++) {
                sb.append(b > 0 ? "," : "").append(s.lost(b));
            }
            sb.append("],\"jitterMs\":[");
            for (int b = 0; b < s.buckets; b++) {
                float j = s.jitterMs[b];
                sb.append(b > 0 ? "," : "").append(Float.isNaN(j) ? "null" : String.format(Locale.ROOT, "%.3f", j));
            }
            sb.append("]}");
        }
        sb.append(']');
    }

    private static void appendNullable(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
        } else {
            Json.appendString(sb, s);
        }
    }

    /** "ip:port", IPv6 in brackets. */
    static String endpoint(long hi, long lo, int port) {
        String ip = IpAddresses.format(hi, lo);
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    private static String iso(long ns) {
        StringBuilder b = new StringBuilder(32);
        EventJson.appendIsoMicros(b, ns);
        return b.toString();
    }
}

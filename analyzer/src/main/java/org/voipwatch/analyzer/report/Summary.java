package org.voipwatch.analyzer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.classify.Rule;
import org.voipwatch.analyzer.classify.Transport;
import org.voipwatch.analyzer.decode.DecodeStatus;
import org.voipwatch.analyzer.detect.call.CallAnalyzer;
import org.voipwatch.analyzer.detect.call.CallVerdict;
import org.voipwatch.analyzer.detect.stun.StunAnalyzer;
import org.voipwatch.analyzer.event.EventJson;
import org.voipwatch.analyzer.event.Json;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.LongCountMap;
import org.voipwatch.analyzer.track.RuleCoverage;

/** The end-of-run summary for a person (text) or a script (JSON). Built once, off the hot path. */
public final class Summary {
    private static final int TOP_UNEXPECTED = 15;

    private Summary() {
    }

    /** One unexpected-flow group, decoded from its key. */
    public static final class UnexpectedGroup {
        public final String srcRole;
        public final String dstRole;
        public final String proto;
        public final int port;
        public final long flows;
        public final long packets;

        UnexpectedGroup(String srcRole, String dstRole, String proto, int port, long flows, long packets) {
            this.srcRole = srcRole;
            this.dstRole = dstRole;
            this.proto = proto;
            this.port = port;
            this.flows = flows;
            this.packets = packets;
        }
    }

    public static List<UnexpectedGroup> unexpectedGroups(AnalysisResult r) {
        LongCountMap m = r.unexpectedGroups;
        List<UnexpectedGroup> out = new ArrayList<>();
        for (int i = 0; i < m.capacity(); i++) {
            long k = m.keyAt(i);
            if (k == 0 || (m.firstAt(i) <= 0 && m.secondAt(i) == 0)) {
                continue; // empty, or its only flow was re-matched to a rule later (FlowTracker.reclassify)
            }
            int a = (int) (k >>> 40) & 0x3f;
            int b = (int) (k >>> 32) & 0x3f;
            int proto = (int) (k >>> 16) & 0xff;
            int port = (int) k & 0xffff;
            boolean ports = proto == 6 || proto == 17 || proto == 132;
            out.add(new UnexpectedGroup(roleName(r.matrix, a), roleName(r.matrix, b), Transport.name(proto),
                    ports ? port : -1, m.firstAt(i), m.secondAt(i)));
        }
        out.sort((x, y) -> x.flows != y.flows ? Long.compare(y.flows, x.flows) : Long.compare(y.packets, x.packets));
        return out;
    }

    private static String roleName(FlowMatrix m, int bitIndex) {
        return bitIndex < m.roles().size() ? m.roles().get(bitIndex).name() : "other";
    }

    /** The detectors that ran after classification ({@code --detectors}), by their option names. */
    static List<String> detectors(AnalysisResult r) {
        List<String> names = new ArrayList<>(2);
        if (r.analyzer(CallAnalyzer.class) != null) {
            names.add("calls");
        }
        if (r.analyzer(StunAnalyzer.class) != null) {
            names.add("stun");
        }
        return names;
    }

    public static String text(AnalysisResult r, List<String> inputs) {
        StringBuilder sb = new StringBuilder(4096);
        AnalyzerCounters c = r.counters;
        FlowMatrix m = r.matrix;
        sb.append("voipwatch analyze: ").append(String.join(", ", inputs)).append('\n');
        sb.append("matrix ").append(m.name()).append(" (").append(m.ruleCount()).append(" rules, ")
                .append(m.roles().size()).append(" roles)\n");
        List<String> detectors = detectors(r);
        sb.append("detectors ").append(detectors.isEmpty() ? "none (flows classified against the matrix only)"
                : String.join(", ", detectors)).append("\n\n");
        sb.append(String.format(Locale.ROOT, "packets  %,d (%s) in %s of capture time%n", c.packets,
                bytes(c.bytes), span(c)));
        if (c.packets > 0) {
            sb.append(String.format(Locale.ROOT, "         first %s  last %s%n", iso(c.firstPacketNs),
                    iso(c.lastPacketNs)));
        }
        sb.append(String.format(Locale.ROOT, "speed    %.2f M packets/s (first packet read to last event written, "
                + "%.3f s)%n", r.packetsPerSecond() / 1e6, r.processingNanos / 1e9));
        sb.append(String.format(Locale.ROOT, "flows    %,d tracked, %,d expired, %,d untracked (table full), "
                + "%,d evicted under pressure%n%n", c.flowsCreated, c.flowsExpired, c.flowTableFull,
                c.flowsEvictedEmergency));
        if (c.dnsResponses + c.sniNames > 0) {
            sb.append(String.format(Locale.ROOT, "names    %,d addresses learned for DNS-named roles from %,d DNS "
                    + "responses (%,d malformed) and %,d TLS SNI; %,d evicted; %,d flows re-matched after SNI%n%n",
                    c.addressesLearned, c.dnsResponses, c.dnsMalformed, c.sniNames, c.learnedAddressesEvicted,
                    c.flowsReclassified));
        }

        sb.append("PROTOCOL CLASS      PACKETS          BYTES\n");
        for (int i = 0; i < ProtocolClass.COUNT; i++) {
            if (c.packetsByClass[i] > 0) {
                sb.append(String.format(Locale.ROOT, "  %-16s %,10d %14s%n", ProtocolClass.name(i),
                        c.packetsByClass[i], bytes(c.bytesByClass[i])));
            }
        }

        sb.append("\nEVENTS   ").append(r.events).append(" (").append(r.criticalEvents).append(" critical)");
        if (r.eventsDropped > 0) {
            sb.append(", ").append(r.eventsDropped).append(" DROPPED (event ring full)");
        }
        sb.append('\n');
        for (Map.Entry<String, long[]> e : r.eventCounts.entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-40s %,8d%n", e.getKey(), e.getValue()[0]));
        }

        if (!detectors.contains("calls")) {
            sb.append("\nCALLS    not analysed (--detectors)\n");
        } else {
            sb.append(String.format(Locale.ROOT, "%nCALLS    %,d (ok %,d, one-way audio %,d, no audio %,d, "
                    + "failed %,d, unanswered %,d); %,d untracked (table full)%n", c.callsCreated,
                    c.callsByVerdict[CallVerdict.OK], c.callsByVerdict[CallVerdict.ONE_WAY_AUDIO],
                    c.callsByVerdict[CallVerdict.NO_AUDIO], c.callsByVerdict[CallVerdict.FAILED],
                    c.callsByVerdict[CallVerdict.UNANSWERED], c.callTableFull));
            sb.append(String.format(Locale.ROOT, "RTP      %,d streams (%,d packets), %,d untracked (table full); "
                    + "SIP %,d messages, %,d malformed%n", c.rtpStreamsConfirmed, c.rtpPackets, c.rtpStreamTableFull,
                    c.sipMessages, c.sipMalformed));
        }

        RuleCoverage cov = r.coverage;
        sb.append("\nMATRIX COVERAGE (flows by documented rule)\n");
        sb.append(String.format(Locale.ROOT, "  %-28s %-26s %-22s %7s %8s %7s %10s  %s%n", "RULE", "FROM -> TO",
                "SERVICE", "FLOWS", "ANSWERED", "BLOCKED", "PACKETS", "VERDICT"));
        for (int i = 0; i < m.ruleCount(); i++) {
            Rule rule = m.rule(i);
            sb.append(String.format(Locale.ROOT, "  %-28s %-26s %-22s %,7d %,8d %,7d %,10d  %s%n",
                    cut(rule.id(), 28), cut(roles(m, rule.fromMask()) + " -> " + roles(m, rule.toMask()), 26),
                    cut(rule.service().portsText(), 22), cov.flows[i], cov.answered[i], cov.blocked[i],
                    cov.packets[i], verdict(cov, i)));
        }
        int u = cov.unmatchedRow();
        sb.append(String.format(Locale.ROOT, "  %-28s %-26s %-22s %,7d %,8d %,7d %,10d%n", "(no rule)", "", "",
                cov.flows[u], cov.answered[u], cov.blocked[u], cov.packets[u]));

        List<UnexpectedGroup> groups = unexpectedGroups(r);
        sb.append("\nUNEXPECTED FLOWS by role pair, protocol and port (top ").append(TOP_UNEXPECTED).append(" of ")
                .append(groups.size()).append(")\n");
        if (groups.isEmpty()) {
            sb.append("  none\n");
        }
        for (int i = 0; i < Math.min(TOP_UNEXPECTED, groups.size()); i++) {
            UnexpectedGroup g = groups.get(i);
            sb.append(String.format(Locale.ROOT, "  %-12s -> %-12s %-6s %-6s flows %,7d  packets %,10d%n",
                    g.srcRole, g.dstRole, g.proto, g.port < 0 ? "" : String.valueOf(g.port), g.flows, g.packets));
        }

        StunSummary.text(sb, c.stun);

        sb.append("\nDECODE ANOMALIES\n");
        boolean any = false;
        for (int i = DecodeStatus.FIRST_ANOMALY; i < DecodeStatus.COUNT; i++) {
            if (c.decodeStatus[i] > 0) {
                sb.append(String.format(Locale.ROOT, "  %-28s %,10d%n", DecodeStatus.name(i), c.decodeStatus[i]));
                any = true;
            }
        }
        if (!any) {
            sb.append("  none\n");
        }
        if (r.handlerFailures > 0) {
            sb.append("\nINTERNAL FAILURES  ").append(r.handlerFailures).append(" (handler exceptions, counted)\n");
        }
        if (!r.warnings.isEmpty()) {
            sb.append("\nWARNINGS\n");
            for (String w : r.warnings) {
                sb.append("  ").append(w).append('\n');
            }
        }
        return sb.toString();
    }

    /** answered / blocked / unanswered / never exercised, for one rule row. */
    public static String verdict(RuleCoverage cov, int row) {
        if (cov.flows[row] == 0) {
            return "never exercised";
        }
        if (cov.blocked[row] > 0) {
            return "BLOCKED";
        }
        if (cov.answered[row] == cov.flows[row]) {
            return "answered";
        }
        return cov.answered[row] == 0 ? "unanswered" : "partly answered";
    }

    public static String json(AnalysisResult r, List<String> inputs) {
        StringBuilder sb = new StringBuilder(4096);
        AnalyzerCounters c = r.counters;
        FlowMatrix m = r.matrix;
        sb.append("{\"inputs\":[");
        for (int i = 0; i < inputs.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Json.appendString(sb, inputs.get(i));
        }
        sb.append("],\"matrix\":");
        Json.appendString(sb, m.name());
        sb.append(",\"detectors\":[");
        List<String> detectors = detectors(r);
        for (int i = 0; i < detectors.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(detectors.get(i)).append('"');
        }
        sb.append(']');
        sb.append(",\"packets\":").append(c.packets).append(",\"bytes\":").append(c.bytes);
        sb.append(",\"firstPacket\":").append(c.packets > 0 ? "\"" + iso(c.firstPacketNs) + "\"" : "null");
        sb.append(",\"lastPacket\":").append(c.packets > 0 ? "\"" + iso(c.lastPacketNs) + "\"" : "null");
        sb.append(String.format(Locale.ROOT, ",\"packetsPerSecond\":%.0f,\"processingSeconds\":%.6f",
                r.packetsPerSecond(), r.processingNanos / 1e9));
        sb.append(",\"flows\":{\"tracked\":").append(c.flowsCreated).append(",\"udp\":").append(c.udpFlows)
                .append(",\"tcp\":").append(c.tcpFlows).append(",\"expired\":").append(c.flowsExpired)
                .append(",\"untracked\":").append(c.flowTableFull).append(",\"evicted\":")
                .append(c.flowsEvictedEmergency).append(",\"explained\":").append(c.flowsExplained).append('}');
        sb.append(",\"hostNames\":{\"addressesLearned\":").append(c.addressesLearned).append(",\"dnsResponses\":")
                .append(c.dnsResponses).append(",\"dnsMalformed\":").append(c.dnsMalformed).append(",\"sniNames\":")
                .append(c.sniNames).append(",\"evicted\":").append(c.learnedAddressesEvicted)
                .append(",\"flowsReclassified\":").append(c.flowsReclassified).append('}');
        sb.append(",\"protocolClasses\":");
        appendProtocolClasses(sb, c);
        sb.append(',');
        appendEvents(sb, r);
        sb.append(",\"calls\":{\"total\":").append(c.callsCreated).append(",\"untracked\":").append(c.callTableFull);
        for (int v = 0; v < CallVerdict.COUNT; v++) {
            sb.append(",\"").append(CallVerdict.name(v)).append("\":").append(c.callsByVerdict[v]);
        }
        sb.append("},\"rtp\":{\"streams\":").append(c.rtpStreamsConfirmed).append(",\"packets\":").append(c.rtpPackets)
                .append(",\"untracked\":").append(c.rtpStreamTableFull).append("},\"sip\":{\"messages\":")
                .append(c.sipMessages).append(",\"malformed\":").append(c.sipMalformed).append('}');
        sb.append(",\"coverage\":[");
        RuleCoverage cov = r.coverage;
        for (int i = 0; i < m.ruleCount(); i++) {
            sb.append(i > 0 ? "," : "").append("{\"rule\":");
            Json.appendString(sb, m.rule(i).id());
            sb.append(",\"flows\":").append(cov.flows[i]).append(",\"answered\":").append(cov.answered[i])
                    .append(",\"blocked\":").append(cov.blocked[i]).append(",\"packets\":").append(cov.packets[i])
                    .append(",\"bytes\":").append(cov.bytes[i]).append(",\"verdict\":");
            Json.appendString(sb, verdict(cov, i));
            sb.append('}');
        }
        int u = cov.unmatchedRow();
        sb.append("],\"unmatched\":{\"flows\":").append(cov.flows[u]).append(",\"answered\":").append(cov.answered[u])
                .append(",\"packets\":").append(cov.packets[u]).append("},\"unexpectedGroups\":[");
        List<UnexpectedGroup> groups = unexpectedGroups(r);
        for (int i = 0; i < groups.size(); i++) {
            UnexpectedGroup g = groups.get(i);
            sb.append(i > 0 ? "," : "").append("{\"srcRole\":");
            Json.appendString(sb, g.srcRole);
            sb.append(",\"dstRole\":");
            Json.appendString(sb, g.dstRole);
            sb.append(",\"proto\":");
            Json.appendString(sb, g.proto);
            sb.append(",\"port\":").append(g.port < 0 ? "null" : String.valueOf(g.port)).append(",\"flows\":")
                    .append(g.flows).append(",\"packets\":").append(g.packets).append('}');
        }
        sb.append("],\"decodeAnomalies\":");
        appendDecodeAnomalies(sb, c);
        StunSummary.json(sb, c.stun);
        sb.append(",\"handlerFailures\":").append(r.handlerFailures).append(",\"warnings\":[");
        for (int i = 0; i < r.warnings.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Json.appendString(sb, r.warnings.get(i));
        }
        sb.append("]}");
        return sb.toString();
    }

    /** {@code "events":{"total":..,"critical":..,"dropped":..,"byTypeSeverity":{"type/severity":n,...}}}. */
    public static void appendEvents(StringBuilder sb, AnalysisResult r) {
        sb.append("\"events\":{\"total\":").append(r.events).append(",\"critical\":").append(r.criticalEvents)
                .append(",\"dropped\":").append(r.eventsDropped).append(",\"byTypeSeverity\":{");
        boolean first = true;
        for (Map.Entry<String, long[]> e : r.eventCounts.entrySet()) {
            sb.append(first ? "" : ",");
            first = false;
            Json.appendString(sb, e.getKey());
            sb.append(':').append(e.getValue()[0]);
        }
        sb.append("}}");
    }

    /** {@code {"sip":{"packets":N,"bytes":N},...}} for the classes that saw packets (also used by the HTML report). */
    public static void appendProtocolClasses(StringBuilder sb, AnalyzerCounters c) {
        sb.append('{');
        boolean first = true;
        for (int i = 0; i < ProtocolClass.COUNT; i++) {
            if (c.packetsByClass[i] > 0) {
                sb.append(first ? "" : ",");
                first = false;
                Json.appendString(sb, ProtocolClass.name(i));
                sb.append(":{\"packets\":").append(c.packetsByClass[i]).append(",\"bytes\":")
                        .append(c.bytesByClass[i]).append('}');
            }
        }
        sb.append('}');
    }

    /** {@code {"truncated_udp":N,...}}: the decode anomalies that occurred (also used by the HTML report). */
    public static void appendDecodeAnomalies(StringBuilder sb, AnalyzerCounters c) {
        sb.append('{');
        boolean first = true;
        for (int i = DecodeStatus.FIRST_ANOMALY; i < DecodeStatus.COUNT; i++) {
            if (c.decodeStatus[i] > 0) {
                sb.append(first ? "" : ",");
                first = false;
                Json.appendString(sb, DecodeStatus.name(i));
                sb.append(':').append(c.decodeStatus[i]);
            }
        }
        sb.append('}');
    }

    static String roles(FlowMatrix m, long mask) {
        if (mask == FlowMatrix.ANY_MASK) {
            return "any";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 63; i++) {
            if ((mask & (1L << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(i == 62 ? "other" : (i < m.roles().size() ? m.roles().get(i).name() : "?"));
            }
        }
        return sb.toString();
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    private static String iso(long ns) {
        StringBuilder b = new StringBuilder(32);
        EventJson.appendIsoMicros(b, ns);
        return b.toString();
    }

    private static String span(AnalyzerCounters c) {
        double s = (c.lastPacketNs - c.firstPacketNs) / 1e9;
        return String.format(Locale.ROOT, "%.3f s", Math.max(0, s));
    }

    static String bytes(long b) {
        if (b < 10_000) {
            return b + " B";
        }
        if (b < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
        }
        if (b < 10_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f GB", b / 1e9);
    }
}

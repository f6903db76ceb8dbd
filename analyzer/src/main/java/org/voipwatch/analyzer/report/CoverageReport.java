package org.voipwatch.analyzer.report;

import java.util.List;
import java.util.Locale;

import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.Rule;
import org.voipwatch.analyzer.event.Json;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.track.RuleCoverage;

/**
 * {@code voipwatch matrix coverage}: per documented rule, flows seen / answered / unanswered / blocked and the
 * verdict ({@link Summary#verdict}), as a table or JSON — the acceptance test after a firewall change. Built once
 * at the end of a run, CLI thread.
 *
 * <p>Unanswered = flows neither answered nor reported blocked (UDP requests that got nothing back within the run,
 * SYNs whose timeout had not passed when the capture ended).
 */
public final class CoverageReport {
    private CoverageReport() {
    }

    /** Flows of a row that were neither answered nor blocked. */
    public static long unanswered(RuleCoverage cov, int row) {
        return Math.max(0, cov.flows[row] - cov.answered[row] - cov.blocked[row]);
    }

    /** Documented rules that were exercised and blocked (the exit-1 condition). */
    public static int blockedRules(AnalysisResult r) {
        int n = 0;
        for (int i = 0; i < r.matrix.ruleCount(); i++) {
            if (r.coverage.flows[i] > 0 && r.coverage.blocked[i] > 0) {
                n++;
            }
        }
        return n;
    }

    public static int neverExercised(AnalysisResult r) {
        int n = 0;
        for (int i = 0; i < r.matrix.ruleCount(); i++) {
            if (r.coverage.flows[i] == 0) {
                n++;
            }
        }
        return n;
    }

    public static String text(AnalysisResult r, List<String> inputs) {
        FlowMatrix m = r.matrix;
        RuleCoverage cov = r.coverage;
        StringBuilder sb = new StringBuilder(2048);
        sb.append("voipwatch matrix coverage: ").append(String.join(", ", inputs)).append('\n');
        sb.append("matrix ").append(m.name()).append(" (").append(m.ruleCount()).append(" rules)\n\n");
        int idWidth = 4;
        int roleWidth = 10;
        int svcWidth = 7;
        for (int i = 0; i < m.ruleCount(); i++) {
            Rule rule = m.rule(i);
            idWidth = Math.max(idWidth, rule.id().length());
            roleWidth = Math.max(roleWidth, fromTo(m, rule).length());
            svcWidth = Math.max(svcWidth, rule.service().portsText().length());
        }
        String fmt = "%-" + idWidth + "s  %-" + roleWidth + "s  %-" + svcWidth + "s  %7s %8s %10s %7s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "RULE", "FROM -> TO", "SERVICE", "FLOWS", "ANSWERED",
                "UNANSWERED", "BLOCKED", "VERDICT"));
        for (int i = 0; i < m.ruleCount(); i++) {
            Rule rule = m.rule(i);
            sb.append(String.format(Locale.ROOT, fmt, rule.id(), fromTo(m, rule), rule.service().portsText(),
                    num(cov.flows[i]), num(cov.answered[i]), num(unanswered(cov, i)), num(cov.blocked[i]),
                    Summary.verdict(cov, i)));
        }
        int u = cov.unmatchedRow();
        sb.append(String.format(Locale.ROOT, fmt, "(no rule)", "", "", num(cov.flows[u]), num(cov.answered[u]),
                num(unanswered(cov, u)), num(cov.blocked[u]), "undocumented"));
        int blocked = blockedRules(r);
        sb.append('\n').append(m.ruleCount() - neverExercised(r)).append(" of ").append(m.ruleCount())
                .append(" rules exercised, ").append(blocked).append(blocked == 1 ? " rule" : " rules")
                .append(" BLOCKED, ").append(neverExercised(r)).append(" never exercised\n");
        for (String w : r.warnings) {
            sb.append("warning: ").append(w).append('\n');
        }
        return sb.toString();
    }

    public static String json(AnalysisResult r, List<String> inputs) {
        FlowMatrix m = r.matrix;
        RuleCoverage cov = r.coverage;
        StringBuilder sb = new StringBuilder(2048);
        sb.append("{\"inputs\":[");
        for (int i = 0; i < inputs.size(); i++) {
            sb.append(i > 0 ? "," : "");
            Json.appendString(sb, inputs.get(i));
        }
        sb.append("],\"matrix\":");
        Json.appendString(sb, m.name());
        sb.append(",\"rules\":[");
        for (int i = 0; i < m.ruleCount(); i++) {
            Rule rule = m.rule(i);
            sb.append(i > 0 ? "," : "").append("{\"rule\":");
            Json.appendString(sb, rule.id());
            sb.append(",\"from\":");
            Json.appendString(sb, Summary.roles(m, rule.fromMask()));
            sb.append(",\"to\":");
            Json.appendString(sb, Summary.roles(m, rule.toMask()));
            sb.append(",\"service\":");
            Json.appendString(sb, rule.service().portsText());
            row(sb, cov, i);
            sb.append(",\"verdict\":");
            Json.appendString(sb, Summary.verdict(cov, i));
            sb.append('}');
        }
        sb.append("],\"unmatched\":{");
        sb.append("\"rule\":null");
        row(sb, cov, cov.unmatchedRow());
        sb.append("},\"exercised\":").append(m.ruleCount() - neverExercised(r)).append(",\"blockedRules\":")
                .append(blockedRules(r)).append(",\"neverExercised\":").append(neverExercised(r)).append('}');
        return sb.toString();
    }

    private static void row(StringBuilder sb, RuleCoverage cov, int i) {
        sb.append(",\"flows\":").append(cov.flows[i]).append(",\"answered\":").append(cov.answered[i])
                .append(",\"unanswered\":").append(unanswered(cov, i)).append(",\"blocked\":").append(cov.blocked[i])
                .append(",\"packets\":").append(cov.packets[i]);
    }

    private static String fromTo(FlowMatrix m, Rule rule) {
        return Summary.roles(m, rule.fromMask()) + " -> " + Summary.roles(m, rule.toMask());
    }

    private static String num(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}

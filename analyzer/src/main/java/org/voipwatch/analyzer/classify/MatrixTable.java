package org.voipwatch.analyzer.classify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link FlowMatrix} as aligned plain text for {@code voipwatch matrix show/check}: the rules, then
 * the roles with their bindings. CLI thread only.
 */
public final class MatrixTable {
    private static final String[] RULE_HEADER = {"id", "from -> to", "ports", "app", "media", "purpose", "source"};
    private static final String[] ROLE_HEADER = {"role", "bound to", "hosts", "description"};

    private MatrixTable() {
    }

    public static void render(FlowMatrix m, Appendable out) throws IOException {
        out.append("matrix ").append(m.name());
        if (!m.description().isEmpty()) {
            out.append(": ").append(m.description().replace('\n', ' ').trim());
        }
        out.append('\n').append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(RULE_HEADER);
        for (int i = 0; i < m.ruleCount(); i++) {
            Rule r = m.rule(i);
            Service s = r.service();
            rows.add(new String[] {r.id(), r.fromText() + " -> " + r.toText(), s.portsText(), s.application(),
                r.media() ? "media" : "", r.purpose(), r.provenance() == null ? "" : r.provenance()});
        }
        write(rows, out);
        out.append(m.ruleCount() == 1 ? "1 rule" : m.ruleCount() + " rules").append("\n\n");
        rows.clear();
        rows.add(ROLE_HEADER);
        for (Role role : m.roles()) {
            List<String> blocks = new ArrayList<>();
            for (AddressBlock b : role.blocks()) {
                blocks.add(b.toString());
            }
            rows.add(new String[] {role.name(), blocks.isEmpty() ? "(unbound)" : String.join(", ", blocks),
                String.join(", ", role.hostPatterns()), role.description()});
        }
        write(rows, out);
    }

    /** Pads every column but the last to its widest cell, two spaces apart, no trailing blanks. */
    private static void write(List<String[]> rows, Appendable out) throws IOException {
        int cols = rows.get(0).length;
        List<String[]> clean = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            String[] c = new String[cols];
            for (int i = 0; i < cols; i++) {
                // a YAML block scalar may hold line breaks; one rule stays one line
                c[i] = row[i].replaceAll("\\s*\\R\\s*", " ").trim();
            }
            clean.add(c);
        }
        rows = clean;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                sb.append(row[c]);
                if (c < cols - 1) {
                    sb.append(" ".repeat(width[c] - row[c].length() + 2));
                }
            }
            int end = sb.length();
            while (end > 0 && sb.charAt(end - 1) == ' ') {
                end--;
            }
            out.append(sb, 0, end).append('\n');
        }
    }
}

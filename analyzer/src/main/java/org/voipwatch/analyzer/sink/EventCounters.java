package org.voipwatch.analyzer.sink;

import java.util.concurrent.atomic.AtomicLongArray;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.event.EventType;
import org.voipwatch.analyzer.event.Severity;

/**
 * Events written, by type × severity × rule, in a fixed table sized once from the known event types, the
 * three severities and the matrix's rule ids (plus "none" for events without a rule and "other" for a type
 * or severity this table does not know). Counting is an index computation and one store: no allocation, no
 * map. Written by the sink thread only; read by a metrics scrape on another thread, hence the atomic array
 * (a single writer may use a plain read-increment-release-store).
 */
public final class EventCounters {
    /** Label values of the type dimension; the last is "other". */
    public static final String[] TYPES = {
        EventType.UNEXPECTED_FLOW, EventType.BLOCKED_FLOW, EventType.ONE_WAY_AUDIO, EventType.NO_AUDIO,
        EventType.WRONG_PORT_MEDIA, EventType.TURN_ALLOCATION_FAILURE, EventType.CALL_SUMMARY,
        EventType.CAPTURE_LOSS, "other"
    };
    /** Label values of the severity dimension; the last is "other". */
    public static final String[] SEVERITIES = {Severity.CRITICAL, Severity.WARNING, Severity.INFO, "other"};
    /** Label value of events that name no matrix rule. */
    public static final String NO_RULE = "none";

    private final String[] rules;
    private final AtomicLongArray counts;

    public EventCounters(FlowMatrix matrix) {
        int n = matrix == null ? 0 : matrix.ruleCount();
        rules = new String[n + 1];
        for (int i = 0; i < n; i++) {
            rules[i] = matrix.rule(i).id();
        }
        rules[n] = NO_RULE;
        counts = new AtomicLongArray(TYPES.length * SEVERITIES.length * rules.length);
    }

    /** Counts one event (sink thread only). */
    public void count(String type, String severity, String rule) {
        int i = index(indexOf(TYPES, type), indexOf(SEVERITIES, severity), ruleIndex(rule));
        counts.lazySet(i, counts.get(i) + 1);
    }

    public int size() {
        return counts.length();
    }

    public long get(int index) {
        return counts.get(index);
    }

    public int index(int type, int severity, int rule) {
        return (type * SEVERITIES.length + severity) * rules.length + rule;
    }

    public String typeOf(int index) {
        return TYPES[index / (SEVERITIES.length * rules.length)];
    }

    public String severityOf(int index) {
        return SEVERITIES[(index / rules.length) % SEVERITIES.length];
    }

    public String ruleOf(int index) {
        return rules[index % rules.length];
    }

    private int ruleIndex(String rule) {
        int last = rules.length - 1;
        if (rule == null) {
            return last;
        }
        for (int i = 0; i < last; i++) {
            // rule ids on events are the matrix's own String instances: identity hits first
            if (rules[i] == rule || rules[i].equals(rule)) {
                return i;
            }
        }
        return last;
    }

    private static int indexOf(String[] names, String value) {
        int last = names.length - 1;
        for (int i = 0; i < last; i++) {
            if (names[i] == value || names[i].equals(value)) {
                return i;
            }
        }
        return last;
    }
}

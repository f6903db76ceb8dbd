package org.voipwatch.analyzer.report.html;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.sink.EventSink;

/**
 * Keeps the JSON text of the first {@link #MAX_EVENTS_DEFAULT} events for the HTML report and counts the rest by
 * type, so that a capture with a million unexpected flows still gives a report of bounded size (which says how
 * many events it left out). The report reads events as opaque JSON objects, so event types added by other
 * analyzers need no change here. Written on the sink thread; read after the pipeline has closed its sinks.
 */
public final class ReportEventCollector implements EventSink {
    public static final int MAX_EVENTS_DEFAULT = 5_000;

    private final int maxEvents;
    private final List<String> kept = new ArrayList<>();
    private final Map<String, long[]> leftOutByType = new TreeMap<>();
    private long leftOut;

    public ReportEventCollector() {
        this(MAX_EVENTS_DEFAULT);
    }

    public ReportEventCollector(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    @Override
    public void onEvent(MonitorEvent event, CharSequence json, String key) {
        if (kept.size() < maxEvents) {
            kept.add(json.toString());
            return;
        }
        leftOut++;
        String type = event.type == null ? "?" : event.type;
        long[] c = leftOutByType.get(type);
        if (c == null) {
            c = new long[1];
            leftOutByType.put(type, c);
        }
        c[0]++;
    }

    @Override
    public void onBatchEnd() {
    }

    @Override
    public void close() {
    }

    /** JSON objects of the kept events, in the order they were emitted. */
    public List<String> events() {
        return Collections.unmodifiableList(kept);
    }

    public int maxEvents() {
        return maxEvents;
    }

    /** Events beyond the limit, not kept. */
    public long leftOut() {
        return leftOut;
    }

    /** Events not kept, by type. */
    public Map<String, long[]> leftOutByType() {
        return Collections.unmodifiableMap(leftOutByType);
    }
}

package org.voipwatch.analyzer.sink;

import com.lmax.disruptor.EventHandler;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.voipwatch.analyzer.event.EventJson;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.event.Severity;

/**
 * The event ring's consumer: serialises each event once and hands it to every sink; keeps per type and
 * severity counts for the summary. Runs on the sink thread.
 */
public final class SinkStage implements EventHandler<MonitorEvent> {
    private final EventJson json;
    private final List<EventSink> sinks;
    private final EventCounters eventCounters;
    /** "type/severity" → count; touched only when a new combination appears. */
    private final Map<String, long[]> counts = new TreeMap<>();
    private volatile long events;
    private volatile long critical;
    private volatile long lastEventWrittenNanos;

    public SinkStage(EventJson json, List<EventSink> sinks) {
        this(json, sinks, new EventCounters(null));
    }

    /** @param eventCounters per type × severity × rule counts, readable by a metrics scrape */
    public SinkStage(EventJson json, List<EventSink> sinks, EventCounters eventCounters) {
        this.json = json;
        this.sinks = sinks;
        this.eventCounters = eventCounters;
    }

    @Override
    public void onEvent(MonitorEvent e, long sequence, boolean endOfBatch) {
        CharSequence text = json.toJson(e);
        String key = sinks.size() == 1 && !needsKey() ? null : json.keyOf(e);
        for (int i = 0; i < sinks.size(); i++) {
            sinks.get(i).onEvent(e, text, key);
        }
        countEvent(e);
        if (endOfBatch) {
            for (int i = 0; i < sinks.size(); i++) {
                sinks.get(i).onBatchEnd();
            }
            lastEventWrittenNanos = System.nanoTime();
        }
    }

    private boolean needsKey() {
        return !(sinks.get(0) instanceof JsonLinesSink);
    }

    private void countEvent(MonitorEvent e) {
        String k = e.type + "/" + e.severity;
        long[] c = counts.get(k);
        if (c == null) {
            c = new long[1];
            counts.put(k, c);
        }
        c[0]++;
        eventCounters.count(e.type, e.severity, e.rule);
        events++;
        if (Severity.CRITICAL.equals(e.severity)) {
            critical++;
        }
    }

    /** Counts by "type/severity" (read after the sink thread stopped). */
    public Map<String, long[]> counts() {
        return counts;
    }

    public EventCounters eventCounters() {
        return eventCounters;
    }

    public long events() {
        return events;
    }

    public long critical() {
        return critical;
    }

    /** Monotonic time (System.nanoTime) at which the last batch of events was flushed, 0 if none. */
    public long lastEventWrittenNanos() {
        return lastEventWrittenNanos;
    }

    public void closeSinks() {
        for (EventSink s : sinks) {
            s.close();
        }
    }
}

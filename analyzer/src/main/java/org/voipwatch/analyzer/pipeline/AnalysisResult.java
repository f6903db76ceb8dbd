package org.voipwatch.analyzer.pipeline;

import java.util.List;
import java.util.Map;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.LongCountMap;
import org.voipwatch.analyzer.track.RuleCoverage;

/** Everything a finished analysis knows, for the summary and the exit code. Immutable once returned. */
public final class AnalysisResult {
    public final FlowMatrix matrix;
    public final AnalyzerCounters counters;
    public final RuleCoverage coverage;
    public final LongCountMap unexpectedGroups;
    public final Map<String, long[]> eventCounts;
    public final long events;
    public final long criticalEvents;
    public final long eventsDropped;
    public final long handlerFailures;
    public final List<String> warnings;
    /** Wall-clock nanoseconds from the first packet read to the last event written (or analysis end). */
    public final long processingNanos;

    public AnalysisResult(FlowMatrix matrix, AnalyzerCounters counters, RuleCoverage coverage,
                          LongCountMap unexpectedGroups, Map<String, long[]> eventCounts, long events,
                          long criticalEvents, long eventsDropped, long handlerFailures, List<String> warnings,
                          long processingNanos) {
        this.matrix = matrix;
        this.counters = counters;
        this.coverage = coverage;
        this.unexpectedGroups = unexpectedGroups;
        this.eventCounts = eventCounts;
        this.events = events;
        this.criticalEvents = criticalEvents;
        this.eventsDropped = eventsDropped;
        this.handlerFailures = handlerFailures;
        this.warnings = warnings;
        this.processingNanos = processingNanos;
    }

    public double packetsPerSecond() {
        return processingNanos <= 0 ? 0 : counters.packets * 1e9 / processingNanos;
    }
}

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

    private PacketAnalyzer[] analyzers = new PacketAnalyzer[0];

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

    /** Records the analyzers that ran (the pipeline calls this once, after the analyzer thread ended). */
    AnalysisResult withAnalyzers(PacketAnalyzer[] ran) {
        this.analyzers = ran.clone();
        return this;
    }

    /**
     * The analyzer of the given class that ran in this analysis, or null; for reports that read an analyzer's
     * recorded state after the run (the analyzer thread has ended, so reading it is safe).
     */
    public <T extends PacketAnalyzer> T analyzer(Class<T> type) {
        for (PacketAnalyzer a : analyzers) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }

    public double packetsPerSecond() {
        return processingNanos <= 0 ? 0 : counters.packets * 1e9 / processingNanos;
    }
}

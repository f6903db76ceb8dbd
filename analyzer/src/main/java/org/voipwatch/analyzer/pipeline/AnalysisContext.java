package org.voipwatch.analyzer.pipeline;

import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.FlowTracker;

/** What a {@link PacketAnalyzer} is built from; everything here belongs to the analyzer thread. */
public final class AnalysisContext {
    public final FlowMatrix matrix;
    public final AnalyzerConfig config;
    public final EventEmitter emitter;
    public final FlowTracker flows;
    public final AnalyzerCounters counters;

    public AnalysisContext(FlowMatrix matrix, AnalyzerConfig config, EventEmitter emitter, FlowTracker flows,
                           AnalyzerCounters counters) {
        this.matrix = matrix;
        this.config = config;
        this.emitter = emitter;
        this.flows = flows;
        this.counters = counters;
    }
}

package org.voipwatch.analyzer.pipeline;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.sink.EventCounters;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.RuleCoverage;

/**
 * Told once, on the caller's thread just before the first packet is read, where the pipeline keeps its
 * counters, so that a metrics binder can register functions reading them (the hot path keeps bumping plain
 * fields; nothing is looked up per packet).
 */
@FunctionalInterface
public interface PipelineObserver {
    void onStart(View view);

    /**
     * The live state of one running pipeline. The counters are written by the analyzer and sink threads;
     * readers on other threads see racy but monotonic values, which a scrape tolerates.
     */
    final class View {
        public final FlowMatrix matrix;
        public final AnalyzerCounters counters;
        public final RuleCoverage coverage;
        public final EventCounters events;
        /** Flows currently in the flow table. */
        public final IntSupplier activeFlows;
        /** Events lost because the event ring was full (live mode). */
        public final LongSupplier eventRingDrops;
        public final LongSupplier packetRingRemaining;
        public final LongSupplier eventRingRemaining;

        public View(FlowMatrix matrix, AnalyzerCounters counters, RuleCoverage coverage, EventCounters events,
                    IntSupplier activeFlows, LongSupplier eventRingDrops, LongSupplier packetRingRemaining,
                    LongSupplier eventRingRemaining) {
            this.matrix = matrix;
            this.counters = counters;
            this.coverage = coverage;
            this.events = events;
            this.activeFlows = activeFlows;
            this.eventRingDrops = eventRingDrops;
            this.packetRingRemaining = packetRingRemaining;
            this.eventRingRemaining = eventRingRemaining;
        }
    }
}

package org.voipwatch.analyzer.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.decode.DecodeStatus;
import org.voipwatch.analyzer.pipeline.PipelineObserver;
import org.voipwatch.analyzer.sink.EventCounters;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.RuleCoverage;

/**
 * Registers, once, functions that read the pipeline's plain counters (docs/metrics.md lists every name).
 * Label values come from closed sets (protocol classes, decode reasons, matrix rule ids, event types and
 * severities), never from the traffic. {@code voipwatch_events_total} series are registered by
 * {@link #refresh()} (called before each scrape, on the scrape thread) the first time their combination is
 * non-zero, so unused type × severity × rule combinations cost nothing.
 *
 * <p>Binding happens on the thread that starts the pipeline; reads on the scrape thread.
 */
public final class PipelineMetrics implements MeterBinder {
    private final PipelineObserver.View view;
    private final boolean[] eventSeriesRegistered;
    private MeterRegistry registry;

    public PipelineMetrics(PipelineObserver.View view) {
        this.view = view;
        this.eventSeriesRegistered = new boolean[view.events.size()];
    }

    @Override
    public void bindTo(MeterRegistry r) {
        this.registry = r;
        AnalyzerCounters c = view.counters;
        for (int cls = 0; cls < ProtocolClass.COUNT; cls++) {
            final int k = cls;
            FunctionCounter.builder("voipwatch.packets", c, x -> x.packetsByClass[k])
                    .description("Packets read, by protocol class").tag("class", ProtocolClass.name(k)).register(r);
            FunctionCounter.builder("voipwatch.bytes", c, x -> x.bytesByClass[k])
                    .description("Captured bytes (frame lengths), by protocol class")
                    .tag("class", ProtocolClass.name(k)).register(r);
        }
        for (int code = DecodeStatus.FIRST_ANOMALY; code < DecodeStatus.COUNT; code++) {
            final int k = code;
            FunctionCounter.builder("voipwatch.decode.anomalies", c, x -> x.decodeStatus[k])
                    .description("Frames the decoder could not use, by reason")
                    .tag("reason", DecodeStatus.name(k)).register(r);
        }
        flows(r, c);
        rules(r, view.coverage);
        Gauge.builder("voipwatch.ring.remaining", view.packetRingRemaining, s -> s.getAsLong())
                .description("Free slots of a ring").tag("ring", "packets").register(r);
        Gauge.builder("voipwatch.ring.remaining", view.eventRingRemaining, s -> s.getAsLong())
                .description("Free slots of a ring").tag("ring", "events").register(r);
        FunctionCounter.builder("voipwatch.events.dropped", view.eventRingDrops, s -> s.getAsLong())
                .description("Events lost because the event ring was full (live capture only)")
                .tag("reason", "event_ring_full").register(r);
        refresh();
    }

    private void flows(MeterRegistry r, AnalyzerCounters c) {
        FunctionCounter.builder("voipwatch.flows", c, x -> x.tcpFlows).description("Flows tracked, by transport")
                .tag("transport", "tcp").register(r);
        FunctionCounter.builder("voipwatch.flows", c, x -> x.udpFlows).description("Flows tracked, by transport")
                .tag("transport", "udp").register(r);
        FunctionCounter.builder("voipwatch.flows", c, x -> Math.max(0, x.flowsCreated - x.tcpFlows - x.udpFlows))
                .description("Flows tracked, by transport").tag("transport", "other").register(r);
        Gauge.builder("voipwatch.flows.active", view.activeFlows, s -> s.getAsInt())
                .description("Flows currently in the flow table").register(r);
        FunctionCounter.builder("voipwatch.flow.table.evictions", c, x -> x.flowsExpired)
                .description("Flows removed from a table, by reason").tags("table", "flows", "reason", "idle")
                .register(r);
        FunctionCounter.builder("voipwatch.flow.table.evictions", c, x -> x.flowsEvictedEmergency)
                .description("Flows removed from a table, by reason").tags("table", "flows", "reason", "emergency")
                .register(r);
        FunctionCounter.builder("voipwatch.flow.table.rejections", c, x -> x.flowTableFull)
                .description("Flows not tracked because the table was full after an emergency sweep")
                .tags("table", "flows").register(r);
    }

    private void rules(MeterRegistry r, RuleCoverage cov) {
        int rows = view.matrix.ruleCount() + 1;
        for (int row = 0; row < rows; row++) {
            final int k = row;
            String id = row == cov.unmatchedRow() ? EventCounters.NO_RULE : view.matrix.rule(row).id();
            FunctionCounter.builder("voipwatch.rule.flows", cov, x -> x.flows[k])
                    .description("Flows carried by a matrix rule (none = undocumented)").tag("rule", id).register(r);
            FunctionCounter.builder("voipwatch.rule.flows.answered", cov, x -> x.answered[k])
                    .description("Flows of a rule that the responder answered").tag("rule", id).register(r);
            FunctionCounter.builder("voipwatch.rule.flows.blocked", cov, x -> x.blocked[k])
                    .description("Flows of a rule that the network refused").tag("rule", id).register(r);
            FunctionCounter.builder("voipwatch.rule.packets", cov, x -> x.packets[k])
                    .description("Packets of the flows of a rule").tag("rule", id).register(r);
            FunctionCounter.builder("voipwatch.rule.bytes", cov, x -> x.bytes[k])
                    .description("Bytes of the flows of a rule").tag("rule", id).register(r);
        }
    }

    /** Registers the event series that became non-zero since the last call (scrape thread). */
    public synchronized void refresh() {
        if (registry == null) {
            return;
        }
        EventCounters ev = view.events;
        for (int i = 0; i < eventSeriesRegistered.length; i++) {
            if (!eventSeriesRegistered[i] && ev.get(i) != 0) {
                final int k = i;
                FunctionCounter.builder("voipwatch.events", ev, x -> x.get(k))
                        .description("Events written, by type, severity and matrix rule (none = no rule)")
                        .tags("type", ev.typeOf(k), "severity", ev.severityOf(k), "rule", ev.ruleOf(k))
                        .register(registry);
                eventSeriesRegistered[i] = true;
            }
        }
    }
}

package org.voipwatch.analyzer.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.voipwatch.analyzer.sink.kafka.KafkaEventSink;

/** {@code voipwatch_kafka_events_total{outcome}} and {@code voipwatch_kafka_queue_depth}; reads the sink's atomics. */
public final class KafkaSinkMetrics implements MeterBinder {
    private final KafkaEventSink sink;

    public KafkaSinkMetrics(KafkaEventSink sink) {
        this.sink = sink;
    }

    @Override
    public void bindTo(MeterRegistry r) {
        String d = "Events given to the Kafka sink, by outcome: sent (acknowledged), failed (not delivered), "
                + "dropped (never handed to the producer)";
        FunctionCounter.builder("voipwatch.kafka.events", sink, KafkaEventSink::sent).description(d)
                .tag("outcome", "sent").register(r);
        FunctionCounter.builder("voipwatch.kafka.events", sink, KafkaEventSink::failed).description(d)
                .tag("outcome", "failed").register(r);
        FunctionCounter.builder("voipwatch.kafka.events", sink, KafkaEventSink::dropped).description(d)
                .tag("outcome", "dropped").register(r);
        Gauge.builder("voipwatch.kafka.queue.depth", sink, KafkaEventSink::pending)
                .description("Events sent to the producer and not yet acknowledged").register(r);
    }
}

package org.voipwatch.analyzer.sink;

import org.voipwatch.analyzer.event.MonitorEvent;

/**
 * A destination for events (JSON lines, Kafka...). Called on the sink thread only; an implementation counts
 * its own I/O failures instead of throwing.
 */
public interface EventSink extends AutoCloseable {
    /** One event; {@code json} is its text, valid during the call only; {@code key} its partition key. */
    void onEvent(MonitorEvent event, CharSequence json, String key);

    /** End of a batch of events: the place to flush buffered output. */
    void onBatchEnd();

    /** Flushes and releases resources, waiting at most the sink's own shutdown deadline. */
    @Override
    void close();
}

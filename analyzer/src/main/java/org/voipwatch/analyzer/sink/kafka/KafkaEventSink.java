package org.voipwatch.analyzer.sink.kafka;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.voipwatch.analyzer.event.EventType;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.sink.EventSink;

/**
 * Publishes each event to Kafka, keyed by Call-ID or canonical flow (so one call or flow stays in one
 * partition, in order); {@code call_summary} events go to their own topic.
 *
 * <p>Never stalls the pipeline: at most {@code maxPending} sends may await acknowledgement (they sit in the
 * producer's bounded buffer while a broker is away and are retried when it returns); past that bound, or when
 * {@code send()} gives up after {@code max.block.ms} (no metadata, buffer exhausted), the event is counted
 * as dropped. After such a timeout the sink drops without calling {@code send()} for {@code backoff}, so an
 * unreachable cluster costs one {@code max.block.ms} per backoff period rather than one per event.
 *
 * <p>{@link #onEvent} and {@link #close} run on the sink thread; the completion callback on the producer's
 * I/O thread; counters are atomics read by metrics scrapes.
 */
public final class KafkaEventSink implements EventSink {
    private final Producer<String, String> producer;
    private final KafkaSinkConfig config;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    /** One callback for every send: no capture, no allocation per event. */
    private final Callback callback = this::onCompletion;
    private final long backoffNs;
    private long dropUntilNanos;
    /** The sink thread while it is inside send(): a callback run there is a synchronous refusal. */
    private volatile Thread sending;
    private volatile String firstFailure;
    private boolean closed;

    public KafkaEventSink(KafkaSinkConfig config) {
        this(config.validate(), KafkaEventSink::newProducer);
    }

    /** For tests: the producer from a factory given the final properties. */
    KafkaEventSink(KafkaSinkConfig config, Function<java.util.Properties, Producer<String, String>> factory) {
        this.config = config;
        this.producer = factory.apply(config.producerProperties());
        this.backoffNs = config.backoff.toNanos();
    }

    private static Producer<String, String> newProducer(java.util.Properties p) {
        return new KafkaProducer<>(p);
    }

    @Override
    public void onEvent(MonitorEvent event, CharSequence json, String key) {
        if (pending.get() >= config.maxPending
                || (dropUntilNanos != 0 && System.nanoTime() - dropUntilNanos < 0)) {
            dropped.incrementAndGet();
            return;
        }
        dropUntilNanos = 0;
        String topic = EventType.CALL_SUMMARY.equals(event.type) ? config.callsTopic : config.topic;
        pending.incrementAndGet();
        sending = Thread.currentThread();
        try {
            producer.send(new ProducerRecord<>(topic, key, json.toString()), callback);
        } catch (KafkaException | IllegalStateException e) {
            // thrown rather than called back: serialization, an oversized record, a closed producer
            pending.decrementAndGet();
            dropped.incrementAndGet();
            if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
                dropUntilNanos = System.nanoTime() + backoffNs;
            }
            noteFailure("send refused", e);
        } finally {
            sending = null;
        }
    }

    /**
     * Producer callback. KafkaProducer reports a send() that gave up before queueing (no metadata within
     * max.block.ms, buffer exhausted: both TimeoutException) by calling this synchronously on the caller's
     * thread rather than by throwing: such an event never left the sink, so it counts as dropped and starts
     * the backoff.
     */
    private void onCompletion(RecordMetadata metadata, Exception e) {
        pending.decrementAndGet();
        if (e == null) {
            sent.incrementAndGet();
        } else if (sending == Thread.currentThread()) {
            dropped.incrementAndGet();
            if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
                dropUntilNanos = System.nanoTime() + backoffNs;
            }
            noteFailure("send gave up", e);
        } else {
            failed.incrementAndGet();
            noteFailure("delivery failed", e);
        }
    }

    private void noteFailure(String what, Exception e) {
        if (firstFailure == null) {
            firstFailure = what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
            System.err.println("voipwatch: kafka: " + firstFailure + " (further failures counted)");
        }
    }

    /**
     * Fetches the events topic's metadata before the analysis starts (waiting at most {@code max.block.ms}), so
     * that the first events do not wait for it on the sink thread. Returns false, with a note on stderr, when
     * the cluster did not answer in time; publishing then starts whenever it does.
     */
    public boolean warmUp() {
        try {
            producer.partitionsFor(config.topic);
            return true;
        } catch (KafkaException e) {
            System.err.println("voipwatch: kafka: no metadata for topic " + config.topic + " yet ("
                    + e.getMessage() + "); events are dropped (counted) until it answers");
            return false;
        }
    }

    @Override
    public void onBatchEnd() {
        // nothing to do: linger.ms batches sends, and flushing here would block the sink thread on the broker
    }

    /**
     * Waits at most the close deadline for outstanding sends, then closes the producer; sends still pending
     * then fail (their callbacks count them as failed).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            producer.close(config.closeTimeout);
        } catch (KafkaException e) {
            noteFailure("close failed", e);
        }
    }

    /** Events acknowledged by the cluster. */
    public long sent() {
        return sent.get();
    }

    /** Events handed to the producer that it could not deliver (delivery timeout, close deadline...). */
    public long failed() {
        return failed.get();
    }

    /** Events never handed to the producer: pending bound reached, send timed out, or backing off. */
    public long dropped() {
        return dropped.get();
    }

    /** Sends awaiting acknowledgement. */
    public long pending() {
        return pending.get();
    }

    /** The first failure seen, or null. */
    public String firstFailure() {
        return firstFailure;
    }

    public KafkaSinkConfig config() {
        return config;
    }
}

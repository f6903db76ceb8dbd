package org.voipwatch.analyzer.sink.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Settings of the Kafka sink: topics, the bound on unacknowledged sends, the close deadline, and the producer
 * properties (explicit defaults below, overridden by the user's). Built on the CLI thread, validated once by
 * {@link #validate()}.
 */
public final class KafkaSinkConfig {
    public static final String TOPIC_DEFAULT = "voipwatch.events";
    public static final String CALLS_TOPIC_DEFAULT = "voipwatch.calls";
    /** Sends not yet acknowledged beyond which events are dropped (counted) instead of queued. */
    public static final int MAX_PENDING_DEFAULT = 50_000;
    public static final Duration CLOSE_TIMEOUT_DEFAULT = Duration.ofSeconds(10);
    /** After a send() that timed out (no metadata: broker unreachable), events are dropped for this long. */
    public static final Duration BACKOFF_DEFAULT = Duration.ofSeconds(1);

    /** Producer defaults: durable (idempotent, all replicas), compact, and never blocking the sink for long. */
    public static Properties producerDefaults() {
        Properties p = new Properties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // send() waits for metadata or buffer space at most this long; the sink thread must keep moving
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        // an event not acknowledged within 30 s (e.g. broker down) fails and is counted
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        // keep the known brokers when all are unreachable (Kafka 4 would rebootstrap and then make every
        // send() wait max.block.ms for metadata): events queue up to the bound and go out when a broker returns
        p.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L << 20));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "voipwatch");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    public String bootstrap;
    public String topic = TOPIC_DEFAULT;
    /** Topic of {@code call_summary} events. */
    public String callsTopic = CALLS_TOPIC_DEFAULT;
    public int maxPending = MAX_PENDING_DEFAULT;
    public Duration closeTimeout = CLOSE_TIMEOUT_DEFAULT;
    public Duration backoff = BACKOFF_DEFAULT;
    /** User producer properties (from --kafka-config then --kafka-prop), applied over the defaults. */
    public final Properties overrides = new Properties();

    /** The properties handed to the producer: defaults, then overrides, then the bootstrap servers. */
    public Properties producerProperties() {
        Properties p = producerDefaults();
        p.putAll(overrides);
        if (bootstrap != null) {
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        }
        return p;
    }

    /** Throws IllegalArgumentException naming the first bad field. */
    public KafkaSinkConfig validate() {
        boolean noBootstrap = bootstrap == null || bootstrap.isBlank();
        if (noBootstrap && !overrides.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("kafka bootstrap servers missing");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("kafka topic must not be empty, got '" + topic + "'");
        }
        if (callsTopic == null || callsTopic.isBlank()) {
            throw new IllegalArgumentException("kafka calls topic must not be empty, got '" + callsTopic + "'");
        }
        if (maxPending <= 0) {
            throw new IllegalArgumentException("kafka maxPending must be positive, got " + maxPending);
        }
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("kafka closeTimeout must not be negative, got " + closeTimeout);
        }
        return this;
    }
}

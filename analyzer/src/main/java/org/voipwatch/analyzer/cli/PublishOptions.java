package org.voipwatch.analyzer.cli;

import static org.voipwatch.analyzer.cli.OptionValues.durationOption;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.voipwatch.analyzer.sink.kafka.KafkaEventSink;
import org.voipwatch.analyzer.sink.kafka.KafkaSinkConfig;

/**
 * The Kafka publishing options shared by {@code analyze} and {@code monitor} ({@code --kafka}, {@code --kafka-topic},
 * {@code --kafka-calls-topic}, {@code --kafka-prop}, {@code --kafka-config}, {@code --kafka-max-pending},
 * {@code --kafka-close-timeout}), their environment variables (monitor) and the creation of the sink. Filled and
 * used on the CLI thread.
 */
final class PublishOptions {
    /** Options taking a value, as on the command line; the config-file keys are the same without dashes. */
    static final Set<String> OPTIONS = Set.of("--kafka", "--kafka-topic", "--kafka-calls-topic", "--kafka-prop",
            "--kafka-config", "--kafka-max-pending", "--kafka-close-timeout");
    static final String ENV_KAFKA = "VOIPWATCH_KAFKA";
    static final String ENV_KAFKA_TOPIC = "VOIPWATCH_KAFKA_TOPIC";
    static final String ENV_KAFKA_CALLS_TOPIC = "VOIPWATCH_KAFKA_CALLS_TOPIC";

    final KafkaSinkConfig kafka = new KafkaSinkConfig();
    private String configFile;
    private final List<String> props = new ArrayList<>();

    /** Config-file keys (option names without the dashes). */
    static Set<String> configKeys() {
        Set<String> keys = new java.util.HashSet<>();
        for (String o : OPTIONS) {
            keys.add(o.substring(2));
        }
        return keys;
    }

    /**
     * One option: {@code option} as on the command line (a config-file key is passed as {@code --key}),
     * {@code where} names it in errors. A config file's {@code kafka-prop} may hold several {@code KEY=VALUE}
     * separated by {@code ;}.
     */
    void apply(String option, String where, String v) throws UsageException {
        switch (option) {
            case "--kafka": kafka.bootstrap = v; break;
            case "--kafka-topic": kafka.topic = v; break;
            case "--kafka-calls-topic": kafka.callsTopic = v; break;
            case "--kafka-prop":
                if (where.startsWith("--")) {
                    props.add(v);
                } else {
                    for (String kv : v.split(";")) {
                        if (!kv.isBlank()) {
                            props.add(kv.trim());
                        }
                    }
                }
                break;
            case "--kafka-config": configFile = v; break;
            case "--kafka-max-pending":
                try {
                    kafka.maxPending = Integer.parseInt(v.replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new UsageException(where + " needs a whole number, got '" + v + "'");
                }
                break;
            case "--kafka-close-timeout":
                kafka.closeTimeout = Duration.ofNanos(durationOption(where, v));
                break;
            default:
                throw new IllegalArgumentException("not a publish option: " + option);
        }
    }

    /** {@code VOIPWATCH_KAFKA}, {@code VOIPWATCH_KAFKA_TOPIC}, {@code VOIPWATCH_KAFKA_CALLS_TOPIC}. */
    void applyEnvironment(Map<String, String> env) throws UsageException {
        String[][] vars = {{ENV_KAFKA, "--kafka"}, {ENV_KAFKA_TOPIC, "--kafka-topic"},
            {ENV_KAFKA_CALLS_TOPIC, "--kafka-calls-topic"}};
        for (String[] var : vars) {
            String v = env.get(var[0]);
            if (v != null && !v.isBlank()) {
                apply(var[1], var[0], v.trim());
            }
        }
    }

    /** True when {@code --kafka} was given. */
    boolean enabled() {
        return kafka.bootstrap != null;
    }

    /**
     * Reads {@code --kafka-config}, applies {@code --kafka-prop}, creates the sink and fetches the topic's metadata
     * (at most {@code max.block.ms}). Errors are usage errors naming the option.
     */
    KafkaEventSink open() throws UsageException {
        try {
            if (configFile != null) {
                try (Reader r = Files.newBufferedReader(Paths.get(configFile))) {
                    kafka.overrides.load(r);
                }
            }
            for (String kv : props) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--kafka-prop needs KEY=VALUE, got '" + kv + "'");
                }
                kafka.overrides.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
            KafkaEventSink sink = new KafkaEventSink(kafka);
            sink.warmUp();
            return sink;
        } catch (IOException e) {
            throw new UsageException("cannot read --kafka-config " + configFile + ": " + e.getMessage());
        } catch (IllegalArgumentException | KafkaException e) {
            throw new UsageException("kafka: " + e.getMessage());
        }
    }

    /** The end-of-run line: sent, failed, dropped. */
    static String report(KafkaEventSink sink) {
        return "voipwatch: kafka: " + sink.sent() + " sent, " + sink.failed() + " failed, " + sink.dropped()
                + " dropped";
    }
}

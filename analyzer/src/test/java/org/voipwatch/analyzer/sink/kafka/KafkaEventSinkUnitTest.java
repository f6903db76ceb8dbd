package org.voipwatch.analyzer.sink.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.event.EventType;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.event.Severity;

/** The sink's accounting and routing against Kafka's MockProducer (no broker); the real broker is KafkaSinkTest. */
class KafkaEventSinkUnitTest {
    private static KafkaSinkConfig config(int maxPending) {
        KafkaSinkConfig c = new KafkaSinkConfig();
        c.bootstrap = "127.0.0.1:1";
        c.maxPending = maxPending;
        c.backoff = Duration.ofHours(1);
        return c;
    }

    private static MonitorEvent event(String type) {
        MonitorEvent e = new MonitorEvent();
        e.type = type;
        e.severity = Severity.INFO;
        return e;
    }

    @Test
    void routesCallSummariesKeysRecordsAndBoundsPendingSends() {
        MockProducer<String, String> mock = new MockProducer<>(false, null, new StringSerializer(),
                new StringSerializer());
        AtomicReference<Properties> props = new AtomicReference<>();
        KafkaEventSink sink = new KafkaEventSink(config(2), p -> {
            props.set(p);
            return mock;
        });
        sink.onEvent(event(EventType.UNEXPECTED_FLOW), new StringBuilder("{\"a\":1}"), "udp:1.2.3.4:5-6.7.8.9:10");
        sink.onEvent(event(EventType.CALL_SUMMARY), "{\"b\":2}", "call-id@host");
        sink.onEvent(event(EventType.BLOCKED_FLOW), "{\"c\":3}", "k3");
        List<ProducerRecord<String, String>> h = mock.history();
        assertEquals(2, h.size());
        assertEquals("voipwatch.events", h.get(0).topic());
        assertEquals("udp:1.2.3.4:5-6.7.8.9:10", h.get(0).key());
        assertEquals("{\"a\":1}", h.get(0).value());
        assertEquals("voipwatch.calls", h.get(1).topic());
        assertEquals("call-id@host", h.get(1).key());
        assertEquals(1, sink.dropped(), "third event beyond the bound of 2 pending");
        assertEquals(2, sink.pending());

        mock.completeNext();
        mock.errorNext(new RuntimeException("broker said no"));
        assertEquals(1, sink.sent());
        assertEquals(1, sink.failed());
        assertEquals(0, sink.pending());
        sink.onEvent(event(EventType.UNEXPECTED_FLOW), "{\"d\":4}", "k4");
        assertEquals(3, mock.history().size(), "room again once acknowledged");

        assertEquals("all", props.get().getProperty("acks"));
        assertEquals("true", props.get().getProperty("enable.idempotence"));
        assertEquals("127.0.0.1:1", props.get().getProperty("bootstrap.servers"));
        sink.close();
    }

    @Test
    void userPropertiesOverrideDefaults() {
        KafkaSinkConfig c = config(10);
        c.overrides.setProperty("compression.type", "lz4");
        c.overrides.setProperty("acks", "1");
        Properties p = c.producerProperties();
        assertEquals("lz4", p.getProperty("compression.type"));
        assertEquals("1", p.getProperty("acks"));
        assertEquals("5", p.getProperty("linger.ms"));
    }

    /**
     * KafkaProducer reports a send that timed out waiting for metadata by calling the callback on the caller's
     * thread (not by throwing): that event is dropped, not failed, and the sink backs off.
     */
    @Test
    void synchronousTimeoutIsADropAndStartsTheBackoff() {
        int[] sends = {0};
        MockProducer<String, String> mock = new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> r, Callback cb) {
                sends[0]++;
                cb.onCompletion(null, new TimeoutException("Topic not present in metadata after 1000 ms."));
                return null;
            }
        };
        KafkaEventSink sink = new KafkaEventSink(config(100), p -> mock);
        for (int i = 0; i < 5; i++) {
            sink.onEvent(event(EventType.UNEXPECTED_FLOW), "{}", "k");
        }
        assertEquals(1, sends[0], "after the first timeout the sink backs off instead of waiting again");
        assertEquals(5, sink.dropped());
        assertEquals(0, sink.failed());
        assertEquals(0, sink.pending());
        sink.close();
    }
}

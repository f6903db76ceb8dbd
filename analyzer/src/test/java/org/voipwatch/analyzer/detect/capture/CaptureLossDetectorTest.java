package org.voipwatch.analyzer.detect.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.EventJson;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.testutil.EventSchema;
import org.voipwatch.capture.source.CaptureStats;

/**
 * capture_loss from injected {@link CaptureStats} samples: the expected figures are the differences between the
 * hand-set totals of two samples, and the thresholds (0.1 % of received, or 100 frames) decide which periods count.
 */
class CaptureLossDetectorTest {
    private static final long S = 1_000_000_000L;

    /** Counters as the sampler would leave them; sampledAtNanos last. */
    private static final class FakeStats implements CaptureStats {
        final String name;
        volatile long received;
        volatile long dropped;
        volatile long ifDropped;
        volatile long ringFull;
        volatile long sampledAt;

        FakeStats(String name) {
            this.name = name;
        }

        void sample(long atNs, long rcv, long drp, long ifd, long rf) {
            received = rcv;
            dropped = drp;
            ifDropped = ifd;
            ringFull = rf;
            sampledAt = atNs;
        }

        @Override public String interfaceName() {
            return name;
        }

        @Override public long received() {
            return received;
        }

        @Override public long dropped() {
            return dropped;
        }

        @Override public long ifDropped() {
            return ifDropped;
        }

        @Override public long published() {
            return received - dropped;
        }

        @Override public long ringFull() {
            return ringFull;
        }

        @Override public long framesCut() {
            return 0;
        }

        @Override public long sampledAtNanos() {
            return sampledAt;
        }
    }

    /** Keeps the JSON of each committed event, as the sink would write it. */
    private static final class ListEmitter implements EventEmitter {
        final List<String> json = new ArrayList<>();
        private final MonitorEvent slot = new MonitorEvent();
        private final EventJson writer = new EventJson("p", "m");

        @Override
        public MonitorEvent begin() {
            slot.clear();
            return slot;
        }

        @Override
        public void commit() {
            json.add(writer.toJson(slot).toString());
        }
    }

    @Test
    void lossyPeriodsBecomeCaptureLossEventsAndMarkTheEventsThatFollow() throws Exception {
        FakeStats lo = new FakeStats("lo");
        ListEmitter out = new ListEmitter();
        CaptureLossDetector d = new CaptureLossDetector(List.of(lo), new CaptureLossDetector.Settings(), out);
        EventEmitter annotated = new LossAnnotatingEmitter(out, d);

        d.onTime(1 * S); // no sample yet
        assertEquals(List.of(), out.json);

        // first period: 10 000 received, 5 kernel drops = 0.05 %, under both thresholds
        lo.sample(5 * S, 10_000, 5, 0, 0);
        d.onTime(6 * S);
        assertEquals(List.of(), out.json);
        assertNull(d.annotation());

        // second period (4 s later): +20 000 received, +15 kernel drops, +3 ring-full, +2 if-drops = 20 = 0.1 %: not
        // above 0.1 %, under 100 frames
        lo.sample(9 * S, 30_000, 20, 2, 3);
        d.onTime(10 * S);
        assertEquals(List.of(), out.json);

        // third period (5 s): +1 000 received, +2 dropped = 0.2 % > 0.1 %
        lo.sample(14 * S, 31_000, 22, 2, 3);
        d.onTime(14 * S + 1);
        assertEquals(1, out.json.size(), out.json.toString());
        assertEquals("{\"type\":\"capture_loss\",\"severity\":\"warning\",\"time\":\"1970-01-01T00:00:14.000000Z\","
                + "\"proto\":null,\"src\":null,\"sport\":null,\"dst\":null,\"dport\":null,\"srcRole\":null,"
                + "\"dstRole\":null,\"rule\":null,\"matrix\":\"m\",\"interface\":\"lo\",\"lost\":2,\"dropped\":2,"
                + "\"ifDropped\":0,\"ringFull\":0,\"received\":1000,\"lossRatio\":0.002,\"periodMs\":5000,"
                + "\"probe\":\"p\",\"schema\":1}", out.json.get(0));
        assertEquals("{\"lost\":2,\"received\":1000,\"periodMs\":5000}", d.annotation());

        // an event emitted while the latest sample is lossy carries the figure; the same sample is not re-reported
        MonitorEvent e = annotated.begin();
        e.type = "one_way_audio";
        e.severity = "critical";
        e.timeNs = 15 * S;
        annotated.commit();
        d.onTime(16 * S);
        assertEquals(2, out.json.size());
        assertEquals(true, out.json.get(1).contains(",\"captureLoss\":{\"lost\":2,\"received\":1000,"
                + "\"periodMs\":5000},\"probe\""), out.json.get(1));

        // fourth period: 150 ring-full of 10 000 000 received (0.0015 %) is reported by the absolute threshold
        lo.sample(19 * S, 10_031_000, 22, 2, 153);
        d.onTime(19 * S);
        assertEquals(3, out.json.size());
        assertEquals(true, out.json.get(2).contains("\"lost\":150,\"dropped\":0,\"ifDropped\":0,\"ringFull\":150,"
                + "\"received\":10000000,\"lossRatio\":0.0,\"periodMs\":5000"), out.json.get(2));

        // a clean period clears the mark
        lo.sample(24 * S, 10_032_000, 22, 2, 153);
        d.onTime(24 * S);
        assertNull(d.annotation());
        e = annotated.begin();
        e.type = "call_summary";
        e.severity = "info";
        annotated.commit();
        assertEquals(false, out.json.get(3).contains("captureLoss"), out.json.get(3));
        assertEquals(2, d.lossEvents());

        // what was written is valid against schemas/events.schema.json, and the schema does check capture_loss
        EventSchema schema = new EventSchema();
        for (String j : out.json) {
            assertEquals("[]", schema.validate(j).toString(), j);
        }
        assertEquals(false, schema.validate(out.json.get(0).replace("\"interface\":\"lo\",", "")).isEmpty());
        assertEquals(false, schema.validate(out.json.get(1).replace("\"lost\":2,\"received\"", "\"received\""))
                .isEmpty());
    }

    /** The sample taken at stop is judged by onEnd; each interface is judged on its own. */
    @Test
    void theLastSampleIsJudgedAtTheEndPerInterface() {
        FakeStats a = new FakeStats("eth0");
        FakeStats b = new FakeStats("eth1");
        ListEmitter out = new ListEmitter();
        CaptureLossDetector.Settings s = new CaptureLossDetector.Settings();
        s.minPackets = 10;
        s.ratio = 0.5;
        CaptureLossDetector d = new CaptureLossDetector(List.of(a, b), s, out);
        a.sample(2 * S, 100, 9, 0, 0);
        b.sample(2 * S, 100, 10, 0, 0);
        d.onEnd(3 * S);
        assertEquals(1, out.json.size(), out.json.toString());
        assertEquals(true, out.json.get(0).contains("\"interface\":\"eth1\",\"lost\":10,"), out.json.get(0));
        // first sample: the period is the configured interval (5 s default)
        assertEquals(true, out.json.get(0).contains("\"periodMs\":5000"), out.json.get(0));
    }
}

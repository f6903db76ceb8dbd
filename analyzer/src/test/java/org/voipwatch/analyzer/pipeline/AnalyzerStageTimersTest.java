package org.voipwatch.analyzer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.FlowTracker;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.LinkType;

/**
 * The stage's timer contract (docs/design.md, Time): every packet is analysed, timers run when packet time has
 * moved {@link AnalyzerStage#TIMER_RESOLUTION_NS} since they last ran, always on an idle tick and at the end, and
 * never with a clock that goes back.
 */
class AnalyzerStageTimersTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long US = 1_000L;

    /** Records what the stage calls, in order. */
    private static final class Recorder implements PacketAnalyzer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void onPacket(DecodedPacket p, int protocolClass, int flowSlot, boolean fromInitiator) {
            calls.add("packet " + (p.timestampNs - T0) / US);
        }

        @Override
        public void onTime(long nowNs) {
            calls.add("time " + (nowNs - T0) / US);
        }

        @Override
        public void onEnd(long nowNs) {
            calls.add("end " + (nowNs - T0) / US);
        }
    }

    private static final EventEmitter NO_EVENTS = new EventEmitter() {
        private final MonitorEvent scratch = new MonitorEvent();

        @Override
        public MonitorEvent begin() {
            return scratch;
        }

        @Override
        public void commit() {
        }
    };

    @Test
    void timersRunEveryMillisecondOfPacketTimeOnTicksAndAtTheEnd() {
        Recorder r = new Recorder();
        AnalyzerConfig config = new AnalyzerConfig().validate();
        AnalyzerCounters counters = new AnalyzerCounters();
        FlowTracker tracker = new FlowTracker(new FlowMatrix.Builder("none").build(), config, NO_EVENTS, counters);
        AnalyzerStage stage = new AnalyzerStage(new PacketDecoder(), tracker, counters, () -> { }, r);
        byte[] frame = Frames.udp("10.0.0.1", 40000, "10.0.0.2", 5060, "OPTIONS sip:x SIP/2.0\r\n\r\n");
        PacketEvent slot = new PacketEvent();
        long seq = 0;
        // microseconds after T0: 0 runs the timers (first time), 300 and 600 do not, 1200 does (1 ms after 0),
        // 1300 does not, a packet back in time (1100) neither; a tick at 1250 always does, at the clock (1300)
        for (long us : new long[] {0, 300, 600, 1200, 1300, 1100}) {
            slot.setPacket(T0 + us * US, LinkType.ETHERNET, frame, 0, frame.length, frame.length, 0, seq + 1);
            stage.onEvent(slot, seq++, false);
        }
        slot.setTick(T0 + 1250 * US);
        stage.onEvent(slot, seq++, false);
        slot.setPacket(T0 + 2300 * US, LinkType.ETHERNET, frame, 0, frame.length, frame.length, 0, seq + 1);
        stage.onEvent(slot, seq++, false);
        slot.setEnd(T0 + 2300 * US);
        stage.onEvent(slot, seq, true);
        assertEquals(List.of(
                "packet 0", "time 0",
                "packet 300",
                "packet 600",
                "packet 1200", "time 1200",
                "packet 1300",
                "packet 1100",
                "time 1300", // the tick: forced, at the clock, which did not go back
                "packet 2300", "time 2300", // 1 ms after the tick's run at 1300
                "time 2300", "end 2300"), r.calls);
        assertEquals(7, counters.packets);
    }
}

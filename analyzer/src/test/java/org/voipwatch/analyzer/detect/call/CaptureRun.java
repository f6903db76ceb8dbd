package org.voipwatch.analyzer.detect.call;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.EventJson;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.pipeline.AnalysisContext;
import org.voipwatch.analyzer.pipeline.AnalyzerStage;
import org.voipwatch.analyzer.testutil.FlatJson;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.FlowTracker;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.CaptureFiles;
import org.voipwatch.capture.source.PacketSource;

/**
 * The analyzer thread's real stages (file reader, {@link PacketDecoder}, {@link FlowTracker}, {@link AnalyzerStage},
 * {@link CallAnalyzer}) run synchronously over one capture, keeping the call analyzer and the events for inspection.
 */
final class CaptureRun implements EventEmitter {
    final AnalyzerCounters counters = new AnalyzerCounters();
    final List<Map<String, Object>> events = new ArrayList<>();
    final CallAnalyzer calls;
    private final EventJson json;
    private final MonitorEvent scratch = new MonitorEvent();
    private final AnalyzerStage stage;

    CaptureRun(FlowMatrix matrix, AnalyzerConfig config) {
        json = new EventJson("test", matrix.name());
        FlowTracker tracker = new FlowTracker(matrix, config, this, counters);
        calls = new CallAnalyzer(new AnalysisContext(matrix, config, this, tracker, counters));
        stage = new AnalyzerStage(new PacketDecoder(), tracker, counters, () -> { }, calls);
    }

    static CaptureRun of(Path capture) throws IOException {
        CaptureRun r = new CaptureRun(new FlowMatrix.Builder("none").build(), new AnalyzerConfig().validate());
        r.run(capture);
        return r;
    }

    void run(Path capture) throws IOException {
        PacketEvent slot = new PacketEvent();
        long seq = 0;
        long last = 0;
        try (PacketSource src = CaptureFiles.open(List.of(capture))) {
            while (src.nextInto(slot)) {
                last = Math.max(last, slot.timestampNs);
                stage.onEvent(slot, seq++, false);
            }
        }
        slot.setEnd(last);
        stage.onEvent(slot, seq, true);
    }

    /** Feeds one prepared slot (allocation tests). */
    void feed(PacketEvent slot, long seq) {
        stage.onEvent(slot, seq, false);
    }

    @Override
    public MonitorEvent begin() {
        scratch.clear();
        return scratch;
    }

    @Override
    public void commit() {
        events.add(FlatJson.parse(json.toJson(scratch).toString()));
    }

    List<Map<String, Object>> ofType(String type) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (Map<String, Object> e : events) {
            if (type.equals(e.get("type"))) {
                l.add(e);
            }
        }
        return l;
    }
}

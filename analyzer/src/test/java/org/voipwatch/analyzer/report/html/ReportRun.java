package org.voipwatch.analyzer.report.html;

import java.nio.file.Path;
import java.util.List;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.capture.source.CaptureFiles;

/** Runs the offline pipeline on a capture with the report's collector and ladder recorder, as --report does. */
final class ReportRun {
    final AnalysisResult result;
    final ReportEventCollector events;
    final SipLadderRecorder ladder;
    final MediaTimelineRecorder timeline;

    private ReportRun(AnalysisResult result, ReportEventCollector events) {
        this.result = result;
        this.events = events;
        this.ladder = result.analyzer(SipLadderRecorder.class);
        this.timeline = result.analyzer(MediaTimelineRecorder.class);
    }

    static ReportRun of(Path capture) throws Exception {
        return of(capture, new ReportEventCollector());
    }

    static ReportRun of(Path capture, ReportEventCollector events) throws Exception {
        FlowMatrix matrix = MatrixLoader.loadNamed(Captures.repoRoot().resolve("examples/demo-matrix.yaml").toString(),
                List.of());
        AnalyzerConfig config = new AnalyzerConfig();
        config.recordSipLadder = true;
        AnalysisResult r = new AnalysisPipeline(config, matrix, List.<EventSink>of(events), true)
                .run(CaptureFiles.open(List.of(capture)));
        return new ReportRun(r, events);
    }

    static Path scenario(String name) {
        return Captures.repoRoot().resolve("scenarios").resolve(name).resolve("capture.pcap");
    }

    String html() {
        return HtmlReport.render(result, List.of("capture.pcap"), events, ladder, timeline);
    }
}

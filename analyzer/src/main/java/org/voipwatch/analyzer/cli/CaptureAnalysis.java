package org.voipwatch.analyzer.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.pipeline.AnalysisContext;
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.capture.source.CaptureFiles;
import org.voipwatch.capture.source.PacketSource;

/** Runs the analysis pipeline over capture files with no event output, for the matrix subcommands. CLI thread. */
final class CaptureAnalysis {
    private CaptureAnalysis() {
    }

    static AnalysisResult run(List<Path> captures, FlowMatrix matrix, Consumer<AnalysisContext> hook)
            throws UsageException {
        PacketSource source;
        try {
            source = CaptureFiles.open(captures);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        AnalysisPipeline pipeline = new AnalysisPipeline(new AnalyzerConfig(), matrix, List.of(new Discard()), true);
        if (hook != null) {
            pipeline.onStart(hook);
        }
        try {
            return pipeline.run(source);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted");
        }
    }

    /** The summary counts events; nobody needs them written. */
    private static final class Discard implements EventSink {
        @Override
        public void onEvent(MonitorEvent event, CharSequence json, String key) {
        }

        @Override
        public void onBatchEnd() {
        }

        @Override
        public void close() {
        }
    }
}

package org.voipwatch.analyzer.cli;

import static org.voipwatch.analyzer.cli.OptionValues.detectorsOption;
import static org.voipwatch.analyzer.cli.OptionValues.durationOption;
import static org.voipwatch.analyzer.cli.OptionValues.intOption;
import static org.voipwatch.analyzer.cli.OptionValues.secondsOption;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixException;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.metrics.KafkaSinkMetrics;
import org.voipwatch.analyzer.metrics.MetricsServer;
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.report.Summary;
import org.voipwatch.analyzer.report.html.HtmlReport;
import org.voipwatch.analyzer.report.html.ReportEventCollector;
import org.voipwatch.analyzer.report.html.MediaTimelineRecorder;
import org.voipwatch.analyzer.report.html.SipLadderRecorder;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.sink.JsonLinesSink;
import org.voipwatch.analyzer.sink.kafka.KafkaEventSink;
import org.voipwatch.capture.source.CaptureFiles;
import org.voipwatch.capture.source.PacketSource;

/** {@code voipwatch analyze CAPTURE... --matrix M}: offline analysis of capture files. */
final class AnalyzeCommand {
    private final PrintStream out;
    private final PrintStream err;

    private final List<Path> captures = new ArrayList<>();
    private final List<String> binds = new ArrayList<>();
    private String matrixName;
    private String eventsTarget;
    private String summaryTarget;
    private String reportTarget;
    private ReportEventCollector reportEvents;
    private String format = "text";
    private String reader = "java";
    private boolean quiet;
    private final AnalyzerConfig config = new AnalyzerConfig();
    private final PublishOptions publish = new PublishOptions();
    private String metricsAddress;
    private long lingerNanos;

    AnalyzeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }
    int run(List<String> argList) throws UsageException {
        parse(argList);
        FlowMatrix matrix;
        try {
            matrix = MatrixLoader.loadNamed(matrixName, binds);
        } catch (MatrixException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            config.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PacketSource source;
        try {
            source = reader.equals("libpcap") ? CaptureFiles.openWithLibpcap(captures) : CaptureFiles.open(captures);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        List<EventSink> sinks = new ArrayList<>();
        PrintStream summaryOut = out;
        if (eventsTarget != null) {
            if (eventsTarget.equals("-")) {
                sinks.add(new JsonLinesSink(out, "stdout", false));
                summaryOut = err;
            } else {
                try {
                    OutputStream os = new FileOutputStream(eventsTarget);
                    sinks.add(new JsonLinesSink(new java.io.BufferedOutputStream(os, 1 << 16), eventsTarget, true));
                } catch (IOException e) {
                    source.close();
                    throw new UsageException("cannot write events to " + eventsTarget + ": " + e.getMessage());
                }
            }
        }
        KafkaEventSink kafkaSink = null;
        MetricsServer metrics = null;
        try {
            kafkaSink = publish.enabled() ? publish.open() : null;
            metrics = metricsAddress == null ? null : openMetrics(kafkaSink, matrix.name());
        } catch (UsageException e) {
            source.close();
            for (EventSink s : sinks) {
                s.close();
            }
            if (kafkaSink != null) {
                kafkaSink.close();
            }
            throw e;
        }
        if (kafkaSink != null) {
            sinks.add(kafkaSink);
        }
        if (reportTarget != null) {
            reportEvents = new ReportEventCollector();
            sinks.add(reportEvents);
        }
        if (sinks.isEmpty()) {
            sinks.add(new NullSink());
        }
        try {
            return analyze(source, matrix, sinks, kafkaSink, metrics, summaryOut);
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    private int analyze(PacketSource source, FlowMatrix matrix, List<EventSink> sinks, KafkaEventSink kafkaSink,
                        MetricsServer metrics, PrintStream summaryOut) throws UsageException {
        ProgressSource progress = new ProgressSource(source, !quiet && System.console() != null, err);
        InterruptHook hook = InterruptHook.install(progress, err);
        try {
            int code = analyzeAndReport(progress, matrix, sinks, kafkaSink, metrics, summaryOut, hook);
            hook.finished(code);
            return code;
        } finally {
            hook.uninstall();
        }
    }

    private int analyzeAndReport(ProgressSource progress, FlowMatrix matrix, List<EventSink> sinks,
                                 KafkaEventSink kafkaSink, MetricsServer metrics, PrintStream summaryOut,
                                 InterruptHook hook) throws UsageException {
        AnalysisResult result;
        try {
            result = new AnalysisPipeline(config, matrix, sinks, true).observer(metrics).run(progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("voipwatch: interrupted");
            return Main.EXIT_USAGE;
        }
        progress.finish();
        if (hook.interrupted()) {
            result.warnings.add(0, "interrupted by a signal: the input was not read to its end; "
                    + "figures cover the packets read before it");
        }
        for (EventSink s : sinks) {
            if (s instanceof JsonLinesSink && ((JsonLinesSink) s).failures() > 0) {
                JsonLinesSink j = (JsonLinesSink) s;
                result.warnings.add("events output incomplete: " + j.failures() + " writes to " + j.name()
                        + " failed (" + j.firstFailure() + ")");
            }
        }
        if (kafkaSink != null && (!quiet || kafkaSink.failed() + kafkaSink.dropped() > 0)) {
            err.println(PublishOptions.report(kafkaSink));
        }
        List<String> inputs = new ArrayList<>();
        for (Path p : captures) {
            inputs.add(p.toString());
        }
        String text = format.equals("json") ? Summary.json(result, inputs) + "\n" : Summary.text(result, inputs);
        writeSummary(text, summaryOut);
        writeReport(result, inputs);
        for (String w : result.warnings) {
            err.println("voipwatch: warning: " + w);
        }
        linger(metrics);
        return result.criticalEvents > 0 ? Main.EXIT_CRITICAL : Main.EXIT_OK;
    }

    private void writeReport(AnalysisResult result, List<String> inputs) throws UsageException {
        if (reportTarget == null) {
            return;
        }
        try {
            HtmlReport.write(Paths.get(reportTarget), result, inputs, reportEvents,
                    result.analyzer(SipLadderRecorder.class), result.analyzer(MediaTimelineRecorder.class));
        } catch (IOException e) {
            throw new UsageException("cannot write report to " + reportTarget + ": " + e.getMessage());
        }
        if (!quiet) {
            err.println("voipwatch: report written to " + reportTarget);
        }
    }

    private MetricsServer openMetrics(KafkaEventSink kafkaSink, String matrixLabel) throws UsageException {
        try {
            MetricsServer m = MetricsServer.start(metricsAddress, config.probe, matrixLabel);
            if (kafkaSink != null) {
                new KafkaSinkMetrics(kafkaSink).bindTo(m.registry());
            }
            return m;
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot serve metrics on " + metricsAddress + ": " + e.getMessage());
        }
    }

    /** Keeps /metrics up after the analysis so that Prometheus can scrape the final values. */
    private void linger(MetricsServer metrics) {
        if (metrics == null || lingerNanos <= 0) {
            return;
        }
        try {
            Thread.sleep(lingerNanos / 1_000_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeSummary(String text, PrintStream defaultOut) throws UsageException {
        if (summaryTarget == null || summaryTarget.equals("-")) {
            defaultOut.print(text);
            defaultOut.flush();
            return;
        }
        try {
            Files.write(Paths.get(summaryTarget), text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UsageException("cannot write summary to " + summaryTarget + ": " + e.getMessage());
        }
    }

    private void parse(List<String> argList) throws UsageException {
        Args args = new Args(argList);
        while (args.hasNext()) {
            String a = args.next();
            switch (a) {
                case "--matrix": matrixName = args.value(a); break;
                case "--bind": binds.add(args.value(a)); break;
                case "--events": eventsTarget = args.value(a); break;
                case "--summary": summaryTarget = args.value(a); break;
                case "--report":
                    reportTarget = args.value(a);
                    config.recordSipLadder = true;
                    break;
                case "--format":
                    format = args.value(a);
                    if (!format.equals("text") && !format.equals("json")) {
                        throw new UsageException("--format must be text or json, got '" + format + "'");
                    }
                    break;
                case "--reader":
                    reader = args.value(a);
                    if (!reader.equals("java") && !reader.equals("libpcap")) {
                        throw new UsageException("--reader must be java or libpcap, got '" + reader + "'");
                    }
                    break;
                case "--probe": config.probe = args.value(a); break;
                case "--max-flows": config.maxFlows = intOption(a, args.value(a)); break;
                case "--syn-timeout": config.synTimeoutNs = secondsOption(a, args.value(a)); break;
                case "--udp-timeout": config.udpUnansweredTimeoutNs = secondsOption(a, args.value(a)); break;
                case "--grace": config.mediaGraceNs = secondsOption(a, args.value(a)); break;
                case "--hash-users": config.hashUsers = true; break;
                case "--detectors": detectorsOption(config, a, args.value(a)); break;
                case "--stun-timeout": config.stunTransactionTimeoutNs = secondsOption(a, args.value(a)); break;
                case "--quiet": case "-q": quiet = true; break;
                case "--kafka": case "--kafka-topic": case "--kafka-calls-topic": case "--kafka-prop":
                case "--kafka-config": case "--kafka-max-pending": case "--kafka-close-timeout":
                    publish.apply(a, a, args.value(a));
                    break;
                case "--metrics": metricsAddress = args.value(a); break;
                case "--linger": lingerNanos = durationOption(a, args.value(a)); break;
                default:
                    if (a.startsWith("-") && !a.equals("-")) {
                        throw new UsageException("analyze: unknown option " + a + " (try: voipwatch --help)");
                    }
                    Path p = Paths.get(a);
                    if (!Files.isRegularFile(p)) {
                        throw new UsageException("capture file not found: " + a);
                    }
                    captures.add(p);
            }
        }
        if (reportTarget != null) {
            Path dir = Paths.get(reportTarget).toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new UsageException("--report: directory " + dir + " does not exist");
            }
        }
        if (captures.isEmpty()) {
            throw new UsageException("analyze needs at least one capture file");
        }
        if (matrixName == null) {
            throw new UsageException("analyze needs --matrix NAME|FILE (built-in: "
                    + String.join(", ", MatrixLoader.builtInProfiles()) + ")");
        }
    }
    /** Discards events (the summary still counts them). */
    private static final class NullSink implements EventSink {
        @Override
        public void onEvent(org.voipwatch.analyzer.event.MonitorEvent event, CharSequence json, String key) {
        }

        @Override
        public void onBatchEnd() {
        }

        @Override
        public void close() {
        }
    }
}

package org.voipwatch.analyzer.cli;

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
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.report.Summary;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.sink.JsonLinesSink;
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
    private String format = "text";
    private String reader = "java";
    private boolean quiet;
    private final AnalyzerConfig config = new AnalyzerConfig();

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
        if (sinks.isEmpty()) {
            sinks.add(new NullSink());
        }
        ProgressSource progress = new ProgressSource(source, !quiet && System.console() != null, err);
        AnalysisResult result;
        try {
            result = new AnalysisPipeline(config, matrix, sinks, true).run(progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("voipwatch: interrupted");
            return Main.EXIT_USAGE;
        }
        progress.finish();
        List<String> inputs = new ArrayList<>();
        for (Path p : captures) {
            inputs.add(p.toString());
        }
        String text = format.equals("json") ? Summary.json(result, inputs) + "\n" : Summary.text(result, inputs);
        writeSummary(text, summaryOut);
        for (String w : result.warnings) {
            err.println("voipwatch: warning: " + w);
        }
        return result.criticalEvents > 0 ? Main.EXIT_CRITICAL : Main.EXIT_OK;
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
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                inline = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--matrix": matrixName = args.value(a, inline); break;
                case "--bind": binds.add(args.value(a, inline)); break;
                case "--events": eventsTarget = args.value(a, inline); break;
                case "--summary": summaryTarget = args.value(a, inline); break;
                case "--format":
                    format = args.value(a, inline);
                    if (!format.equals("text") && !format.equals("json")) {
                        throw new UsageException("--format must be text or json, got '" + format + "'");
                    }
                    break;
                case "--reader":
                    reader = args.value(a, inline);
                    if (!reader.equals("java") && !reader.equals("libpcap")) {
                        throw new UsageException("--reader must be java or libpcap, got '" + reader + "'");
                    }
                    break;
                case "--probe": config.probe = args.value(a, inline); break;
                case "--max-flows": config.maxFlows = intOption(a, args.value(a, inline)); break;
                case "--syn-timeout": config.synTimeoutNs = secondsOption(a, args.value(a, inline)); break;
                case "--udp-timeout": config.udpUnansweredTimeoutNs = secondsOption(a, args.value(a, inline)); break;
                case "--grace": config.mediaGraceNs = secondsOption(a, args.value(a, inline)); break;
                case "--hash-users": config.hashUsers = true; break;
                case "--quiet": case "-q": quiet = true; break;
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
        if (captures.isEmpty()) {
            throw new UsageException("analyze needs at least one capture file");
        }
        if (matrixName == null) {
            throw new UsageException("analyze needs --matrix NAME|FILE (built-in: "
                    + String.join(", ", MatrixLoader.builtInProfiles()) + ")");
        }
    }

    private static int intOption(String name, String v) throws UsageException {
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, got '" + v + "'");
        }
    }

    private static long secondsOption(String name, String v) throws UsageException {
        try {
            String s = v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
            double d = Double.parseDouble(s);
            if (!(d > 0)) {
                throw new NumberFormatException();
            }
            return (long) (d * 1e9);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a positive number of seconds, got '" + v + "'");
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

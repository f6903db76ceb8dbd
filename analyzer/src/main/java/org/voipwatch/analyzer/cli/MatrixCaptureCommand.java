package org.voipwatch.analyzer.cli;

import java.io.IOException;
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
import org.voipwatch.analyzer.learn.FlowCollector;
import org.voipwatch.analyzer.learn.MatrixDraft;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.report.CoverageReport;

/**
 * {@code voipwatch matrix learn CAPTURE... [--matrix BASE] [--bind ...] [--output FILE]} and
 * {@code voipwatch matrix coverage CAPTURE... --matrix M [--bind ...] [--format text|json]}. CLI thread.
 */
final class MatrixCaptureCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final List<Path> captures = new ArrayList<>();
    private final List<String> binds = new ArrayList<>();
    private String matrixName;
    private String format = "text";
    private String output;

    MatrixCaptureCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String sub, List<String> argList) throws UsageException {
        parse(sub, argList);
        if (sub.equals("coverage")) {
            return coverage();
        }
        return learn();
    }

    private int coverage() throws UsageException {
        if (matrixName == null) {
            throw new UsageException("matrix coverage needs --matrix NAME|FILE");
        }
        AnalysisResult r = CaptureAnalysis.run(captures, load(matrixName), null);
        List<String> inputs = inputs();
        out.print(format.equals("json") ? CoverageReport.json(r, inputs) + "\n" : CoverageReport.text(r, inputs));
        out.flush();
        return CoverageReport.blockedRules(r) > 0 ? Main.EXIT_CRITICAL : Main.EXIT_OK;
    }

    private int learn() throws UsageException {
        if (matrixName == null && !binds.isEmpty()) {
            throw new UsageException("matrix learn: --bind needs --matrix BASE (the roles to bind)");
        }
        FlowMatrix base = matrixName == null ? MatrixDraft.emptyBase() : load(matrixName);
        FlowCollector collector = new FlowCollector();
        AnalysisResult r = CaptureAnalysis.run(captures, base, ctx -> ctx.flows.setFlowObserver(collector));
        String yaml = new MatrixDraft(base, matrixName != null, collector, r, inputs()).yaml();
        if (output == null || output.equals("-")) {
            out.print(yaml);
            out.flush();
        } else {
            try {
                Files.write(Paths.get(output), yaml.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UsageException("cannot write " + output + ": " + e.getMessage());
            }
            err.println("voipwatch: wrote " + output);
        }
        for (String w : r.warnings) {
            err.println("voipwatch: warning: " + w);
        }
        return Main.EXIT_OK;
    }

    private FlowMatrix load(String name) throws UsageException {
        try {
            return MatrixLoader.loadNamed(name, binds);
        } catch (MatrixException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private List<String> inputs() {
        List<String> inputs = new ArrayList<>();
        for (Path p : captures) {
            inputs.add(p.toString());
        }
        return inputs;
    }

    private void parse(String sub, List<String> argList) throws UsageException {
        Args args = new Args(argList);
        while (args.hasNext()) {
            String a = args.next();
            if (a.equals("--matrix")) {
                matrixName = args.value(a);
            } else if (a.equals("--bind")) {
                binds.add(args.value(a));
            } else if (a.equals("--format") && sub.equals("coverage")) {
                format = args.value(a);
                if (!format.equals("text") && !format.equals("json")) {
                    throw new UsageException("--format must be text or json, got '" + format + "'");
                }
            } else if ((a.equals("--output") || a.equals("-o")) && sub.equals("learn")) {
                output = args.value(a);
            } else if (a.equals("--quiet") || a.equals("-q")) {
                continue; // accepted for symmetry with analyze; there is no progress line here
            } else if (a.startsWith("-")) {
                throw new UsageException("matrix " + sub + ": unknown option " + a + " (try: voipwatch --help)");
            } else {
                Path p = Paths.get(a);
                if (!Files.isRegularFile(p)) {
                    throw new UsageException("capture file not found: " + a);
                }
                captures.add(p);
            }
        }
        if (captures.isEmpty()) {
            throw new UsageException("matrix " + sub + " needs at least one capture file");
        }
    }
}

package org.voipwatch.analyzer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixException;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.classify.MatrixTable;

/** {@code voipwatch matrix list|show|check}; {@code learn} and {@code coverage} are {@link MatrixCaptureCommand}. */
final class MatrixCommand {
    private final PrintStream out;
    private final PrintStream err;

    MatrixCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argList) throws UsageException {
        if (argList.isEmpty()) {
            throw new UsageException("matrix needs a subcommand: list, show NAME|FILE, check FILE, learn CAPTURE..., "
                    + "coverage CAPTURE...");
        }
        String sub = argList.get(0);
        if (sub.equals("learn") || sub.equals("coverage")) {
            return new MatrixCaptureCommand(out, err).run(sub, argList.subList(1, argList.size()));
        }
        Args args = new Args(argList.subList(1, argList.size()));
        List<String> binds = new ArrayList<>();
        String target = null;
        while (args.hasNext()) {
            String a = args.next();
            if (a.equals("--bind")) {
                binds.add(args.value(a));
            } else if (a.startsWith("--")) {
                throw new UsageException("matrix " + sub + ": unknown option " + a);
            } else if (target == null) {
                target = a;
            } else {
                throw new UsageException("matrix " + sub + ": one matrix at a time (got " + target + " and " + a + ")");
            }
        }
        switch (sub) {
            case "list":
                for (String name : MatrixLoader.builtInProfiles()) {
                    out.println(name);
                }
                return Main.EXIT_OK;
            case "show":
            case "check":
                if (target == null) {
                    throw new UsageException("matrix " + sub + " needs a matrix name or file");
                }
                return show(target, binds, sub.equals("check"));
            default:
                throw new UsageException("unknown matrix subcommand '" + sub
                        + "' (list, show, check, learn, coverage)");
        }
    }

    private int show(String target, List<String> binds, boolean check) throws UsageException {
        FlowMatrix m;
        try {
            m = MatrixLoader.loadNamed(target, binds);
        } catch (MatrixException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            MatrixTable.render(m, out);
        } catch (IOException e) {
            err.println("voipwatch: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        if (check) {
            out.println(target + ": OK (" + m.roles().size() + " roles, " + m.services().size() + " services, "
                    + m.ruleCount() + " rules)");
        }
        return Main.EXIT_OK;
    }
}

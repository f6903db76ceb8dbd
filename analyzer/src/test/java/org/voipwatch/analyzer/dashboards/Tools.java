package org.voipwatch.analyzer.dashboards;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.voipwatch.analyzer.testutil.Captures;

/** External programs for the dashboard/alert/deployment tests: lookup on PATH, bounded runs, npm packages. */
final class Tools {
    /** dashboards/: Grafana JSON, Prometheus rules and config, package.json of the npm packages the checks use. */
    static final Path DASHBOARDS = Captures.repoRoot().resolve("dashboards");

    private Tools() {
    }

    /** Result of a finished command: exit code and merged stdout/stderr. */
    record Run(int exit, String output) {
    }

    static String onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, exe);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** The program's path, or a skipped test naming the Debian package that provides it. */
    static String require(String exe, String debianPackage) {
        String p = onPath(exe);
        Assumptions.assumeTrue(p != null, exe + " is not installed (apt-get install " + debianPackage
                + "; scripts/test.sh does): skipped");
        return p;
    }

    /** Runs a command in {@code dir}, at most {@code timeoutSeconds}; the process is killed after that. */
    static Run run(Path dir, long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("voipwatch-tool", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Run(-1, "timed out after " + timeoutSeconds + " s: " + command + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Run run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(dir, timeoutSeconds, List.of(command));
    }

    /**
     * A directory with dashboards/package.json's packages installed (once per build, under analyzer/target), or a
     * skipped test when npm is absent or the registry cannot be reached.
     */
    static synchronized Path npmPackages() throws IOException, InterruptedException {
        String npm = onPath("npm");
        Assumptions.assumeTrue(npm != null, "npm is not installed (apt-get install npm): type checks skipped");
        Path dir = Path.of("target", "dashboards-npm").toAbsolutePath();
        Path marker = dir.resolve("node_modules/.voipwatch-installed");
        byte[] wanted = Files.readAllBytes(DASHBOARDS.resolve("package.json"));
        if (Files.exists(marker) && java.util.Arrays.equals(wanted, Files.readAllBytes(marker))) {
            return dir;
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve("package.json"), wanted);
        List<String> cmd = new ArrayList<>(List.of(npm, "install", "--no-audit", "--no-fund", "--no-package-lock",
                "--loglevel=error"));
        Run r = run(dir, 300, cmd);
        Assumptions.assumeTrue(r.exit() == 0, "npm install failed (no registry?): skipped\n" + r.output());
        Files.write(marker, wanted);
        return dir;
    }
}

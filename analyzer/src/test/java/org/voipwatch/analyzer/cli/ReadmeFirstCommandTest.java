package org.voipwatch.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.testutil.Captures;

/**
 * The README's first command works from a clean clone: the committed tree is cloned, and the first
 * {@code ./voipwatch} line of the README is run there as a user would (it builds the project on first use).
 * The same clone then checks the launcher's start-up archive (docs/design.md, "Start-up"): made after the build,
 * used by the next run; a damaged archive never breaks a run nor its output, an outdated one is made again.
 */
class ReadmeFirstCommandTest {
    /** What {@code -Xlog:class+load} says of a class mapped from the dynamic (top-layer) archive. */
    private static final String FROM_TOP_ARCHIVE = "org.voipwatch.analyzer.cli.Main source: shared objects file (top)";

    @TempDir
    Path tmp;

    @Test
    void firstReadmeCommandRunsInAFreshClone() throws Exception {
        Path root = Captures.repoRoot();
        assumeTrue(Files.isDirectory(root.resolve(".git")), "not a git checkout: clean-clone test skipped");
        String command = firstVoipwatchCommand(root.resolve("README.md"));
        assertNotNull(command, "README.md has no ./voipwatch command");

        Path clone = tmp.resolve("clone");
        assertEquals(0, exec(tmp, 120, Map.of(), "git", "clone", "-q", root.toString(), clone.toString()).exit);
        Result r = exec(clone, 480, Map.of(), "bash", "-c", command);
        assertTrue(r.exit == 0 || r.exit == 1, "exit " + r.exit + "\n" + r.output + r.errors);
        String all = r.output + r.errors;
        assertTrue(all.contains("MATRIX COVERAGE"), all);
        assertTrue(all.contains("unexpected_flow"), all);

        startupArchive(clone);
    }

    /** The archive made after the build is used; a damaged one is ignored, an outdated one made again. */
    private void startupArchive(Path clone) throws Exception {
        Path target = clone.resolve("analyzer/target");
        Path archive = onlyArchive(target);
        Path jar = target.resolve("voipwatch-analyzer-0.1.0-SNAPSHOT.jar");

        Path log = tmp.resolve("class-load.txt");
        Result used = jsonRun(clone, Map.of("VOIPWATCH_JAVA_OPTS", "-Xlog:class+load=info:file=" + log));
        assertTrue(Files.readString(log).contains(FROM_TOP_ARCHIVE), "archive not used: " + archive);

        // garbage under the archive's name, the jars unchanged (the launcher keeps it): the JVM ignores it, silently
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(archive, "not a class-data archive\n".repeat(4096).getBytes(StandardCharsets.US_ASCII));
        Result garbage = jsonRun(clone, Map.of());
        assertEquals(used.output.substring(0, used.output.indexOf("\"packetsPerSecond\"")),
                garbage.output.substring(0, garbage.output.indexOf("\"packetsPerSecond\"")));
        assertEquals("", garbage.errors, "a refused archive must not show (stderr)");

        // the jar's modification time changed (a rebuild; the JVM would refuse the archive): made again, and used
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2_000));
        Files.delete(log);
        Result remade = jsonRun(clone, Map.of("VOIPWATCH_JAVA_OPTS", "-Xlog:class+load=info:file=" + log));
        assertEquals("", remade.errors);
        assertTrue(Files.readString(log).contains(FROM_TOP_ARCHIVE), "remade archive not used");
        assertTrue(Files.size(onlyArchive(target)) > 1 << 20, "archive not made again");
    }

    /** Analyses the demo capture with a JSON summary; stdout must be exactly that JSON object. */
    private Result jsonRun(Path clone, Map<String, String> env) throws Exception {
        Result r = exec(clone, 120, env, "./voipwatch", "analyze", "scenarios/demo-site/capture.pcap", "--matrix",
                "examples/demo-matrix.yaml", "--format", "json", "--quiet");
        assertTrue(r.exit == 0 || r.exit == 1, "exit " + r.exit + "\n" + r.output + r.errors);
        String out = r.output.trim();
        assertTrue(out.startsWith("{\"inputs\":") && out.endsWith("}") && out.indexOf('\n') < 0,
                "stdout is not the JSON summary alone:\n" + r.output);
        assertFalse(r.errors.contains("Exception"), r.errors);
        return r;
    }

    private static Path onlyArchive(Path target) throws IOException {
        try (Stream<Path> s = Files.list(target)) {
            List<Path> archives = s.filter(p -> p.getFileName().toString().matches("voipwatch-cds-.*\\.jsa"))
                    .collect(Collectors.toList());
            assertEquals(1, archives.size(), "start-up archives in " + target + ": " + archives);
            return archives.get(0);
        }
    }

    static String firstVoipwatchCommand(Path readme) throws IOException {
        for (String line : Files.readAllLines(readme)) {
            String t = line.trim();
            if (t.startsWith("./voipwatch ")) {
                return t;
            }
        }
        return null;
    }

    private static final class Result {
        final int exit;
        final String output;
        final String errors;

        Result(int exit, String output, String errors) {
            this.exit = exit;
            this.output = output;
            this.errors = errors;
        }
    }

    private static Result exec(Path dir, int timeoutSeconds, Map<String, String> env, String... cmd)
            throws Exception {
        Path out = Files.createTempFile(dir, "out", ".log");
        Path err = Files.createTempFile(dir, "err", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("VOIPWATCH_JAVA_OPTS");
        pb.environment().remove("VOIPWATCH_CDS");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(out),
                    Files.readString(err));
        }
        return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
    }
}

package org.voipwatch.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.testutil.Captures;

/**
 * The README's first command works from a clean clone: the committed tree is cloned, and the first
 * {@code ./voipwatch} line of the README is run there as a user would (it builds the project on first use).
 */
class ReadmeFirstCommandTest {
    @TempDir
    Path tmp;

    @Test
    void firstReadmeCommandRunsInAFreshClone() throws Exception {
        Path root = Captures.repoRoot();
        assumeTrue(Files.isDirectory(root.resolve(".git")), "not a git checkout: clean-clone test skipped");
        String command = firstVoipwatchCommand(root.resolve("README.md"));
        assertNotNull(command, "README.md has no ./voipwatch command");

        Path clone = tmp.resolve("clone");
        assertEquals(0, exec(tmp, 120, "git", "clone", "-q", root.toString(), clone.toString()).exit);
        Result r = exec(clone, 480, "bash", "-c", command);
        assertTrue(r.exit == 0 || r.exit == 1, "exit " + r.exit + "\n" + r.output);
        assertTrue(r.output.contains("MATRIX COVERAGE"), r.output);
        assertTrue(r.output.contains("unexpected_flow"), r.output);
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

        Result(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    private static Result exec(Path dir, int timeoutSeconds, String... cmd) throws Exception {
        Path log = Files.createTempFile(dir, "out", ".log");
        Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
    }
}

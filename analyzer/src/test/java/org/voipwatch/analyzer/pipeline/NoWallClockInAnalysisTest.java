package org.voipwatch.analyzer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.Captures;

/**
 * STYLE.md guideline 9: time comes from packets. Nothing under decode, classify, track, detect or protocol
 * may read the wall clock, so offline and live analysis give the same answer for the same packets.
 */
class NoWallClockInAnalysisTest {
    private static final Pattern CLOCK = Pattern.compile(
            "System\\.(currentTimeMillis|nanoTime)\\(|Instant\\.now\\(|LocalDateTime\\.now\\(|Clock\\.system");
    private static final String[] PACKAGES = {"decode", "classify", "track", "detect", "protocol"};

    @Test
    void analysisPackagesDoNotReadTheClock() throws IOException {
        Path base = Captures.repoRoot().resolve("analyzer/src/main/java/org/voipwatch/analyzer");
        List<String> offenders = new ArrayList<>();
        int files = 0;
        for (String pkg : PACKAGES) {
            Path dir = base.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java"))::iterator) {
                    files++;
                    List<String> lines = Files.readAllLines(p);
                    for (int i = 0; i < lines.size(); i++) {
                        if (CLOCK.matcher(lines.get(i)).find()) {
                            offenders.add(base.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).trim());
                        }
                    }
                }
            }
        }
        assertTrue(files > 20, "analysis sources not found under " + base);
        assertEquals(List.of(), offenders);
    }
}

package org.voipwatch.analyzer.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** STYLE.md guideline 9: nothing under decode reads the wall clock; time comes from packets. */
class NoWallClockTest {
    @Test
    void decodeSourcesDoNotReadTheClock() throws IOException {
        Path dir = Path.of("src/main/java/org/voipwatch/analyzer/decode");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("analyzer").resolve(dir);
        }
        assertTrue(Files.isDirectory(dir), "decode sources not found from " + Path.of("").toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                files++;
                String text = Files.readString(p);
                for (String banned : new String[] {"currentTimeMillis", "nanoTime", "Instant.now", "Clock."}) {
                    if (text.contains(banned)) {
                        offenders.add(p.getFileName() + ": " + banned);
                    }
                }
            }
        }
        assertTrue(files >= 10);
        assertEquals(List.of(), offenders);
    }
}

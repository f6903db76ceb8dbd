package org.voipwatch.capture.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helper: finds the shared public capture corpus ({@code shared/pcaps} beside the repo) and its manifest. */
final class Corpus {
    private Corpus() {
    }

    /** The corpus directory, found by walking up from the working directory, or null when absent. */
    static Path dir() {
        Path d = Paths.get("").toAbsolutePath();
        while (d != null) {
            Path candidate = d.resolve("shared").resolve("pcaps");
            if (Files.isRegularFile(candidate.resolve("MANIFEST.tsv"))) {
                return candidate;
            }
            d = d.getParent();
        }
        return null;
    }

    /** One manifest row: column name to value. */
    static List<Map<String, String>> manifest(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size() && i < cells.length; i++) {
                row.put(header.get(i), cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Path of a capture in the corpus by the end of its corpus_path (e.g. "pcap/stun.pcap"). */
    static Path find(Path dir, String suffix) throws IOException {
        for (Map<String, String> row : manifest(dir)) {
            if (row.get("corpus_path").endsWith(suffix)) {
                return dir.resolve(row.get("corpus_path"));
            }
        }
        throw new IOException("not in the manifest: " + suffix);
    }
}

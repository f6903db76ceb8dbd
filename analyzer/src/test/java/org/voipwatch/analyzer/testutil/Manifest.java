package org.voipwatch.analyzer.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test-only: the rows of the corpus's MANIFEST.tsv (tshark's counts per capture), keyed by {@code corpus_path}, in
 * file order; each row maps the header's column names to the cell text (a column a short row lacks is absent).
 */
public final class Manifest {
    /** A capture and one of tshark's reference outputs stored beside it, named capture name + suffix. */
    public record Reference(Path capture, Path output) {
    }

    private Manifest() {
    }

    /** Every reference output under {@code corpus} whose name ends with {@code suffix}, in path order. */
    public static List<Reference> references(Path corpus, String suffix) throws IOException {
        List<Path> outputs;
        try (Stream<Path> s = Files.walk(corpus)) {
            outputs = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
        List<Reference> refs = new ArrayList<>();
        for (Path output : outputs) {
            String name = output.getFileName().toString();
            refs.add(new Reference(output.resolveSibling(name.substring(0, name.length() - suffix.length())), output));
        }
        return refs;
    }

    /** Reads {@code corpus/MANIFEST.tsv}. */
    public static Map<String, Map<String, String>> rows(Path corpus) throws IOException {
        List<String> lines = Files.readAllLines(corpus.resolve("MANIFEST.tsv"));
        String[] head = lines.get(0).split("\t", -1);
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cols = lines.get(i).split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < head.length && c < cols.length; c++) {
                row.put(head[c], cols[c]);
            }
            rows.put(row.get("corpus_path"), row);
        }
        return rows;
    }
}

package org.voipwatch.analyzer.testutil;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.voipwatch.capture.source.PcapWriter;

/** Writes test captures and finds the shared public corpus. */
public final class Captures {
    private Captures() {
    }

    /** A frame with its time, for {@link #write}. */
    public static final class Timed {
        final long timeNs;
        final byte[] frame;

        public Timed(long timeNs, byte[] frame) {
            this.timeNs = timeNs;
            this.frame = frame;
        }
    }

    public static Path write(Path file, List<Timed> frames) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os, true)) {
            for (Timed t : frames) {
                w.write(t.timeNs, t.frame, 0, t.frame.length);
            }
        }
        return file;
    }

    /** The repository root (the directory holding the top-level pom.xml and ./voipwatch). */
    public static Path repoRoot() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("voipwatch")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("repository root not found from " + Paths.get("").toAbsolutePath());
    }

    /**
     * shared/pcaps beside the repository or beside one of its parents (a git worktree under /work/wt/NAME
     * finds /work/shared/pcaps), or null when absent (tests then skip).
     */
    public static Path sharedPcaps() {
        for (Path d = repoRoot().getParent(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve("pcaps");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    public static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
    }
}

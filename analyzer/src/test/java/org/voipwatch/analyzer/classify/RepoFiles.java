package org.voipwatch.analyzer.classify;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a file of the repository by walking up from the working directory (surefire runs in the module). */
final class RepoFiles {
    private RepoFiles() {
    }

    static Path find(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve(relative);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}

package org.voipwatch.analyzer.protocol;

import java.nio.file.Path;
import org.voipwatch.analyzer.testutil.Captures;

/**
 * Test-only, kept for the detect/ and cli/ corpus tests that still call {@link #root()}; new code calls
 * {@link Captures#sharedPcaps()} directly, and walks captures with
 * {@link org.voipwatch.analyzer.testutil.CaptureWalk} (the production reader and decoder).
 */
public final class PcapCorpus {
    private PcapCorpus() {
    }

    /** The shared capture corpus, or null when absent: {@link Captures#sharedPcaps()}. */
    public static Path root() {
        return Captures.sharedPcaps();
    }
}

package org.voipwatch.capture.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens capture files as one {@link PacketSource} (several files are merged in packet-time order).
 * STUB: to be replaced by the real pcap/pcapng/gzip readers.
 */
public final class CaptureFiles {
    private CaptureFiles() {
    }

    /**
     * Opens the files; throws IOException with a clear message for a missing file or an unknown format.
     */
    public static PacketSource open(List<Path> files) throws IOException {
        throw new IOException("capture reading not implemented yet");
    }
}

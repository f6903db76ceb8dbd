package org.voipwatch.analyzer.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.sink.JsonLinesSink;

/** The events file on a full disk: every failed write is counted and the stream is still closed. */
class JsonLinesSinkFailureTest {
    /** A stream whose every write and flush fails like a full disk; remembers whether it was closed. */
    private static final class FullDisk extends OutputStream {
        boolean closed;

        @Override
        public void write(int b) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public void flush() throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void failedFlushStillClosesTheStream() {
        FullDisk disk = new FullDisk();
        JsonLinesSink sink = new JsonLinesSink(disk, "full.jsonl", true);
        MonitorEvent e = new MonitorEvent();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            line.append('x'); // more than the writer's 8 KiB encoder buffer: writes reach the stream
        }
        sink.onEvent(e, line, null);
        sink.onBatchEnd();
        sink.close();
        assertTrue(disk.closed, "the stream must be closed although flushing it failed");
        assertTrue(sink.failures() >= 1, "failures " + sink.failures());
        assertEquals("full.jsonl: No space left on device", sink.firstFailure());
    }
}

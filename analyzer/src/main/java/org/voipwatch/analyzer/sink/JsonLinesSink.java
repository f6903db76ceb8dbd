package org.voipwatch.analyzer.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.voipwatch.analyzer.event.MonitorEvent;

/** Writes one JSON object per line to a file or standard output; flushes at the end of each batch. */
public final class JsonLinesSink implements EventSink {
    private final Writer out;
    private final String name;
    private final boolean closeStream;
    private long written;
    private long failures;
    private String firstFailure;

    public JsonLinesSink(OutputStream stream, String name, boolean closeStream) {
        this.out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        this.name = name;
        this.closeStream = closeStream;
    }

    @Override
    public void onEvent(MonitorEvent event, CharSequence json, String key) {
        try {
            out.append(json).append('\n');
            written++;
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void onBatchEnd() {
        try {
            out.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        failures++;
        if (firstFailure == null) {
            firstFailure = name + ": " + e.getMessage();
            System.err.println("voipwatch: cannot write events to " + firstFailure + " (further failures counted)");
        }
    }

    public long written() {
        return written;
    }

    public long failures() {
        return failures;
    }

    /** The first I/O failure as "name: message", or null; read after the sink thread stopped. */
    public String firstFailure() {
        return firstFailure;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            fail(e);
        }
        if (closeStream) {
            // closed even when the flush failed (disk full): a leaked descriptor keeps the file system busy
            try {
                out.close();
            } catch (IOException e) {
                fail(e);
            }
        }
    }
}

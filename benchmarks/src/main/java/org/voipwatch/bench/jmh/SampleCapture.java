package org.voipwatch.bench.jmh;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.voipwatch.bench.SiteCaptureGenerator;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.CaptureFiles;
import org.voipwatch.capture.source.CaptureReader;
import org.voipwatch.capture.source.LinkType;
import org.voipwatch.capture.source.PcapWriter;

/**
 * Real bytes for the micro-benchmarks: a site capture written by {@link SiteCaptureGenerator} (200 calls, 8 s),
 * cut to exactly {@link #RECORDS} records so that per-record figures divide by a constant. Created once per JMH trial
 * (setup, not measured) by the benchmark thread.
 */
final class SampleCapture {
    /** Records in the sample file: 2^16, so that the slot arrays index with a mask. */
    static final int RECORDS = 65_536;
    /**
     * Packets the per-packet benchmarks cycle through: the analyzer's default ring size
     * ({@link org.voipwatch.analyzer.config.AnalyzerConfig#PACKET_RING_SIZE_DEFAULT}), taken from the middle of the
     * capture where every call is active (about 50 ms of traffic: each RTP stream appears 2-3 times).
     */
    static final int WINDOW = 1024;
    static final int WINDOW_MASK = WINDOW - 1;

    private SampleCapture() {
    }

    /** Writes the sample capture to a new temporary file; the caller deletes it. */
    static Path write() throws IOException {
        Path full = Files.createTempFile("voipwatch-bench-full", ".pcap");
        Path cut = Files.createTempFile("voipwatch-bench", ".pcap");
        try {
            SiteCaptureGenerator.generate(200, 8, SiteCaptureGenerator.DEFAULT_SEED, full);
            try (CaptureReader r = CaptureFiles.openReader(full);
                 OutputStream os = new BufferedOutputStream(Files.newOutputStream(cut), 1 << 20);
                 PcapWriter w = new PcapWriter(os, true, LinkType.ETHERNET, 65_535)) {
                int n = 0;
                while (n < RECORDS && r.next()) {
                    w.write(r.timestampNs(), r.buffer(), r.offset(), r.capturedLength(), r.originalLength());
                    n++;
                }
                if (n < RECORDS) {
                    throw new IOException("sample capture has only " + n + " records, need " + RECORDS);
                }
            }
        } finally {
            Files.deleteIfExists(full);
        }
        return cut;
    }

    /** Loads every record of the sample as a ring slot sized to its frame, in capture order. */
    static PacketEvent[] load(Path file) throws IOException {
        PacketEvent[] events = new PacketEvent[RECORDS];
        try (CaptureReader r = CaptureFiles.openReader(file)) {
            for (int i = 0; i < RECORDS; i++) {
                if (!r.next()) {
                    throw new IOException(file + ": ended after " + i + " records");
                }
                PacketEvent ev = new PacketEvent(r.capturedLength());
                ev.setPacket(r.timestampNs(), r.linkType(), r.buffer(), r.offset(), r.capturedLength(),
                        r.originalLength(), 0, i + 1);
                events[i] = ev;
            }
        }
        return events;
    }

    /**
     * {@link #WINDOW} consecutive packets from the middle of a fresh sample, each copied into a ring slot of
     * {@code slotBytes} bytes (the production ring uses {@link PacketEvent#MAX_FRAME_BYTES}), allocated one after the
     * other as the ring's factory does.
     */
    static PacketEvent[] window(int slotBytes) throws IOException {
        Path p = write();
        PacketEvent[] all;
        try {
            all = load(p);
        } finally {
            Files.deleteIfExists(p);
        }
        PacketEvent[] w = new PacketEvent[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            PacketEvent src = all[RECORDS / 2 + i];
            PacketEvent ev = new PacketEvent(Math.max(slotBytes, src.capturedLength));
            ev.setPacket(src.timestampNs, src.linkType, src.data, 0, src.capturedLength, src.originalLength, 0,
                    src.frameNumber);
            w[i] = ev;
        }
        return w;
    }
}

package org.voipwatch.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.voipwatch.capture.source.CaptureFiles;
import org.voipwatch.capture.source.CaptureReader;

/**
 * Pcap record reading with {@link CaptureFiles#openReader}: one invocation opens the sample file (in the page cache)
 * and walks all {@link SampleCapture#RECORDS} records, so a reported op is one record, including the amortised open
 * (the reader's 1 MiB window: 16 bytes per record of the allocation figure).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PcapReadBenchmark {
    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = SampleCapture.write();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(SampleCapture.RECORDS)
    public long readRecord() throws IOException {
        long sum = 0;
        try (CaptureReader r = CaptureFiles.openReader(file)) {
            while (r.next()) {
                sum += r.capturedLength() + r.buffer()[r.offset() + 23]; // touch the IP protocol byte
            }
        }
        return sum;
    }
}

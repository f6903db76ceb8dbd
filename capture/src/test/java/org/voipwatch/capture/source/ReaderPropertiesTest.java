package org.voipwatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voipwatch.capture.source.ByteBuilder.concat;
import static org.voipwatch.capture.source.ByteBuilder.epb;
import static org.voipwatch.capture.source.ByteBuilder.frame;
import static org.voipwatch.capture.source.ByteBuilder.idb;
import static org.voipwatch.capture.source.ByteBuilder.shb;
import static org.voipwatch.capture.source.ByteBuilder.spb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property tests (jqwik) for the pcap and pcapng readers: a valid file header followed by random bytes, random
 * truncations and byte edits of valid files, each plain or gzipped, read through small and default windows.
 * Opening either succeeds or fails with an IOException (unreadable input); reading then never throws, ends
 * within a record budget, and every record's bytes lie inside the reader's buffer. docs/fuzzing.md.
 */
class ReaderPropertiesTest {
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("voipwatch-reader-props");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** Classic pcap header (libpcap file format: magic, version 2.4, snaplen, link type). */
    private static byte[] pcapHeader(boolean bigEndian, boolean nanos) {
        return new ByteBuilder(bigEndian).u32(nanos ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0)
                .u32(262_144).u32(1).toArray();
    }

    private static byte[] pcapRecord(boolean bigEndian, int sec, int frac, byte[] data, int orig) {
        return new ByteBuilder(bigEndian).u32(sec).u32(frac).u32(data.length).u32(orig).bytes(data).toArray();
    }

    private static byte[] validPcap(boolean bigEndian, boolean nanos) {
        return concat(pcapHeader(bigEndian, nanos), pcapRecord(bigEndian, 1, 2, frame(60, 1), 60),
                pcapRecord(bigEndian, 1, 3, frame(0, 2), 0), pcapRecord(bigEndian, 2, 0, frame(1500, 3), 9000));
    }

    private static byte[] validPcapng(boolean bigEndian) {
        return concat(shb(bigEndian), idb(bigEndian, 1, 9, 0), epb(bigEndian, 0, 1_000_000_123L, frame(60, 1), 60),
                spb(bigEndian, frame(33, 2), 33), idb(bigEndian, 113, -1, 5),
                epb(bigEndian, 1, 77L, frame(200, 3), 400), shb(!bigEndian), idb(!bigEndian, 1, -1, 0),
                epb(!bigEndian, 0, 5L, frame(10, 4), 10));
    }

    private static byte[] headerOnly(int kind) {
        switch (kind) {
            case 0: return pcapHeader(false, false);
            case 1: return pcapHeader(true, true);
            case 2: return concat(shb(false), idb(false, 1, -1, 0));
            default: return concat(shb(true), idb(true, 1, 6, 0));
        }
    }

    private static byte[] valid(int kind) {
        switch (kind) {
            case 0: return validPcap(false, false);
            case 1: return validPcap(true, true);
            case 2: return validPcapng(false);
            default: return validPcapng(true);
        }
    }

    @Provide
    Arbitrary<byte[]> headerThenRandom() {
        return Arbitraries.integers().between(0, 3).flatMap(k -> Arbitraries.bytes().array(byte[].class)
                .ofMaxSize(600).map(tail -> concat(headerOnly(k), tail)));
    }

    @Provide
    Arbitrary<byte[]> truncatedValid() {
        return Arbitraries.integers().between(0, 3).flatMap(k -> {
            byte[] v = valid(k);
            return Arbitraries.integers().between(0, v.length).map(n -> Arrays.copyOf(v, n));
        });
    }

    @Provide
    Arbitrary<byte[]> editedValid() {
        return Arbitraries.integers().between(0, 3).flatMap(k -> Arbitraries.randomValue(r -> {
            byte[] v = valid(k);
            int edits = 1 + r.nextInt(6);
            for (int e = 0; e < edits; e++) {
                int at = r.nextInt(v.length);
                // length and magic fields are where readers get hurt: push bytes to the extremes often
                v[at] = r.nextInt(3) == 0 ? (byte) 0xff : r.nextInt(2) == 0 ? 0 : (byte) r.nextInt(256);
            }
            return v;
        }));
    }

    @Property
    void validHeaderThenRandomBytes(@ForAll("headerThenRandom") byte[] file, @ForAll boolean gzip,
                                    @ForAll boolean smallWindow) throws IOException {
        readAll(file, gzip, smallWindow);
    }

    @Property
    void randomTruncationOfAValidFile(@ForAll("truncatedValid") byte[] file, @ForAll boolean gzip,
                                      @ForAll boolean smallWindow) throws IOException {
        readAll(file, gzip, smallWindow);
    }

    @Property
    void randomEditsOfAValidFile(@ForAll("editedValid") byte[] file, @ForAll boolean gzip,
                                 @ForAll boolean smallWindow) throws IOException {
        readAll(file, gzip, smallWindow);
    }

    /** Truncated gzip streams: the gunzip error must become the reader's warning, not an exception. */
    @Property
    void truncatedGzipOfAValidFile(@ForAll("truncatedGzip") byte[] file) throws IOException {
        readAll(file, false, false);
    }

    @Provide
    Arbitrary<byte[]> truncatedGzip() {
        return Arbitraries.integers().between(0, 3).flatMap(k -> {
            byte[] z = gzip(valid(k));
            return Arbitraries.integers().between(4, z.length).map(n -> Arrays.copyOf(z, n));
        });
    }

    private static void readAll(byte[] content, boolean gzip, boolean smallWindow) throws IOException {
        byte[] bytes = gzip ? gzip(content) : content;
        Path f = dir.resolve("fuzz" + (gzip ? ".pcap.gz" : ".pcap"));
        Files.write(f, bytes);
        CaptureReader r;
        try {
            r = CaptureFiles.openReader(f, smallWindow ? 4096 : CaptureInput.DEFAULT_CAPACITY);
        } catch (IOException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(f.toString()), e.getMessage());
            return; // unreadable input: the CLI reports it (exit 2)
        }
        try {
            long budget = content.length / 12 + 2; // a record or block is at least 12 bytes
            while (r.next()) {
                assertTrue(--budget >= 0, "more records than the bytes allow");
                assertTrue(r.capturedLength() >= 0 && r.offset() >= 0
                        && r.offset() + r.capturedLength() <= r.buffer().length, "record view");
                r.originalLength();
                r.timestampNs();
                r.linkType();
            }
            r.warning();
            r.recordCount();
        } finally {
            r.close();
        }
    }

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(o)) {
            z.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o.toByteArray();
    }
}

package org.voipwatch.analyzer.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.analyzer.testutil.Scenarios;

/**
 * Truncated and corrupted capture files through {@code voipwatch analyze} ({@link Main#run}): the packets
 * before the damage are analysed and summarised, the damage is a warning on stderr and in the summary, and the
 * exit code is the analysis verdict (0, or 1 with critical findings); 2 only when nothing can be read
 * (unknown format, no header). Record offsets follow the pcap layout (24-byte file header, 16-byte record
 * headers) and the pcapng block layout (SHB, IDB, EPB with 28 bytes of fixed fields + padded data + trailer).
 */
class BadCaptureCliTest {
    private static final long T0 = Scenarios.T0;
    private static final long MS = Scenarios.MS;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int analyze(Path capture) {
        return Main.run(List.of("analyze", capture.toString(), "--matrix", Scenarios.demoMatrix().toString(),
                "--quiet"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Ten documented SIP OPTIONS sbc → pbx, 1 ms apart; with {@code refused}, first a documented TCP flow
     * refused by RST (a critical blocked_flow, see AnalyzeCommandTest). */
    private static List<byte[]> frames(boolean refused) {
        List<byte[]> f = new ArrayList<>();
        if (refused) {
            f.add(Frames.tcp("127.0.20.1", 41000, "127.0.10.1", 5061, Frames.TCP_SYN, 100, 0));
            f.add(Frames.tcp("127.0.10.1", 5061, "127.0.20.1", 41000, Frames.TCP_RST | Frames.TCP_ACK, 0, 101));
        }
        for (int i = 0; i < 10; i++) {
            f.add(Frames.udp("127.0.20.1", 40000 + i, "127.0.10.1", 5060, "OPTIONS sip:pbx SIP/2.0\r\n\r\n"));
        }
        return f;
    }

    private Path pcap(String name, List<byte[]> frames) throws Exception {
        List<Captures.Timed> t = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            t.add(new Captures.Timed(T0 + i * MS, frames.get(i)));
        }
        return Captures.write(tmp.resolve(name), t);
    }

    /** Byte offset of record {@code k} in a classic pcap of {@code frames}. */
    private static int pcapRecord(List<byte[]> frames, int k) {
        int off = 24;
        for (int i = 0; i < k; i++) {
            off += 16 + frames.get(i).length;
        }
        return off;
    }

    private static Path cut(Path file, int length) throws Exception {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, length));
        return file;
    }

    @Test
    void pcapCutInsideARecordGivesTheRecordsBeforeItAndAWarning() throws Exception {
        List<byte[]> f = frames(false);
        Path p = cut(pcap("cut.pcap", f), pcapRecord(f, 6) + 16 + 5); // header of record 6 and 5 data bytes
        assertEquals(Main.EXIT_OK, analyze(p), stderr());
        assertTrue(stdout().contains("packets  6 ("), stdout());
        assertTrue(stdout().contains("WARNINGS"), stdout());
        assertTrue(stderr().contains("voipwatch: warning: ") && stderr().contains("truncated record"), stderr());
    }

    @Test
    void pcapCutInsideARecordHeaderGivesTheRecordsBeforeIt() throws Exception {
        List<byte[]> f = frames(false);
        Path p = cut(pcap("cut-header.pcap", f), pcapRecord(f, 3) + 7);
        assertEquals(Main.EXIT_OK, analyze(p), stderr());
        assertTrue(stdout().contains("packets  3 ("), stdout());
        assertTrue(stderr().contains("voipwatch: warning: ") && stderr().contains("EOF in the middle of a record"),
                stderr());
    }

    @Test
    void truncatedPcapWithACriticalFindingBeforeTheCutExitsOne() throws Exception {
        List<byte[]> f = frames(true);
        Path p = cut(pcap("cut-critical.pcap", f), pcapRecord(f, 5) + 20);
        assertEquals(Main.EXIT_CRITICAL, analyze(p), stderr());
        assertTrue(stdout().contains("packets  5 ("), stdout());
        assertTrue(stdout().contains("EVENTS   1 (1 critical)"), stdout());
        assertTrue(stderr().contains("voipwatch: warning: "), stderr());
    }

    @Test
    void pcapWithAnAbsurdRecordLengthStopsThereWithAWarning() throws Exception {
        List<byte[]> f = frames(false);
        Path p = pcap("corrupt.pcap", f);
        byte[] b = Files.readAllBytes(p);
        int rec = pcapRecord(f, 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(rec + 8, 0x7fff_fff0); // incl_len of record 4
        Files.write(p, b);
        assertEquals(Main.EXIT_OK, analyze(p), stderr());
        assertTrue(stdout().contains("packets  4 ("), stdout());
        assertTrue(stderr().contains("voipwatch: warning: ") && stderr().contains("exceeds"), stderr());
    }

    @Test
    void gzipCaptureCutInTheMiddleGivesWhatWasReadAndAWarning() throws Exception {
        List<byte[]> f = frames(false);
        byte[] plain = Files.readAllBytes(pcap("plain.pcap", f));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(gz)) {
            o.write(plain);
        }
        byte[] z = gz.toByteArray();
        Path p = tmp.resolve("cut.pcap.gz");
        Files.write(p, Arrays.copyOf(z, z.length / 2));
        int code = analyze(p);
        assertEquals(Main.EXIT_OK, code, stderr());
        assertTrue(stdout().matches("(?s).*packets  [0-9] \\(.*"), stdout());
        assertTrue(stderr().contains("voipwatch: warning: "), stderr());
    }

    @Test
    void pcapngCutInsideAPacketBlockGivesTheBlocksBeforeItAndAWarning() throws Exception {
        List<byte[]> f = frames(false);
        byte[] ng = pcapng(f);
        Path p = tmp.resolve("cut.pcapng");
        Files.write(p, Arrays.copyOf(ng, pcapngBlock(f, 7) + 30));
        assertEquals(Main.EXIT_OK, analyze(p), stderr());
        assertTrue(stdout().contains("packets  7 ("), stdout());
        assertTrue(stderr().contains("voipwatch: warning: ") && stderr().contains("truncated block"), stderr());
    }

    @Test
    void pcapngWithACorruptBlockLengthStopsThereWithAWarning() throws Exception {
        List<byte[]> f = frames(false);
        byte[] ng = pcapng(f);
        ByteBuffer.wrap(ng).order(ByteOrder.LITTLE_ENDIAN).putInt(pcapngBlock(f, 2) + 4, 13); // not a multiple of 4
        Path p = tmp.resolve("corrupt.pcapng");
        Files.write(p, ng);
        assertEquals(Main.EXIT_OK, analyze(p), stderr());
        assertTrue(stdout().contains("packets  2 ("), stdout());
        assertTrue(stderr().contains("voipwatch: warning: ") && stderr().contains("block length"), stderr());
    }

    @Test
    void unreadableInputIsExitTwoWithAClearMessage() throws Exception {
        Path garbage = tmp.resolve("garbage.pcap");
        Files.write(garbage, "this is not a capture file at all".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Main.EXIT_USAGE, analyze(garbage));
        assertTrue(stderr().startsWith("voipwatch: ") && stderr().contains(garbage.toString()), stderr());
        assertEquals("", stdout());
    }

    @Test
    void emptyFileAndCutFileHeaderAreUnreadableInput() throws Exception {
        Path empty = tmp.resolve("empty.pcap");
        Files.write(empty, new byte[0]);
        assertEquals(Main.EXIT_USAGE, analyze(empty), stdout());
        Path header = cut(pcap("hdr.pcap", frames(false)), 10);
        assertEquals(Main.EXIT_USAGE, analyze(header), stdout());
        assertTrue(stderr().contains(header.toString()), stderr());
    }

    @Test
    void headerOnlyPcapIsAnEmptyAnalysis() throws Exception {
        Path p = cut(pcap("hdr-only.pcap", frames(false)), 24);
        assertEquals(Main.EXIT_OK, analyze(p), stderr());
        assertTrue(stdout().contains("packets  0 ("), stdout());
    }

    /** Offset of packet block {@code k} in {@link #pcapng}: SHB 28 + IDB 20 + EPBs of 32 + padded data. */
    private static int pcapngBlock(List<byte[]> frames, int k) {
        int off = 28 + 20;
        for (int i = 0; i < k; i++) {
            off += 32 + ((frames.get(i).length + 3) & ~3);
        }
        return off;
    }

    /** pcapng (draft-ietf-opsawg-pcapng §4): little-endian SHB, one Ethernet IDB, one EPB per frame (µs). */
    private static byte[] pcapng(List<byte[]> frames) {
        ByteBuffer b = ByteBuffer.allocate(pcapngBlock(frames, frames.size())).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                .putLong(-1L).putInt(28);
        b.putInt(1).putInt(20).putShort((short) 1).putShort((short) 0).putInt(65535).putInt(20);
        for (int i = 0; i < frames.size(); i++) {
            byte[] fr = frames.get(i);
            int padded = (fr.length + 3) & ~3;
            long us = (T0 + i * MS) / 1000;
            b.putInt(6).putInt(32 + padded).putInt(0).putInt((int) (us >>> 32)).putInt((int) us)
                    .putInt(fr.length).putInt(fr.length).put(fr);
            b.position(b.position() + padded - fr.length);
            b.putInt(32 + padded);
        }
        return b.array();
    }
}

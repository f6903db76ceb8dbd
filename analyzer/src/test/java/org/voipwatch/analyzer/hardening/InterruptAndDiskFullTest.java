package org.voipwatch.analyzer.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.analyzer.testutil.Scenarios;
import org.voipwatch.capture.source.PcapWriter;

/**
 * Faults from outside the analysis: SIGTERM in the middle of a large file (a child JVM running {@link Main},
 * as {@code ./voipwatch} execs it) and a full disk under the events file (a 64 KiB tmpfs, root only).
 * Bounded waits are hang guards, not timing assertions.
 */
class InterruptAndDiskFullTest {
    @TempDir
    Path tmp;

    /**
     * A documented SIP flow then millions of its packets: a pcap of about {@code megabytes} MiB, written as one
     * 1 MiB block of records repeated with moving timestamps. The first frame is an undocumented flow, so the
     * first event line appears as soon as the analysis runs.
     */
    private static long bigCapture(Path file, int megabytes) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream(1 << 20);
        byte[] frame = Frames.udp("127.0.20.1", 40000, "127.0.10.1", 5060, "OPTIONS sip:pbx SIP/2.0\r\n\r\n");
        int perBlock;
        try (PcapWriter w = new PcapWriter(block, true)) {
            perBlock = 0;
            while (block.size() < (1 << 20)) {
                w.write(0, frame, 0, frame.length);
                perBlock++;
            }
        }
        byte[] b = block.toByteArray();
        int recordBytes = 16 + frame.length;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long packets = 1;
        long sec = Scenarios.T0 / 1_000_000_000L;
        try (OutputStream os = Files.newOutputStream(file)) {
            os.write(b, 0, 24);
            byte[] first = Frames.udp("10.1.1.1", 1234, "10.1.1.2", 9999, "x");
            ByteBuffer r = ByteBuffer.allocate(16 + first.length).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) sec).putInt(0).putInt(first.length).putInt(first.length).put(first);
            os.write(r.array());
            for (int m = 0; m < megabytes; m++) {
                for (int i = 0; i < perBlock; i++) {
                    bb.putInt(24 + i * recordBytes, (int) (sec + m)); // one second of packet time per block
                    bb.putInt(24 + i * recordBytes + 4, i * 1000);
                }
                os.write(b, 24, perBlock * recordBytes);
                packets += perBlock;
            }
        }
        return packets;
    }

    @Test
    void sigtermMidFilePrintsThePartialSummaryAndExitsWithTheAnalysisCode() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "needs kill(1)");
        Path cap = tmp.resolve("big.pcap");
        long total = bigCapture(cap, 400);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx512m", "-XX:+UseParallelGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "analyze", cap.toString(),
                "--matrix", Scenarios.demoMatrix().toString(), "--events", "-", "--quiet");
        pb.redirectErrorStream(false);
        Process p = pb.start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String summary;
        try (BufferedReader events = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = events.readLine(); // the analysis is running
            assertTrue(first != null && first.contains("unexpected_flow"), String.valueOf(first));
            Thread.sleep(300);
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            StringBuilder rest = new StringBuilder();
            for (String l = events.readLine(); l != null; l = events.readLine()) {
                rest.append(l).append('\n');
            }
            summary = rest.toString();
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        String err = stderr.get(10, TimeUnit.SECONDS);
        assertEquals(Main.EXIT_OK, p.exitValue(), "stderr: " + err);
        assertTrue(err.contains("voipwatch: interrupted: stopping the input"), err);
        // with --events - the summary goes to stderr
        assertTrue(err.contains("interrupted by a signal"), err);
        Matcher m = Pattern.compile("packets  ([0-9,]+) \\(").matcher(err);
        assertTrue(m.find(), err);
        long read = Long.parseLong(m.group(1).replace(",", ""));
        assertTrue(read > 0 && read < total, "read " + read + " of " + total);
        assertEquals("", summary.replaceAll("(?m)^\\{.*\\}$\n", ""), "stdout holds events only");
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "read failed: " + e;
        }
    }

    @Test
    void fullDiskUnderTheEventsFileIsCountedWarnedAndTheRunCompletes() throws Exception {
        Assumptions.assumeTrue(isRoot(), "mounting a tmpfs needs root");
        Path cap = Scenarios.fiveEvents(tmp.resolve("many.pcap"), 5_000);
        // the reference: the same analysis with room on the disk
        Path roomy = tmp.resolve("events.jsonl");
        String[] reference = runAnalyze(cap, roomy);
        long events = Files.readAllLines(roomy).size();
        assertTrue(Files.size(roomy) > 512 * 1024, "events must overflow 64 KiB: " + Files.size(roomy));

        Path mnt = Files.createDirectory(tmp.resolve("full"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here");
        try {
            String[] full = runAnalyze(cap, mnt.resolve("events.jsonl"));
            assertEquals(reference[0], full[0], "exit code as with room on the disk; stderr: " + full[2]);
            assertTrue(full[2].contains("voipwatch: warning: events output incomplete: ")
                    && full[2].contains(mnt.resolve("events.jsonl").toString()), full[2]);
            assertTrue(full[2].contains("No space left on device"), full[2]);
            // the summary is whole: every event counted, though not all could be written
            assertTrue(full[1].contains("EVENTS   " + events + " ("), full[1]);
            assertTrue(Files.size(mnt.resolve("events.jsonl")) <= 64 * 1024);
        } finally {
            Process umount = new ProcessBuilder("umount", mnt.toString()).redirectErrorStream(true).start();
            String said = new String(umount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // busy = the events file was left open (the sink leaked its descriptor after the failed flush)
            assertEquals(0, umount.waitFor(), "umount: " + said);
        }
    }

    /** Runs analyze in this JVM; returns {exit code, stdout, stderr}. */
    private static String[] runAnalyze(Path cap, Path events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("analyze", cap.toString(), "--matrix", Scenarios.demoMatrix().toString(),
                "--events", events.toString(), "--quiet"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    private static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return id.waitFor() == 0 && uid.equals("0");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}

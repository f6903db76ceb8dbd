package org.voipwatch.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.capture.source.LiveCaptureConfig;
import org.voipwatch.capture.source.LiveCaptureException;
import org.voipwatch.capture.source.LivePacketSource;

/**
 * {@code voipwatch monitor} on the loopback interface with real traffic sent by the test from 127.0.77.2 to
 * 127.0.77.1. The expected events follow from the matrix written here (one documented UDP port, everything else
 * undocumented) and the datagrams sent; the equivalence test takes tcpdump's capture of the same traffic, through
 * {@code analyze}, as the independent oracle. Live tests need capture rights on {@code lo} (root or
 * CAP_NET_RAW) and skip with a message otherwise.
 */
class MonitorCommandTest {
    private static final String CLIENT = "127.0.77.2";
    private static final String SERVER = "127.0.77.1";
    private static final int DOCUMENTED_PORT = 40001;
    private static final int UNDOCUMENTED_PORT = 40002;
    private static final String MATRIX = String.join("\n",
            "name: livetest",
            "roles:",
            "  client: {description: \"test client\"}",
            "  server: {description: \"test server\"}",
            "bind:",
            "  client: [" + CLIENT + "/32]",
            "  server: [" + SERVER + "/32]",
            "services:",
            "  doc-udp: {app: sip, ports: [\"udp " + DOCUMENTED_PORT + "\"]}",
            "  doc-tcp: {app: sips, ports: [\"tcp " + DOCUMENTED_PORT + "\"]}",
            "rules:",
            "  - id: client-udp-server",
            "    from: client",
            "    to: server",
            "    service: doc-udp",
            "    purpose: \"documented UDP\"",
            "  - id: client-tcp-server",
            "    from: client",
            "    to: server",
            "    service: doc-tcp",
            "    purpose: \"documented TCP, refused by RST on lo (nothing listens)\"",
            "");

    private static String skipReason;

    @TempDir
    Path tmp;

    @BeforeAll
    static void probeCapture() {
        // as MonitorCommand does: pcap4j's INFO lines would bury the test output
        if (System.getProperty("org.slf4j.simpleLogger.log.org.pcap4j") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.pcap4j", "warn");
        }
        LiveCaptureConfig c = new LiveCaptureConfig();
        c.interfaces.add("lo");
        try {
            LivePacketSource.open(c, m -> { }).close();
        } catch (LiveCaptureException | RuntimeException | LinkageError e) {
            skipReason = "live capture on lo is not possible here (needs root or CAP_NET_RAW and libpcap): "
                    + e.getMessage();
        }
    }

    private static void assumeLiveCapture() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    /** A command running on its own thread, with its output captured. */
    private static final class Running {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Thread thread;
        volatile int code = -1;

        Running(List<String> args) {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            thread = new Thread(() -> code = Main.run(args, o, e), "test-monitor");
            thread.start();
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        /** Waits until the capture is open (packets sent from now on are captured). */
        void awaitCapturing() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!err().contains("voipwatch: monitoring ") && thread.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(err().contains("voipwatch: monitoring "), "monitor did not start; stderr: " + err());
        }

        int finish() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(15));
            assertFalse(thread.isAlive(), "monitor did not end; stderr: " + err());
            return code;
        }
    }

    private Path matrix() throws IOException {
        return Files.writeString(tmp.resolve("livetest.yaml"), MATRIX);
    }

    private static void sendUdp(DatagramSocket s, int port, String payload) throws IOException {
        byte[] b = payload.getBytes(StandardCharsets.US_ASCII);
        s.send(new DatagramPacket(b, b.length, InetAddress.getByName(SERVER), port));
    }

    @Test
    @Timeout(20)
    void reportsTheUndocumentedFlowOnceAndCountsEveryPacket() throws Exception {
        assumeLiveCapture();
        Path events = tmp.resolve("events.jsonl");
        Running m = new Running(List.of("monitor", "-i", "lo", "--bpf", "udp and host " + SERVER, "--duration", "4",
                "--matrix", matrix().toString(), "--events", events.toString(), "--format", "json"));
        m.awaitCapturing();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(CLIENT, 0))) {
            for (int i = 0; i < 3; i++) {
                sendUdp(s, DOCUMENTED_PORT, "OPTIONS sip:server SIP/2.0\r\n\r\n");
                sendUdp(s, UNDOCUMENTED_PORT, "hello " + i);
            }
        }
        int code = m.finish();
        assertEquals(Main.EXIT_OK, code, "stderr: " + m.err());
        List<String> lines = Files.readAllLines(events);
        String all = String.join("\n", lines);
        List<String> unexpected = lines.stream().filter(l -> l.contains("\"type\":\"unexpected_flow\""))
                .collect(Collectors.toList());
        assertEquals(1, unexpected.size(), all);
        assertTrue(unexpected.get(0).contains("\"src\":\"" + CLIENT + "\"") && unexpected.get(0).contains(
                "\"dst\":\"" + SERVER + "\",\"dport\":" + UNDOCUMENTED_PORT), all);
        assertTrue(unexpected.get(0).contains("\"srcRole\":\"client\",\"dstRole\":\"server\",\"rule\":null"), all);
        assertEquals(1, lines.size(), "the documented flow must raise nothing: " + all);

        String summary = m.out();
        assertTrue(summary.contains("\"packets\":6,"), summary);
        assertTrue(summary.contains("{\"rule\":\"client-udp-server\",\"flows\":1,"), summary);
        assertTrue(summary.contains("\"capture\":[{\"interface\":\"lo\","), summary);
        assertTrue(summary.contains("\"published\":6,\"ringFull\":0"), summary);
    }

    /**
     * {@code --capture-api}: the default reads with pcap_next_ex directly, {@code batch} with pcap_dispatch into a
     * memory stream, {@code pcap4j} with pcap4j's loop(); the
     * start-up line names the path and both count every packet. A bad value is a usage error naming it.
     */
    @Test
    @Timeout(30)
    void captureApiOptionChoosesTheReadPath() throws Exception {
        assumeLiveCapture();
        for (String api : List.of("", "pcap4j", "direct", "batch")) {
            List<String> args = new java.util.ArrayList<>(List.of("monitor", "-i", "lo", "--bpf", "udp and host "
                    + SERVER, "--duration", "2", "--matrix", matrix().toString(), "--format", "json"));
            if (!api.isEmpty()) {
                args.addAll(List.of("--capture-api", api));
            }
            Running m = new Running(args);
            m.awaitCapturing();
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(CLIENT, 0))) {
                for (int i = 0; i < 3; i++) {
                    sendUdp(s, UNDOCUMENTED_PORT, "api " + i);
                }
            }
            assertEquals(Main.EXIT_OK, m.finish(), m.err());
            String path = api.equals("pcap4j") ? "pcap4j loop)" : api.equals("batch") ? "pcap_dispatch batch)"
                    : "pcap_next_ex)";
            assertTrue(m.err().contains(path), api + ": " + m.err());
            assertTrue(m.out().contains("\"published\":3,\"ringFull\":0"), api + ": " + m.out());
        }
        Running bad = new Running(List.of("monitor", "-i", "lo", "--matrix", matrix().toString(), "--capture-api",
                "jnr"));
        assertEquals(Main.EXIT_USAGE, bad.finish());
        assertTrue(bad.err().contains("--capture-api must be direct, batch or pcap4j, got 'jnr'"), bad.err());
    }

    /**
     * Two interfaces, two capture threads publishing into one (multi-producer) ring: {@code lo} (Ethernet framing)
     * and {@code any} (Linux cooked framing) both see each datagram once, so the analyzer gets every packet twice,
     * in two link types, and still one flow.
     */
    @Test
    @Timeout(20)
    void twoInterfacesPublishIntoOneRing() throws Exception {
        assumeLiveCapture();
        Path events = tmp.resolve("two.jsonl");
        Running m = new Running(List.of("monitor", "-i", "lo", "-i", "any", "--bpf", "udp and host " + SERVER,
                "--duration", "3", "--matrix", matrix().toString(), "--events", events.toString(), "--format",
                "json"));
        m.awaitCapturing();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(CLIENT, 0))) {
            for (int i = 0; i < 3; i++) {
                sendUdp(s, UNDOCUMENTED_PORT, "x" + i);
            }
        }
        assertEquals(Main.EXIT_OK, m.finish(), m.err());
        String summary = m.out();
        assertTrue(summary.contains("\"packets\":6,"), summary);
        assertTrue(summary.contains("{\"interface\":\"lo\",") && summary.contains("{\"interface\":\"any\","),
                summary);
        assertEquals(2, summary.split("\"published\":3,", -1).length - 1, summary);
        assertTrue(summary.contains("\"flows\":{\"tracked\":1,"), summary);
        List<String> lines = Files.readAllLines(events);
        assertEquals(1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("\"type\":\"unexpected_flow\""), lines.get(0));
    }

    /** {@code --metrics}: capture counters per interface next to the pipeline's, scraped while monitoring. */
    @Test
    @Timeout(20)
    void metricsShowCaptureCountersWhileMonitoring() throws Exception {
        assumeLiveCapture();
        Running m = new Running(List.of("monitor", "-i", "lo", "--bpf", "udp and host " + SERVER, "--duration", "4",
                "--matrix", matrix().toString(), "--metrics", "127.0.0.1:0"));
        m.awaitCapturing();
        Matcher url = Pattern.compile("metrics on (http://\\S+/metrics)")
                .matcher(m.err());
        assertTrue(url.find(), m.err());
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(CLIENT, 0))) {
            for (int i = 0; i < 3; i++) {
                sendUdp(s, UNDOCUMENTED_PORT, "m" + i);
            }
        }
        // matrix and probe: the common labels of every series (the matrix's name, the default --probe)
        String want = "voipwatch_capture_packets_total{interface=\"lo\",matrix=\"livetest\",outcome=\"published\","
                + "probe=\"voipwatch\"} 3.0";
        String body = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!body.contains(want) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            HttpURLConnection c = (HttpURLConnection) new URL(url.group(1)).openConnection();
            c.setRequestProperty("Accept", "text/plain;version=0.0.4");
            try (InputStream in = c.getInputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        assertTrue(body.contains(want), body);
        assertTrue(body.contains("voipwatch_capture_packets_total{interface=\"lo\",matrix=\"livetest\","
                + "outcome=\"ring_full\",probe=\"voipwatch\"} 0.0"), body);
        assertEquals(Main.EXIT_OK, m.finish(), m.err());
    }

    /**
     * The same traffic captured by tcpdump (started before, stopped after) and analysed offline must give the same
     * events, times included: both read the kernel's timestamp of the same frames.
     */
    @Test
    @Timeout(30)
    void liveEventsEqualOfflineEventsOfTcpdumpsCapture() throws Exception {
        assumeLiveCapture();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tcpdump"))
                || Files.isExecutable(Path.of("/usr/sbin/tcpdump")), "tcpdump is not installed");
        String bpf = "host " + SERVER;
        Path pcap = tmp.resolve("tcpdump.pcap");
        Process tcpdump = new ProcessBuilder("tcpdump", "-i", "lo", "-w", pcap.toString(), "-Z", "root", "-U",
                "--time-stamp-precision=nano", bpf).redirectErrorStream(true).redirectOutput(
                tmp.resolve("tcpdump.log").toFile()).start();
        try {
            awaitLine(tmp.resolve("tcpdump.log"), "listening on", tcpdump);
            Path liveEvents = tmp.resolve("live.jsonl");
            Running m = new Running(List.of("monitor", "-i", "lo", "--bpf", bpf, "--duration", "4", "--matrix",
                    matrix().toString(), "--events", liveEvents.toString()));
            m.awaitCapturing();
            sendMixedTraffic();
            int liveCode = m.finish();
            stopByPid(tcpdump);

            Path offlineEvents = tmp.resolve("offline.jsonl");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int offlineCode = Main.run(List.of("analyze", pcap.toString(), "--matrix", matrix().toString(),
                    "--events", offlineEvents.toString(), "--quiet"),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            List<String> live = sorted(Files.readAllLines(liveEvents));
            List<String> offline = sorted(Files.readAllLines(offlineEvents));
            assertEquals(offline, live, "live stderr: " + m.err());
            assertEquals(offlineCode, liveCode);
            // the traffic was built to give these, so an empty comparison cannot pass
            assertEquals(1, live.stream().filter(l -> l.contains("\"type\":\"unexpected_flow\"")).count(),
                    live.toString());
            // refused: documented UDP and TCP (critical), undocumented UDP (info)
            assertEquals(3, live.stream().filter(l -> l.contains("\"type\":\"blocked_flow\"")).count(),
                    live.toString());
            assertEquals(1, live.stream().filter(l -> l.contains("\"reason\":\"tcp_rst\"")
                    && l.contains("\"rule\":\"client-tcp-server\"")).count(), live.toString());
            assertEquals(2, live.stream().filter(l -> l.contains("\"reason\":\"icmp_unreachable\"")).count(),
                    live.toString());
            assertEquals(Main.EXIT_CRITICAL, liveCode);
        } finally {
            if (tcpdump.isAlive()) {
                tcpdump.destroyForcibly();
            }
        }
    }

    /**
     * Documented UDP (unanswered: nothing listens, the kernel answers ICMP port unreachable), undocumented UDP, and a
     * documented TCP connection refused by RST.
     */
    private static void sendMixedTraffic() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(CLIENT, 0))) {
            sendUdp(s, UNDOCUMENTED_PORT, "hello");
            Thread.sleep(20);
            sendUdp(s, DOCUMENTED_PORT, "OPTIONS sip:server SIP/2.0\r\n\r\n");
        }
        try (Socket t = new Socket()) {
            t.bind(new InetSocketAddress(CLIENT, 0));
            t.connect(new InetSocketAddress(SERVER, DOCUMENTED_PORT), 1000);
        } catch (IOException expected) {
            // connection refused: the RST is what we want on the wire
        }
        Thread.sleep(100);
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }

    private static void awaitLine(Path log, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("tcpdump did not start: " + (Files.exists(log) ? Files.readString(log) : ""));
    }

    /** SIGINT by PID: tcpdump then flushes and closes its file. */
    private static void stopByPid(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        kill.waitFor(5, TimeUnit.SECONDS);
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tcpdump did not stop on SIGINT");
        }
    }

    /**
     * A SYN that nobody answers, then silence: only idle ticks can move the packet clock past the SYN timeout
     * while the monitor runs (the END slot would also fire it, but only at the stop). Linux drops a SYN silently
     * when the listener's accept queue is full (tcp_conn_request), which gives an unanswered SYN on lo without
     * touching the firewall.
     */
    @Test
    @Timeout(20)
    void idleTicksFireTheSynTimeoutWhileTheWireIsQuiet() throws Exception {
        assumeLiveCapture();
        Path events = tmp.resolve("ticks.jsonl");
        int port = 40003;
        Running m = new Running(List.of("monitor", "-i", "lo", "--bpf", "tcp and host " + SERVER + " and port " + port,
                "--duration", "8", "--syn-timeout", "1", "--matrix", matrix().toString(), "--events",
                events.toString()));
        m.awaitCapturing();
        List<Socket> open = new ArrayList<>();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(SERVER, port), 1);
            boolean unanswered = false;
            for (int i = 0; i < 6 && !unanswered; i++) {
                Socket c = new Socket();
                open.add(c);
                c.bind(new InetSocketAddress(CLIENT, 0));
                try {
                    c.connect(new InetSocketAddress(SERVER, port), 300);
                } catch (SocketTimeoutException e) {
                    unanswered = true; // accept queue full: the SYN was dropped; closing in SYN_SENT sends nothing
                }
            }
            Assumptions.assumeTrue(unanswered, "the kernel answered every SYN (accept queue never full)");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                Thread.sleep(50);
                seen = Files.exists(events) && Files.readString(events).contains("\"reason\":\"tcp_syn_unanswered\"");
            }
            assertTrue(seen, "no tcp_syn_unanswered event while monitoring; events: "
                    + (Files.exists(events) ? Files.readString(events) : "none") + "; stderr: " + m.err());
            assertTrue(m.thread.isAlive(), "the event must come from a tick, before the stop");
        } finally {
            for (Socket c : open) {
                c.close();
            }
        }
        m.finish();
    }

    /**
     * SIGTERM on a real {@code voipwatch monitor} process: the shutdown hook drains the pipeline, the summary is
     * printed, and the exit code is the run's (0: nothing critical), not the JVM's 143.
     */
    @Test
    @Timeout(30)
    void sigtermDrainsPrintsTheSummaryAndExitsWithTheRunsCode() throws Exception {
        assumeLiveCapture();
        Path events = tmp.resolve("sigterm.jsonl");
        Path stdout = tmp.resolve("stdout.txt");
        Path stderr = tmp.resolve("stderr.txt");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "monitor", "-i", "lo", "--bpf",
                "udp and host " + SERVER, "--matrix", matrix().toString(), "--events", events.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            awaitLine(stderr, "voipwatch: monitoring", p);
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(CLIENT, 0))) {
                sendUdp(s, UNDOCUMENTED_PORT, "one");
                sendUdp(s, UNDOCUMENTED_PORT, "two");
            }
            // signal once the first event is out: the datagrams have reached the analyzer, not only the kernel
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && !(Files.exists(events) && Files.size(events) > 0)) {
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "monitor did not exit after SIGTERM");
            String err = Files.readString(stderr);
            assertEquals(Main.EXIT_OK, p.exitValue(), err);
            String out = Files.readString(stdout);
            assertTrue(out.startsWith("voipwatch monitor: lo"), out);
            assertTrue(out.contains("packets  2 "), out);
            assertTrue(err.contains("voipwatch: stopping"), err);
            assertEquals(1, Files.readAllLines(events).size(), Files.readString(events));
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * The permission error, for real: the command runs as user nobody without capabilities (setpriv), so libpcap's
     * socket() fails with EPERM and the message must say how to grant the right.
     */
    @Test
    @Timeout(30)
    void withoutCaptureRightsTheErrorSaysHowToGrantThem() throws Exception {
        assumeLiveCapture(); // we are root: only root can drop to nobody
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is not installed");
        // nobody cannot read root's Maven repository: give it a world-readable copy of the class path
        Path dir = Files.createTempDirectory("voipwatch-nobody");
        try {
            List<String> cp = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path src = Path.of(e);
                if (Files.isRegularFile(src)) {
                    Path copy = dir.resolve(cp.size() + "-" + src.getFileName());
                    Files.copy(src, copy);
                    cp.add(copy.toString());
                } else {
                    cp.add(e);
                }
            }
            Path matrix = Files.copy(matrix(), dir.resolve("livetest.yaml"));
            setWorldReadable(dir);
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", javaBin, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                    String.join(File.pathSeparator, cp), Main.class.getName(), "monitor", "-i", "lo",
                    "--matrix", matrix.toString()).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(Main.EXIT_USAGE, p.exitValue(), text);
            assertTrue(text.contains("voipwatch: no permission to capture on lo ("), text);
            assertTrue(text.contains("sudo setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))"), text);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void setWorldReadable(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(
                        Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    @Test
    @Timeout(20)
    void aBadCaptureFilterExitsTwoNamingTheFilterAndLibpcapsMessage() throws Exception {
        assumeLiveCapture();
        Running m = new Running(List.of("monitor", "-i", "lo", "--bpf", "udp and hots 127.0.77.1", "--matrix",
                matrix().toString(), "--duration", "1"));
        assertEquals(Main.EXIT_USAGE, m.finish());
        String err = m.err();
        assertTrue(err.contains("bad capture filter 'udp and hots 127.0.77.1' on lo: syntax error"), err);
        assertFalse(err.contains("voipwatch: monitoring"), err);
    }

    @Test
    @Timeout(20)
    void anUnknownInterfaceExitsTwoListingTheAvailableOnes() throws Exception {
        Running m = new Running(List.of("monitor", "-i", "nosuch0", "--matrix", matrix().toString()));
        int code = m.finish();
        String err = m.err();
        Assumptions.assumeFalse(err.contains("libpcap cannot list interfaces"), "libpcap is not usable here: " + err);
        assertEquals(Main.EXIT_USAGE, code, err);
        assertTrue(err.contains("no capture interface 'nosuch0'; available: "), err);
        assertTrue(err.matches("(?s).*available: .*\\blo\\b.*"), err);
    }

    @Test
    void environmentAndConfigFileAreReadAndTheCommandLineWins() throws Exception {
        Path conf = Files.writeString(tmp.resolve("monitor.properties"), "matrix = " + matrix() + "\n"
                + "interfaces = nosuch1\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        // file only: its interface is used
        assertEquals(Main.EXIT_USAGE, usage(new MonitorCommand(o, e, Map.of()), e, List.of("--config",
                conf.toString())));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'nosuch1'"), err.toString());
        // environment overrides the file
        err.reset();
        assertEquals(Main.EXIT_USAGE, usage(new MonitorCommand(o, e, Map.of("VOIPWATCH_INTERFACES", "nosuch2")), e,
                List.of("--config", conf.toString())));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'nosuch2'"), err.toString());
        // the command line overrides both
        err.reset();
        assertEquals(Main.EXIT_USAGE, usage(new MonitorCommand(o, e, Map.of("VOIPWATCH_INTERFACES", "nosuch2")), e,
                List.of("--config", conf.toString(), "-i", "nosuch3")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'nosuch3'"), err.toString());

        Path bad = Files.writeString(tmp.resolve("bad.properties"), "matrix = x\nsnaplenn = 100\n");
        err.reset();
        assertEquals(Main.EXIT_USAGE, usage(new MonitorCommand(o, e, Map.of()), e, List.of("--config",
                bad.toString())));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bad.properties: unknown key 'snaplenn'"),
                err.toString());

        err.reset();
        assertEquals(Main.EXIT_USAGE, usage(new MonitorCommand(o, e, Map.of()), e, List.of("-i", "lo")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--matrix"), err.toString());
    }

    /** Runs the command as Main does: a usage error is printed and gives exit code 2. */
    private static int usage(MonitorCommand c, PrintStream err, List<String> args) {
        try {
            return c.run(args);
        } catch (UsageException ex) {
            err.println("voipwatch: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
    }
}

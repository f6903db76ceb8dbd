package org.voipwatch.analyzer.detect.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.FlatJson;

/**
 * STUN/TURN through the real pipeline (the analyze command) on the public corpus, against three independent
 * oracles. Skips when /work/shared/pcaps is absent.
 *
 * <ol>
 * <li>tshark 4.0.17's per-capture packet counts in MANIFEST.tsv ({@code stun}, {@code turn},
 *     {@code turn_channeldata}, {@code classicstun}). tshark's "stun" layer also covers (a) messages whose header is
 *     valid but whose body is not (WhatsApp's Allocate requests with a length not a multiple of 4; zeek's
 *     attribute length 0xffff), which we count as malformed, and (b) whole STUN datagrams quoted in ICMP errors,
 *     which the pipeline hands to the flow tracker and counts separately. So: manifest stun = packets + malformed
 *     + ICMP-quoted, and the same for turn. Classic RFC 3489 is accepted on known STUN ports only and only with
 *     RFC 3489 attributes: stun_classic.pcap (ports 55050/13958) and zoom.pcap (3478/3479 but Zoom's attribute
 *     0x0101, comprehension-required and not RFC 3489) give 0 where tshark's any-port heuristic counts 2 and 18.</li>
 * <li>Zeek's spicy-stun stun.log baseline for stun-ice-testcall.pcap (one line per message): request, success
 *     and error messages, error codes, ICE candidate pairs (connections whose requests carry PRIORITY), checks and
 *     nominations (USE_CANDIDATE); transactions within zeek's distinct ids and its request lines.</li>
 * <li>nDPI's expected results ({@code tests/cfgs/default/result/*.out}, "Relayed IP/Port"): the relayed transport
 *     addresses our allocations learned, read back from {@code wrong_port_media} events under a matrix that binds
 *     every address to the role "turn" and allows nothing.</li>
 * </ol>
 */
class StunPipelineCorpusTest {
    private static final String NDPI = "ntop+nDPI/tests/cfgs/default/";
    private static final String ZEEK_STUN = "corelight+zeek-spicy-stun/tests/";

    private static Path corpus;
    private static List<String[]> manifest;
    private static List<String> header;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findCorpus() throws IOException {
        corpus = Captures.sharedPcaps();
        Assumptions.assumeTrue(corpus != null && Files.isRegularFile(corpus.resolve("MANIFEST.tsv")),
                "public capture corpus shared/pcaps not found: STUN pipeline corpus tests skipped");
        List<String> lines = Files.readAllLines(corpus.resolve("MANIFEST.tsv"));
        header = Arrays.asList(lines.get(0).split("\t", -1));
        manifest = lines.stream().skip(1).map(l -> l.split("\t", -1)).toList();
    }

    private static int col(String name) {
        int c = header.indexOf(name);
        assertTrue(c >= 0, "MANIFEST.tsv has no column " + name);
        return c;
    }

    /** Runs analyze with the JSON summary; returns its "stun" object and leaves the events in {@code events}. */
    private Map<String, Object> analyze(Path capture, Path matrix, Path events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.run(List.of("analyze", capture.toString(), "--matrix", matrix.toString(), "--events",
                events.toString(), "--format", "json", "--quiet"), ps, ps);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(code == 0 || code == 1, capture + ": analyze failed: " + text);
        Map<String, Object> summary = FlatJson.parse(text.substring(text.indexOf('{')));
        return FlatJson.parse((String) summary.get("stun"));
    }

    private static long n(Map<String, Object> m, String k) {
        Object v = m.get(k);
        assertTrue(v instanceof Long, "no number " + k + " in " + m);
        return (Long) v;
    }

    @Test
    void stunTurnAndChannelDataPacketsAgreeWithTsharksManifest() throws IOException {
        Path matrix = Captures.repoRoot().resolve("examples/demo-matrix.yaml");
        int files = 0;
        List<String> report = new ArrayList<>();
        for (String[] row : manifest) {
            int stun = Integer.parseInt(row[col("stun")]);
            int classic = Integer.parseInt(row[col("classicstun")]);
            int turn = Integer.parseInt(row[col("turn")]);
            int channel = Integer.parseInt(row[col("turn_channeldata")]);
            if (stun + classic + turn == 0) {
                continue;
            }
            String path = row[col("corpus_path")];
            Map<String, Object> s = analyze(corpus.resolve(path), matrix, tmp.resolve("events.jsonl"));
            files++;
            long ours = n(s, "packets") + n(s, "malformedPackets") + n(s, "icmpQuoted");
            long oursTurn = n(s, "turnPackets") + n(s, "malformedTurnPackets") + n(s, "icmpQuotedTurn");
            report.add(path + " stun " + stun + "/" + ours + " turn " + turn + "/" + oursTurn + " channel " + channel
                    + "/" + n(s, "channelDataPackets") + " classic " + classic + "/" + n(s, "classic"));
            assertEquals(stun, ours, path + ": stun packets " + s);
            assertEquals(turn, oursTurn, path + ": turn packets " + s);
            assertEquals(channel, n(s, "channelDataPackets"), path + ": ChannelData packets " + s);
            boolean classicOffPort = path.endsWith("/stun_classic.pcap") || path.endsWith("/zoom.pcap");
            assertEquals(classicOffPort ? 0 : classic, n(s, "classic"), path + ": classic STUN " + s);
        }
        assertTrue(files >= 20, "captures with STUN in MANIFEST.tsv: " + files);
        System.out.println("STUN corpus (manifest/pipeline):\n  " + String.join("\n  ", report));
    }

    @Test
    void iceTestCallAgreesWithZeeksStunLog() throws IOException {
        Path log = corpus.resolve(ZEEK_STUN + "baseline/analyzer.stun/stun.log");
        Assumptions.assumeTrue(Files.exists(log), "zeek spicy-stun baseline absent");
        // fields: ts uid orig_h orig_p resp_h resp_p proto is_orig trans_id method class attr_types attr_vals
        long requestLines = 0;
        long successLines = 0;
        long errorLines = 0;
        long priorityLines = 0;
        long unauthorized = 0;
        long serverError = 0;
        Set<String> requestIds = new HashSet<>();
        Set<String> nominatedIds = new HashSet<>();
        Set<String> iceConnections = new HashSet<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String id = f[1] + "/" + f[8];
            switch (f[10]) {
                case "REQUEST" -> {
                    requestLines++;
                    requestIds.add(id);
                    if (f[11].contains("PRIORITY")) {
                        priorityLines++;
                        iceConnections.add(f[1]);
                    }
                    if (f[11].contains("USE_CANDIDATE")) {
                        nominatedIds.add(id);
                    }
                }
                case "RESPONSE_SUCCESS" -> successLines++;
                case "RESPONSE_ERROR" -> {
                    errorLines++;
                    unauthorized += f[12].startsWith("401 ") ? 1 : 0;
                    serverError += f[12].startsWith("500 ") ? 1 : 0;
                }
                default -> {
                }
            }
        }
        Map<String, Object> s = analyze(corpus.resolve(ZEEK_STUN + "traces/stun-ice-testcall.pcap"),
                Captures.repoRoot().resolve("examples/demo-matrix.yaml"), tmp.resolve("events.jsonl"));
        assertEquals(requestLines, n(s, "requests") + n(s, "retransmissions"), s.toString());
        // A request sent again after its answer was seen opens a new transaction here (the answer closed the first;
        // the peer resent because it had not got the answer yet); zeek logs the same id. So our transactions lie
        // between zeek's distinct ids and its request lines: 47 <= 52 <= 53 in this trace.
        assertTrue(n(s, "requests") >= requestIds.size() && n(s, "requests") <= requestLines, s.toString());
        assertTrue(n(s, "retransmissions") >= 1, "KIkrzjV7Aan8 to 19302 is sent twice before its answer: " + s);
        assertEquals(successLines, n(s, "success"), s.toString());
        assertEquals(errorLines, n(s, "error"), s.toString());
        assertEquals("{\"401\":" + unauthorized + ",\"500\":" + serverError + "}", s.get("errorCodes"));
        // ICE: connections whose requests carry PRIORITY are candidate pairs (the Google 19302 flow is plain STUN);
        // every check here is a new transaction in our table, so checks = PRIORITY request lines
        assertEquals(iceConnections.size(), n(s, "icePairs"), s.toString());
        assertEquals(priorityLines, n(s, "iceChecks"), s.toString());
        assertEquals(nominatedIds.size(), n(s, "iceNominations"), s.toString());
        System.out.println("zeek stun.log: " + requestLines + " request lines (" + requestIds.size() + " ids), "
                + successLines + " success, " + errorLines + " error, " + iceConnections.size() + " ICE pairs, "
                + nominatedIds.size() + " nominations; ours " + s);
    }

    private static final Pattern RELAYED = Pattern.compile("Relayed IP/Port: ([^\\]]+)\\]");

    @Test
    void relayedAddressesAgreeWithNdpi() throws IOException {
        Path results = corpus.resolve(NDPI + "result");
        Assumptions.assumeTrue(Files.isDirectory(results), "nDPI results absent");
        Path matrix = tmp.resolve("anyturn.yaml");
        Files.writeString(matrix, "name: anyturn\nroles:\n  turn: {description: \"every address\"}\nbind:\n"
                + "  turn: [0.0.0.0/0, \"::/0\"]\nservices:\n  none: {app: stun, ports: [\"udp 1\"]}\nrules:\n"
                + "  - id: nothing\n    from: turn\n    to: turn\n    service: none\n"
                + "    purpose: \"matches nothing\"\n");
        int compared = 0;
        List<Path> outs;
        try (var s = Files.list(results)) {
            outs = s.filter(p -> p.getFileName().toString().endsWith(".out")).sorted().toList();
        }
        for (Path out : outs) {
            Set<String> expected = new TreeSet<>();
            Matcher m = RELAYED.matcher(Files.readString(out));
            while (m.find()) {
                expected.add(m.group(1));
            }
            String name = out.getFileName().toString().replaceAll("\\.out$", "");
            Path pcap = corpus.resolve(NDPI + "pcap/" + name);
            if (expected.isEmpty() || !Files.exists(pcap)) {
                continue;
            }
            Path events = tmp.resolve(name + ".jsonl");
            analyze(pcap, matrix, events);
            Set<String> ours = new TreeSet<>();
            for (String line : Files.readAllLines(events)) {
                Map<String, Object> e = FlatJson.parse(line);
                if ("wrong_port_media".equals(e.get("type"))) {
                    String dst = (String) e.get("dst");
                    ours.add((dst.contains(":") ? "[" + dst + "]" : dst) + ":" + e.get("dport"));
                }
            }
            if (name.equals("stun_wa_call.pcapng")) {
                // nDPI reads XOR-RELAYED-ADDRESS from any message; WhatsApp puts it in Allocate *requests*
                // (tshark: frames 1-8, type 0x0003 with attribute 0x0016). An allocation exists only once a
                // success response grants it (RFC 8656 §7.3), and none does here.
                assertEquals(Set.of(), ours, name);
                continue;
            }
            assertEquals(expected, ours, name);
            compared++;
        }
        assertTrue(compared >= 5, "nDPI captures with relayed addresses compared: " + compared);
    }
}

package org.voipwatch.analyzer.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.CaptureWalk;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Manifest;

/**
 * Counts SIP requests by method and responses by status code in the public captures and compares with
 * {@code tshark -q -z sip,stat} (the {@code *.tshark-sip-stat.txt} beside each capture), reading and decoding them
 * as the pipeline does ({@link CaptureWalk}). Only captures whose SIP is all over UDP and unfragmented per
 * MANIFEST.tsv are compared by the first test: TCP/SCTP/WebSocket framing and IP reassembly are other components'
 * work.
 */
class SipCorpusTest {
    private static final Pattern RESPONSE = Pattern.compile("^\\s+SIP (\\d{3}) .*:\\s+(\\d+) Packets");
    private static final Pattern REQUEST = Pattern.compile("^\\s+(\\S+)\\s+:\\s+(\\d+) Packets");
    private static final String SIP_STAT = ".tshark-sip-stat.txt";

    @Test
    void countsMatchTsharkSipStat() throws IOException {
        Path root = Captures.sharedPcaps();
        Assumptions.assumeTrue(root != null, "shared/pcaps corpus not found above the working directory: skipped");
        Map<String, Map<String, String>> manifest = Manifest.rows(root);
        int compared = 0;
        List<String> mismatches = new ArrayList<>();
        for (Manifest.Reference ref : Manifest.references(root, SIP_STAT)) {
            Path capture = ref.capture();
            Map<String, String> row = manifest.get(root.relativize(capture).toString());
            if (row == null || !CaptureWalk.readable(capture) || !udpOnly(row)) {
                continue;
            }
            Map<String, Integer> expected = parseSipStat(Files.readAllLines(ref.output()));
            Map<String, Integer> actual = count(capture);
            compared++;
            if (!expected.equals(actual)) {
                mismatches.add(root.relativize(capture) + ": tshark " + expected + " voipwatch " + actual);
            }
        }
        System.out.println("SipCorpusTest compared " + compared + " captures with tshark sip,stat");
        assertTrue(compared >= 20, "expected at least 20 UDP-only SIP captures, compared " + compared);
        assertEquals(List.of(), mismatches);
    }

    /**
     * SIP over TCP through {@link SipStreamReassembler} (one per direction), plus any SIP over UDP in the same
     * capture, against tshark's counts. WebSocket, TLS and decode-as captures are left out.
     */
    @Test
    void tcpCountsMatchTsharkSipStat() throws IOException {
        Path root = Captures.sharedPcaps();
        Assumptions.assumeTrue(root != null, "shared/pcaps corpus not found above the working directory: skipped");
        Map<String, Map<String, String>> manifest = Manifest.rows(root);
        List<String> compared = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (Manifest.Reference ref : Manifest.references(root, SIP_STAT)) {
            Path capture = ref.capture();
            Map<String, String> row = manifest.get(root.relativize(capture).toString());
            if (row == null || !CaptureWalk.readable(capture) || "0".equals(row.get("sip_over_tcp"))
                    || !"0".equals(row.get("sip_over_websocket")) || !"0".equals(row.get("ip_fragments"))
                    || !row.get("tshark_decode_as").isEmpty()) {
                continue;
            }
            Map<String, Integer> expected = parseSipStat(Files.readAllLines(ref.output()));
            Map<String, Integer> actual = count(capture);
            SipMessage m = new SipMessage();
            Map<String, SipStreamReassembler> directions = new HashMap<>();
            CaptureWalk.tcp(capture, (ns, f, off, len, src, sp, dst, dp, seq, flags) -> {
                if (len == 0) {
                    return;
                }
                String dir = src + ":" + sp + ">" + dst + ":" + dp;
                if (!directions.containsKey(dir)) {
                    // as a classifier would: a direction is SIP when its first payload probes as SIP
                    directions.put(dir, SipMessage.looksLikeSip(f, off, len) ? new SipStreamReassembler() : null);
                }
                SipStreamReassembler r = directions.get(dir);
                if (r == null) {
                    return;
                }
                r.onSegment(seq, f, off, len);
                for (int budget = 0; budget < 64; budget++) {
                    int rc = r.next(m);
                    if (rc == SipStatus.NEED_MORE_DATA || m.messageLength() == 0) {
                        break;
                    }
                    actual.merge(key(m), 1, Integer::sum);
                }
            });
            String id = root.relativize(capture).toString();
            long oversized = directions.values().stream().filter(r -> r != null)
                    .mapToLong(SipStreamReassembler::oversizedMessages).sum();
            long lost = directions.values().stream().filter(r -> r != null)
                    .mapToLong(r -> r.overflows() + r.desyncs() + r.gaps()).sum();
            assertEquals(0, lost, id + ": overflows + desyncs + gaps");
            if (id.endsWith("sip-body-large/sip-body-large.pcap")) {
                // its INVITE is 65,793 bytes (Content-Length 65536): over MAX_MESSAGE_BYTES by design, so it is
                // skipped by its Content-Length and counted, not parsed
                assertEquals(1, oversized, id);
                expected.merge("INVITE", -1, Integer::sum);
                expected.remove("INVITE", 0);
            } else {
                assertEquals(0, oversized, id);
            }
            compared.add(id);
            if (!expected.equals(actual)) {
                mismatches.add(id + ": tshark " + expected + " voipwatch " + actual);
            }
        }
        System.out.println("SipCorpusTest compared over TCP: " + compared);
        assertTrue(compared.size() >= 3, "expected at least 3 SIP-over-TCP captures, compared " + compared);
        assertEquals(List.of(), mismatches);
    }

    static String key(SipMessage m) {
        return m.isRequest()
                ? new String(m.buffer(), m.methodOffset(), m.methodLength(), StandardCharsets.ISO_8859_1)
                : "SIP " + m.statusCode();
    }

    private static boolean udpOnly(Map<String, String> row) {
        return "0".equals(row.get("sip_over_tcp")) && "0".equals(row.get("sip_over_sctp"))
                && "0".equals(row.get("sip_over_websocket")) && "0".equals(row.get("ip_fragments"))
                && row.get("tshark_decode_as").isEmpty();
    }

    static Map<String, Integer> count(Path capture) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        SipMessage m = new SipMessage();
        CaptureWalk.udp(capture, (ns, f, off, len, src, sp, dst, dp) -> {
            if (!SipMessage.looksLikeSip(f, off, len)) {
                return;
            }
            int rc = m.wrap(f, off, len);
            if (SipStatus.isFramed(rc) || rc == SipStatus.BODY_TRUNCATED || rc == SipStatus.BAD_CONTENT_LENGTH) {
                counts.merge(key(m), 1, Integer::sum);
            }
        });
        return counts;
    }

    /** Parses tshark's sip,stat: "  SIP 200 OK  :  7 Packets" and, under the methods list, "  INVITE  :  3 Packets". */
    static Map<String, Integer> parseSipStat(List<String> lines) {
        Map<String, Integer> out = new TreeMap<>();
        boolean methods = false;
        for (String line : lines) {
            if (line.startsWith("* List of SIP Request methods")) {
                methods = true;
                continue;
            }
            if (line.startsWith("* ")) {
                methods = false;
            }
            Matcher r = RESPONSE.matcher(line);
            if (!methods && r.find()) {
                out.merge("SIP " + r.group(1), Integer.parseInt(r.group(2)), Integer::sum);
                continue;
            }
            Matcher q = REQUEST.matcher(line);
            if (methods && q.find()) {
                out.merge(q.group(1), Integer.parseInt(q.group(2)), Integer::sum);
            }
        }
        return out;
    }
}

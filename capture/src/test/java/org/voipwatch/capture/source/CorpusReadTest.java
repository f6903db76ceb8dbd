package org.voipwatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * Reads the shared public corpus: packet counts and link types against MANIFEST.tsv, timestamps against tshark,
 * and everything against libpcap (through pcap4j). Skipped when the corpus is absent.
 */
class CorpusReadTest {
    /** Files for the oracle comparisons: pcapng with mixed 10^-6/10^-9 interfaces, gzip, classic pcap of 4 types. */
    private static final List<String> ORACLE_FILES = List.of(
            "ntop+nDPI/tests/cfgs/default/pcap/stun.pcap",
            "ntop+nDPI/tests/cfgs/default/pcap/stun_google_meet.pcapng",
            "ntop+nDPI/tests/cfgs/default/pcap/viber.pcap",
            "sipcapture+heplify/example/pcap/erspan_sip_ipv4_udp.pcapng",
            "OISF+suricata-verify/tests/decode-sll2-01/input.pcap",
            "OISF+suricata-verify/tests/sip-method/sip.pcap",
            "OISF+suricata-verify/tests/sip-body-large/sip-body-large.pcap");
    private static final String GZIP_FILE = "general-unsorted/rtp_example.raw.gz";

    private static Path corpusOrSkip() {
        Path dir = Corpus.dir();
        assumeTrue(dir != null, "shared/pcaps/MANIFEST.tsv not found above " + Paths.get("").toAbsolutePath()
                + ": corpus tests skipped");
        return dir;
    }

    static int expectedLinkType(String manifestName) {
        switch (manifestName) {
            case "ether": return LinkType.ETHERNET;
            case "linux-sll": return LinkType.LINUX_SLL;
            case "linux-sll2": return LinkType.LINUX_SLL2;
            case "null": return LinkType.NULL;
            case "rawip": return LinkType.RAW;
            default: throw new IllegalArgumentException("unmapped link_type " + manifestName);
        }
    }

    private static boolean sameLinkType(int expected, int actual) {
        if (expected == LinkType.RAW) {
            return actual == LinkType.RAW || actual == LinkType.IPV4 || actual == LinkType.IPV6
                    || actual == LinkType.RAW_ALT_12 || actual == LinkType.RAW_ALT_14;
        }
        return expected == actual;
    }

    @TestFactory
    Stream<DynamicTest> everyPcapAndPcapngInTheManifestReadsToTheEnd() throws IOException {
        Path dir = corpusOrSkip();
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, String> row : Corpus.manifest(dir)) {
            String type = row.get("file_type");
            if (!type.equals("pcap") && !type.equals("pcapng") && !type.equals("pcap (gzip compressed)")) {
                continue;
            }
            Path file = dir.resolve(row.get("corpus_path"));
            long packets = Long.parseLong(row.get("packets"));
            int linkType = expectedLinkType(row.get("link_type"));
            tests.add(DynamicTest.dynamicTest(row.get("corpus_path"), () -> {
                long count = 0;
                try (PacketSource s = CaptureFiles.open(List.of(file))) {
                    PacketEvent slot = new PacketEvent();
                    while (count <= packets && s.nextInto(slot)) {
                        count++;
                        assertEquals(count, slot.frameNumber);
                        assertTrue(sameLinkType(linkType, slot.linkType),
                                "frame " + count + " link type " + slot.linkType + ", manifest " + linkType);
                        // no caplen <= origlen check: real files break it (the tls-1.3 sip.pcap: 92 > 76)
                    }
                    assertEquals(List.of(), s.warnings());
                }
                assertEquals(packets, count, "packets");
            }));
        }
        assertTrue(tests.size() >= 90, "manifest rows of pcap/pcapng: " + tests.size());
        return tests.stream();
    }

    @Test
    void netmonCaptureIsReportedAsUnsupported() throws IOException {
        Path file = Corpus.find(corpusOrSkip(), "c07-sip-r2.cap");
        IOException e = assertThrows(IOException.class, () -> CaptureFiles.open(List.of(file)));
        assertTrue(e.getMessage().startsWith(file + ": unknown capture format (magic bytes 0x474d4255, a Microsoft "
                + "Network Monitor 2.x capture"), e.getMessage());
    }

    private static Path tsharkOrSkip() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path t = Paths.get(d, "tshark");
            if (Files.isExecutable(t)) {
                return t;
            }
        }
        assumeTrue(false, "tshark not on PATH: timestamp oracle skipped");
        return null;
    }

    /** tshark's frame.time_epoch ("1600000000.123456000") of every frame, as nanoseconds. */
    private static List<Long> tsharkEpochNs(Path tshark, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(tshark.toString(), "-n", "-r", file.toString(), "-T", "fields",
                "-e", "frame.time_epoch").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Long> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] parts = line.trim().split("\\.");
                String frac = (parts.length > 1 ? parts[1] : "") + "000000000";
                out.add(Long.parseLong(parts[0]) * 1_000_000_000L + Long.parseLong(frac.substring(0, 9)));
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
        return out;
    }

    @Test
    void timestampsMatchTshark() throws Exception {
        Path dir = corpusOrSkip();
        Path tshark = tsharkOrSkip();
        List<String> files = new ArrayList<>(ORACLE_FILES);
        files.add(GZIP_FILE);
        for (String name : files) {
            Path file = Corpus.find(dir, name);
            List<Long> expected = tsharkEpochNs(tshark, file);
            assertFalse(expected.isEmpty(), name);
            List<Long> actual = new ArrayList<>();
            try (PacketSource s = CaptureFiles.open(List.of(file))) {
                PacketEvent slot = new PacketEvent();
                while (actual.size() <= expected.size() && s.nextInto(slot)) {
                    actual.add(slot.timestampNs);
                }
            }
            assertEquals(expected, actual, name);
        }
    }

    @Test
    void pureJavaReaderAgreesWithLibpcap() throws Exception {
        Path dir = corpusOrSkip();
        for (String name : ORACLE_FILES) {
            Path file = Corpus.find(dir, name);
            List<Rec> expected;
            try (PacketSource s = CaptureFiles.openWithLibpcap(List.of(file))) {
                expected = Rec.drain(s, 100_000);
                assertEquals(List.of(), s.warnings(), name);
            }
            List<Rec> actual;
            try (PacketSource s = CaptureFiles.open(List.of(file))) {
                actual = Rec.drain(s, 100_000);
            }
            assertEquals(expected.size(), actual.size(), name + " count");
            assertTrue(expected.size() > 0, name);
            for (int i = 0; i < expected.size(); i++) {
                Rec e = expected.get(i);
                Rec a = actual.get(i);
                String at = name + " frame " + (i + 1);
                assertEquals(e.timestampNs(), a.timestampNs(), at);
                assertEquals(e.linkType(), a.linkType(), at);
                assertEquals(e.originalLength(), a.originalLength(), at);
                assertEquals(e.frameNumber(), a.frameNumber(), at);
                assertArrayEquals(e.data(), a.data(), at);
            }
        }
    }

    @Test
    void libpcapSourceReadsSeveralFilesOneAfterTheOther() throws Exception {
        Path dir = corpusOrSkip();
        Path a = Corpus.find(dir, ORACLE_FILES.get(4));
        Path b = Corpus.find(dir, ORACLE_FILES.get(5));
        try (PacketSource s = CaptureFiles.openWithLibpcap(List.of(a, b))) {
            List<Rec> recs = Rec.drain(s, 100_000);
            assertEquals(5 + 691, recs.size()); // packets column of the two manifest rows
            assertEquals(0, recs.get(4).sourceIndex());
            assertEquals(LinkType.LINUX_SLL2, recs.get(4).linkType());
            assertEquals(1, recs.get(5).sourceIndex());
            assertEquals(1, recs.get(5).frameNumber());
            assertEquals(LinkType.ETHERNET, recs.get(5).linkType());
        }
    }
}

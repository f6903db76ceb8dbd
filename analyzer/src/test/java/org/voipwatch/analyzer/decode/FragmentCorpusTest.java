package org.voipwatch.analyzer.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.CaptureWalk;
import org.voipwatch.analyzer.testutil.Captures;

/**
 * Public captures with IP fragments from /work/shared/pcaps (skipped where absent): the UDP datagrams we
 * decode, reassembled ones included, must be the ones tshark shows with
 * {@code tshark -r FILE -T fields -e udp.srcport -e udp.dstport -e udp.length -Y udp} (tshark reassembles
 * by default), in frame order.
 */
class FragmentCorpusTest {

    @Test
    void packetNetUdpIpv4Fragmented() throws Exception {
        Result r = decodeAndCompare("dotpcap+packetnet/Test/CaptureFiles/udp-ip-fragmented.pcap");
        assertEquals(r.tshark, r.ours);
        assertTrue(r.reassembled > 0, "the capture has fragmented datagrams");
    }

    @Test
    void heplifyIpv6UdpFragmented() throws Exception {
        Result r = decodeAndCompare("sipcapture+heplify/example/pcap/ipv6_udp_fragmented.pcap");
        assertEquals(r.tshark, r.ours);
        assertTrue(r.reassembled > 0, "the capture has fragmented datagrams");
    }

    /**
     * A deliberate divergence: Zeek's test trace is malformed on purpose. Frame 1 is a non-last fragment with
     * 18 bytes of data (RFC 791: non-last fragments carry a multiple of 8), frame 2 the last fragment at
     * offset 48, frame 3 an offset-0 fragment of 304 bytes that overlaps frame 2 and runs past its end.
     * tshark still builds a 164-byte datagram (UDP 123 -> 137, length 18); our policy drops overlapping
     * datagrams, so we report the anomalies and no datagram.
     */
    @Test
    void zeekFragmented1IsRejectedAsOverlapping() throws Exception {
        Result r = decodeAndCompare("zeek+zeek/testing/btest/Traces/ipv4/fragmented-1.pcap");
        assertEquals(List.of("123\t137\t18"), r.tshark);
        assertEquals(List.of(), r.ours);
        assertEquals(List.of(DecodeStatus.BAD_FRAGMENT, DecodeStatus.FRAGMENT_PENDING, DecodeStatus.FRAGMENT_OVERLAP),
                r.statuses);
    }

    private static final class Result {
        final List<String> tshark;
        final List<String> ours = new ArrayList<>();
        final List<Integer> statuses = new ArrayList<>();
        int reassembled;

        Result(List<String> tshark) {
            this.tshark = tshark;
        }
    }

    private static Result decodeAndCompare(String relative) throws Exception {
        Path pcaps = Captures.sharedPcaps();
        assumeTrue(pcaps != null, "no shared/pcaps directory found above " + System.getProperty("user.dir")
                + ": corpus test skipped");
        Path file = pcaps.resolve(relative);
        assumeTrue(Files.isRegularFile(file), "capture missing: " + file);
        List<String> tshark = tshark(file);
        assumeTrue(tshark != null, "tshark not available: corpus comparison skipped");

        Result r = new Result(tshark);
        PacketDecoder decoder = new PacketDecoder(new FragmentReassembler(64, 65_535, 64, 30_000_000_000L));
        long frames = CaptureWalk.packets(file, decoder, (ev, st, out) -> {
            r.statuses.add(st);
            assertFalse(DecodeStatus.isAnomaly(st) && !relative.contains("zeek"),
                    () -> relative + " frame " + ev.frameNumber + ": " + DecodeStatus.name(st));
            if (st == DecodeStatus.OK && out.isUdp()) {
                r.ours.add(out.srcPort + "\t" + out.dstPort + "\t" + (out.payloadLength + UdpHeader.LENGTH));
                if (out.reassembled) {
                    r.reassembled++;
                }
            }
        });
        assertTrue(frames > 0);
        return r;
    }

    private static List<String> tshark(Path file) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields", "-e", "udp.srcport",
                    "-e", "udp.dstport", "-e", "udp.length", "-Y", "udp")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return null;
        }
        String text;
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            text = buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroy();
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }
}

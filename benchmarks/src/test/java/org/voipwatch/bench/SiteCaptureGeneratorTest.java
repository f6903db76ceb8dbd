package org.voipwatch.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.capture.source.CaptureFiles;
import org.voipwatch.capture.source.CaptureReader;

/**
 * Checks a small generated capture (6 calls, 16 s: about a second) field by field against the RFCs, with
 * parsing written here from the RFC layouts rather than through the analyzer's decoder.
 */
class SiteCaptureGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        Path c = dir.resolve("c.pcap");
        SiteCaptureGenerator.generate(6, 8, 7, a);
        SiteCaptureGenerator.generate(6, 8, 7, b);
        SiteCaptureGenerator.generate(6, 8, 8, c);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
        assertTrue(Files.notExists(dir.resolve("a.pcap.part")), "the .part file is renamed when complete");
    }

    @Test
    void framesFollowTheRfcs() throws IOException {
        Path file = dir.resolve("site.pcap");
        long[] stats = SiteCaptureGenerator.generate(6, 16, 42, file);
        Map<Integer, int[]> rtpBySsrc = new HashMap<>(); // ssrc -> {last seq, last ts, packets}
        int invites = 0;
        int stunRequests = 0;
        int stunResponses = 0;
        int sr = 0;
        int tcp = 0;
        long lastTs = Long.MIN_VALUE;
        long n = 0;
        try (CaptureReader r = CaptureFiles.openReader(file)) {
            while (r.next()) {
                n++;
                byte[] f = r.buffer();
                int o = r.offset();
                int len = r.capturedLength();
                assertTrue(r.timestampNs() >= lastTs, "packets in time order at frame " + n);
                lastTs = r.timestampNs();
                assertEquals(0x0800, u16(f, o + 12), "EtherType IPv4");
                int ip = o + 14;
                assertEquals(0x45, f[ip] & 0xff, "IPv4, IHL 5");
                assertEquals(len - 14, u16(f, ip + 2), "IP total length = frame - Ethernet header");
                assertEquals(0xffff, onesComplementSum(f, ip, 20), "RFC 1071: the header sums to 0xffff");
                int proto = f[ip + 9] & 0xff;
                int l4 = ip + 20;
                if (proto == 6) {
                    tcp++;
                    continue;
                }
                assertEquals(17, proto);
                assertEquals(len - 34, u16(f, l4 + 4), "UDP length");
                int sport = u16(f, l4);
                int dport = u16(f, l4 + 2);
                int p = l4 + 8;
                int plen = len - 42;
                if (sport == 3478 || dport == 3478) {
                    assertEquals(0x2112A442, s32(f, p + 4), "RFC 5389 magic cookie");
                    assertEquals(plen - 20, u16(f, p + 2), "STUN length excludes the 20-byte header");
                    if (u16(f, p) == 0x0001) {
                        stunRequests++;
                    } else {
                        assertEquals(0x0101, u16(f, p), "Binding success response");
                        assertEquals(0x0020, u16(f, p + 20), "XOR-MAPPED-ADDRESS");
                        assertEquals(dport, u16(f, p + 26) ^ 0x2112, "mapped port = the client's port");
                        stunResponses++;
                    }
                } else if (sport == 5060 || dport == 5060 || sport == 5080) {
                    String sip = new String(f, p, plen, StandardCharsets.US_ASCII);
                    int bodyAt = sip.indexOf("\r\n\r\n") + 4;
                    int cl = Integer.parseInt(sip.replaceAll("(?s).*\r\nContent-Length: (\\d+)\r\n.*", "$1"));
                    assertEquals(plen - bodyAt, cl, "Content-Length = body length in " + sip);
                    if (sip.startsWith("INVITE ")) {
                        invites++;
                        assertTrue(sip.substring(bodyAt).startsWith("v=0\r\n"), "SDP offer");
                        assertTrue(sip.contains("m=audio "), "SDP media line");
                    }
                } else if (sport == 161 || dport == 161) {
                    assertEquals(0x30, f[p] & 0xff, "SNMP message is a BER SEQUENCE");
                    assertEquals(plen - 2, f[p + 1] & 0xff, "BER length");
                } else if ((f[p + 1] & 0xff) == 200) {
                    sr++;
                    assertEquals(0x80, f[p] & 0xff, "RTCP SR: V=2, RC=0");
                    assertEquals(28, (u16(f, p + 2) + 1) * 4, "SR length in 32-bit words minus one");
                    int sdes = p + 28;
                    assertEquals(202, f[sdes + 1] & 0xff, "compound: SDES follows the SR");
                    assertEquals(plen - 28, (u16(f, sdes + 2) + 1) * 4, "SDES length");
                } else {
                    assertEquals(0x80, f[p] & 0xc0, "RTP version 2 at " + n);
                    assertEquals(0, f[p + 1] & 0x7f, "PT 0 (PCMU)");
                    assertEquals(172, plen, "12-byte header + 160 bytes of G.711");
                    int ssrc = s32(f, p + 8);
                    int seq = u16(f, p + 2);
                    int ts = s32(f, p + 4);
                    int[] st = rtpBySsrc.get(ssrc);
                    if (st != null) {
                        assertEquals((st[0] + 1) & 0xffff, seq, "RTP sequence + 1");
                        assertEquals(st[1] + 160, ts, "RTP timestamp + 160 (20 ms at 8 kHz)");
                        st[0] = seq;
                        st[1] = ts;
                        st[2]++;
                    } else {
                        rtpBySsrc.put(ssrc, new int[] {seq, ts, 1});
                    }
                }
            }
        }
        assertEquals(stats[0], n, "packets reported = packets read");
        assertEquals(6, invites, "one INVITE per call");
        // 6 calls, none one-way (1 in 200 is): both directions of each call carry RTP
        assertEquals(12, rtpBySsrc.size(), "one SSRC per call direction");
        assertTrue(stunRequests >= 4 && stunResponses >= 4, "STUN keep-alives of at least 4 clients");
        assertTrue(sr > 0, "RTCP sender reports");
        assertTrue(tcp > 0, "the undocumented TCP flows");
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static int s32(byte[] b, int at) {
        return (u16(b, at) << 16) | u16(b, at + 2);
    }

    private static int onesComplementSum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += u16(b, off + i);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum;
    }
}

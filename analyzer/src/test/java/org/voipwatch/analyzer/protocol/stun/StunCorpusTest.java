package org.voipwatch.analyzer.protocol.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.decode.DecodeStatus;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.IcmpHeader;
import org.voipwatch.analyzer.testutil.CaptureWalk;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Manifest;

/**
 * Counts STUN, classic STUN, TURN and ChannelData packets in public captures and compares with tshark 4.0.17's
 * packet counts in /work/shared/pcaps/MANIFEST.tsv (columns {@code stun}, {@code classicstun}, {@code turn},
 * {@code turn_channeldata}, found by the header row). Captures are read and decoded as the pipeline does
 * ({@link CaptureWalk}: the production reader and {@code PacketDecoder}). Skips when the corpus is absent.
 *
 * <p>How the definitions line up (checked with tshark display filters on nDPI stun.pcap):
 * <ul>
 * <li>{@code stun} is tshark's "stun" layer: messages with the cookie plus ChannelData (tshark's STUN dissector
 *     also dissects ChannelData: {@code stun.channel}); 153 + 19 = 172. Classic RFC 3489 is a separate
 *     dissector and column.</li>
 * <li>{@code turn} = packets with a TURN method ({@code stun.type.method >= 3}, 84) or ChannelData (19) = 103.</li>
 * <li>tshark counts packets, not messages: a TCP segment with two STUN messages counts once (stun.pcap frames 151
 *     and 157), so we count a packet once whatever it holds. tshark reassembles TCP; we do not, which is the same
 *     here because every STUN TCP segment in these captures starts at a message boundary. The 4-byte-offset
 *     messages of stun.pcap's TCP stream on port 42000 use RFC 4571 framing (2-byte length prefix, ICE-TCP,
 *     RFC 6544), which the caller strips; this test does it the way the lead's pipeline must.</li>
 * <li>tshark dissects the UDP datagram quoted in an ICMP port unreachable, so the STUN message inside counts as a
 *     "stun" (and "turn") packet: stun.pcap frame 24 (ICMP quoting a TURN Refresh success). The pipeline should
 *     treat that as an ICMP error for the flow, not as STUN traffic; here the quoted datagram's payload is counted
 *     separately ({@code QUOTED_UDP}) so that the per-layer total can still equal tshark's.</li>
 * <li>tshark's classic-STUN heuristic runs on every UDP port; our classic probe runs only where the caller allows
 *     it (known STUN ports). With the production policy stun_classic.pcap (ports 55050/13958) yields 0 classic
 *     messages, a deliberate difference; with classic allowed on every port the count matches tshark's.</li>
 * </ul>
 */
class StunCorpusTest {
    private static final String STUN_PCAP = "ntop+nDPI/tests/cfgs/default/pcap/stun.pcap";
    private static final String CLASSIC_PCAP = "ntop+nDPI/tests/cfgs/default/pcap/stun_classic.pcap";
    private static final String ICE_PCAP = "corelight+zeek-spicy-stun/tests/traces/stun-ice-testcall.pcap";
    private static final String FFFF_PCAP = "corelight+zeek-spicy-stun/tests/traces/stun-attribute-length-ffff.pcap";

    static final int UDP = 17;
    static final int TCP = 6;
    /** Pseudo protocol: a UDP payload quoted inside an ICMP error (not traffic of its own). */
    static final int QUOTED_UDP = 1017;

    private static Path corpus;
    private static Map<String, Map<String, String>> manifest;

    @BeforeAll
    static void findCorpus() throws IOException {
        corpus = Captures.sharedPcaps();
        Assumptions.assumeTrue(corpus != null && Files.isRegularFile(corpus.resolve("MANIFEST.tsv")),
                "public capture corpus shared/pcaps not found above " + System.getProperty("user.dir")
                        + ": corpus tests skipped");
        manifest = Manifest.rows(corpus);
    }

    private static int expected(String corpusPath, String column) {
        Map<String, String> row = manifest.get(corpusPath);
        if (row == null) {
            throw new AssertionError("no MANIFEST row for " + corpusPath);
        }
        assertTrue(row.containsKey(column), "MANIFEST.tsv has no column " + column);
        return Integer.parseInt(row.get(column));
    }

    /** Per-packet counts, each packet counted at most once per column (as tshark counts). */
    static final class Counts {
        final boolean classicEverywhere;
        final StunMessage msg = new StunMessage();
        final ChannelData cd = new ChannelData();
        final int[] statuses = new int[StunStatus.COUNT];
        int frames;
        int stun;
        int classic;
        int turn;
        int channelData;
        int messages;
        int udpStun;
        int quotedStun;
        int fingerprintsChecked;
        int fingerprintsValid;
        final List<Integer> badFingerprintFrames = new ArrayList<>();

        Counts(boolean classicEverywhere) {
            this.classicEverywhere = classicEverywhere;
        }

        /** One decoded record: its UDP or TCP payload, or the UDP payload an ICMP error quotes. */
        void packet(int frame, int status, DecodedPacket p) {
            if (status != DecodeStatus.OK && status != DecodeStatus.SNAPLEN_CUT) {
                return;
            }
            if (p.isUdp() || p.isTcp()) {
                payload(frame, p.ipProtocol, p.srcPort, p.dstPort, p.buffer, p.payloadOffset, p.payloadLength);
            } else if (p.isIcmp() && p.hasQuotedFlow && p.quotedIpProtocol == UDP) {
                quotedUdp(frame, p);
            }
        }

        /**
         * The decoder gives the quoted datagram's flow, not where its payload starts: find it after the quoted IPv4
         * header (IHL) or an IPv6 header with no extension headers, bounded by the quote and the UDP length.
         */
        private void quotedUdp(int frame, DecodedPacket p) {
            byte[] b = p.buffer;
            int q = p.payloadOffset - IcmpHeader.LENGTH + IcmpHeader.QUOTE_OFFSET;
            int end = p.payloadOffset + p.payloadLength;
            int version = (b[q] & 0xff) >>> 4;
            int udp;
            if (version == 4) {
                end = Math.min(end, q + be16(b, q + 2));
                udp = q + (b[q] & 0x0f) * 4;
            } else if (version == 6 && (b[q + 6] & 0xff) == UDP) {
                end = Math.min(end, q + 40 + be16(b, q + 4));
                udp = q + 40;
            } else {
                return;
            }
            if (udp + 8 <= end) {
                int udpEnd = Math.min(end, udp + be16(b, udp + 4));
                payload(frame, QUOTED_UDP, p.quotedSrcPort, p.quotedDstPort, b, udp + 8, Math.max(0, udpEnd - udp - 8));
            }
        }

        void payload(int frame, int proto, int src, int dst, byte[] b, int off, int len) {
            if (len <= 0) {
                return;
            }
            boolean tcp = proto == TCP;
            int flags = (tcp ? StunMessage.TCP_FRAMING : 0)
                    | (classicEverywhere || StunMessage.isKnownStunPort(src) || StunMessage.isKnownStunPort(dst)
                    ? StunMessage.ALLOW_CLASSIC : 0);
            if (tcp && len >= 2 && msg.wrap(b, off, len, flags) == StunStatus.NOT_STUN
                    && cd.wrap(b, off, len, true) == StunStatus.NOT_STUN
                    && (((b[off] & 0xff) << 8) | (b[off + 1] & 0xff)) == len - 2) {
                off += 2; // RFC 4571 framing
                len -= 2;
            }
            boolean isStun = false;
            boolean isClassic = false;
            boolean isTurn = false;
            boolean isChannel = false;
            int pos = off;
            int end = off + len;
            for (int budget = 0; budget < 16 && pos < end; budget++) {
                int status = msg.wrap(b, pos, end - pos, flags);
                statuses[status]++;
                if (status == StunStatus.OK) {
                    messages++;
                    if (msg.isClassic()) {
                        isClassic = true;
                    } else {
                        isStun = true;
                        isTurn |= StunMessage.isTurnMethod(msg.method());
                        if (msg.hasFingerprint()) {
                            fingerprintsChecked++;
                            if (msg.fingerprintValid()) {
                                fingerprintsValid++;
                            } else {
                                badFingerprintFrames.add(frame);
                            }
                        }
                    }
                    pos += msg.messageLength();
                } else if (cd.wrap(b, pos, end - pos, tcp) == StunStatus.OK) {
                    isStun = true;
                    isTurn = true;
                    isChannel = true;
                    pos += cd.frameLength();
                } else {
                    break;
                }
                if (!tcp) {
                    break;
                }
            }
            quotedStun += isStun && proto == QUOTED_UDP ? 1 : 0;
            stun += isStun ? 1 : 0;
            classic += isClassic ? 1 : 0;
            turn += isTurn ? 1 : 0;
            channelData += isChannel ? 1 : 0;
            udpStun += isStun && proto == UDP ? 1 : 0;
        }
    }

    private static Counts count(String capture, boolean classicEverywhere) throws IOException {
        Counts c = new Counts(classicEverywhere);
        c.frames = (int) CaptureWalk.packets(corpus.resolve(capture),
                (slot, status, p) -> c.packet((int) slot.frameNumber, status, p));
        assertEquals(expected(capture, "packets"), c.frames, "frames walked in " + capture);
        return c;
    }

    private static void assertManifest(String capture, Counts c) {
        assertEquals(expected(capture, "stun"), c.stun, "stun packets in " + capture);
        assertEquals(expected(capture, "classicstun"), c.classic, "classic STUN packets in " + capture);
        assertEquals(expected(capture, "turn"), c.turn, "TURN packets in " + capture);
        assertEquals(expected(capture, "turn_channeldata"), c.channelData, "ChannelData packets in " + capture);
    }

    @Test
    void ndpiStunPcapMatchesTshark() throws IOException {
        Counts c = count(STUN_PCAP, true);
        assertManifest(STUN_PCAP, c);
        // UDP part, from `tshark -Y "stun && udp"` (141, the ICMP-quoted frame 24 included), not in the manifest:
        // keeps the TCP handling honest
        assertEquals(1, c.quotedStun);
        assertEquals(141, c.udpStun + c.quotedStun);
        // tshark -Y stun.att.crc32 -e stun.att.crc32.status: 35 FINGERPRINTs in 34 packets (frame 157 has two),
        // status 0 (bad) only in frame 195; the ICMP-quoted frame 24 has none
        assertEquals(35, c.fingerprintsChecked);
        assertEquals(List.of(195), c.badFingerprintFrames);
        assertEquals(0, malformed(c), Arrays.toString(c.statuses));
        Counts portPolicy = count(STUN_PCAP, false);
        assertManifest(STUN_PCAP, portPolicy);
    }

    @Test
    void iceTestCallMatchesTshark() throws IOException {
        Counts c = count(ICE_PCAP, true);
        assertManifest(ICE_PCAP, c);
        assertEquals(c.fingerprintsChecked, c.fingerprintsValid);
        assertTrue(c.fingerprintsChecked > 0);
        assertEquals(0, malformed(c), Arrays.toString(c.statuses));
    }

    @Test
    void classicStunOnlyWithClassicAllowed() throws IOException {
        Counts everywhere = count(CLASSIC_PCAP, true);
        assertManifest(CLASSIC_PCAP, everywhere);
        Counts portPolicy = count(CLASSIC_PCAP, false);
        assertEquals(0, portPolicy.classic, "ports 55050/13958 are no known STUN ports");
        assertEquals(0, portPolicy.stun);
    }

    /** Zeek's spicy-stun regression trace: the second message has an attribute length of 0xffff. */
    @Test
    void attributeLengthFfffIsAnOverrun() throws IOException {
        Counts c = count(FFFF_PCAP, false);
        assertEquals(1, c.statuses[StunStatus.ATTRIBUTE_OVERRUN], Arrays.toString(c.statuses));
        assertEquals(1, c.statuses[StunStatus.OK], Arrays.toString(c.statuses));
    }

    private static int be16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static int malformed(Counts c) {
        int n = 0;
        for (int i = StunStatus.FIRST_MALFORMED; i < StunStatus.COUNT; i++) {
            n += c.statuses[i];
        }
        return n;
    }
}

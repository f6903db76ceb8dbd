package org.voipwatch.analyzer.track.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.HostPatterns;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.protocol.dns.DnsStatus;
import org.voipwatch.analyzer.protocol.dns.DnsTestBytes;
import org.voipwatch.analyzer.testutil.Hex;
import org.voipwatch.analyzer.track.AnalyzerCounters;

/** What the learner takes from hand-decoded DNS answers (UDP and TCP framing) and what it refuses. */
class HostNameLearnerTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * S;
    private static final long A_127_0_60_1 = 0x0000_ffff_7f00_3c01L;

    private final FlowMatrix matrix;
    private final LearnedAddressTable table = new LearnedAddressTable(64);
    private final AnalyzerCounters counters = new AnalyzerCounters();
    private final HostNameLearner learner;
    private final long uc;
    private final long edge;

    HostNameLearnerTest() throws Exception {
        matrix = MatrixLoader.load("t.yaml", new StringReader(String.join("\n",
                "name: t", "roles:", "  uc: {hosts: ['*.ucconnect.de']}", "  edge: {hosts: ['edge.cloud.example']}",
                "  other-cloud: {hosts: ['*.elsewhere.example']}", "services: {}", "rules: []")), List.of());
        uc = matrix.role("uc").bit();
        edge = matrix.role("edge").bit();
        learner = new HostNameLearner(HostPatterns.of(matrix), table, null, counters);
    }

    private static DecodedPacket packet(int proto, byte[] payload, int off, int len) {
        DecodedPacket p = new DecodedPacket();
        p.clear();
        p.timestampNs = T0;
        p.ipVersion = 4;
        p.ipProtocol = proto;
        p.srcPort = 53;
        p.dstPort = 40000;
        p.buffer = payload;
        p.payloadOffset = off;
        p.payloadLength = len;
        return p;
    }

    @Test
    void cnameChainGivesTheFinalAddressesEveryRoleNamedOnTheWay() {
        byte[] b = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        learner.onPacket(packet(17, b, 0, b.length), 0, 0, false);
        table.onTime(T0);
        // question sip.ucconnect.de matches uc; the CNAME target edge.cloud.example matches edge
        assertEquals(uc | edge, table.learnedRolesOf(0, A_127_0_60_1));
        assertEquals(uc | edge, table.learnedRolesOf(0xfd00_0000_0000_0000L, 0x0000_0000_0060_0002L));
        // TTL: min(3600 CNAME, 60 A) = 60 s, raised to the 300 s floor
        assertEquals(T0 + HostNameLearner.MIN_TTL_SECONDS * S, table.expiresAt(0, A_127_0_60_1));
        // AAAA: min(3600, 120) = 120 s -> floor
        assertEquals(2, counters.addressesLearned);
        assertEquals(1, counters.dnsResponses);
    }

    @Test
    void tcpFramingWithTwoMessagesInOneSegmentAndAPartialThird() {
        byte[] msg = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        byte[] other = msg.clone();
        other[msg.length - 1] = 3; // AAAA fd00::60:3
        other[81] = 2; // A 127.0.60.2
        byte[] seg = new byte[3 * (2 + msg.length) - 50];
        int p = 0;
        for (byte[] m : new byte[][] {msg, other, msg}) {
            seg[p] = (byte) (m.length >>> 8);
            seg[p + 1] = (byte) m.length;
            System.arraycopy(m, 0, seg, p + 2, Math.min(m.length, seg.length - p - 2));
            p += 2 + m.length;
        }
        learner.onPacket(packet(6, seg, 0, seg.length), 0, 0, false);
        table.onTime(T0);
        assertEquals(uc | edge, table.learnedRolesOf(0, A_127_0_60_1));
        assertEquals(uc | edge, table.learnedRolesOf(0, A_127_0_60_1 + 1));
        assertEquals(2, counters.dnsResponses);
        assertEquals(1, counters.dnsMalformed, "the third message continues in a later segment");
    }

    @Test
    void truncatedAnswerStillTeachesTheRecordsBeforeTheCut() {
        byte[] b = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        learner.onPacket(packet(17, b, 0, 90), 0, 0, false); // the AAAA record is cut
        table.onTime(T0);
        assertEquals(uc | edge, table.learnedRolesOf(0, A_127_0_60_1));
        assertEquals(1, counters.addressesLearned);
        assertEquals(1, counters.dnsMalformed);
        assertEquals(1, learner.dnsStatus[DnsStatus.TRUNCATED_RECORD]);
    }

    @Test
    void onlyTheNamesOnTheChainGiveRoles() {
        byte[] b = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        b[17] = 'x'; // question "sip.xcconnect.de": no role; the CNAME target still names edge
        learner.onPacket(packet(17, b, 0, b.length), 0, 0, false);
        table.onTime(T0);
        assertEquals(edge, table.learnedRolesOf(0, A_127_0_60_1));
    }

    @Test
    void queriesErrorsAndUnrelatedNamesTeachNothing() {
        byte[] query = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        query[2] = 0x01; // QR = 0: a query carrying records must not teach
        learner.onPacket(packet(17, query, 0, query.length), 0, 0, false);
        byte[] nx = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        nx[3] = (byte) 0x83; // RCODE 3 NXDOMAIN
        learner.onPacket(packet(17, nx, 0, nx.length), 0, 0, false);
        byte[] unrelated = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        unrelated[17] = 'x'; // question "sip.xcconnect.de" (the CNAME's owner points to it)
        unrelated[47] = 'x'; // CNAME target "xdge.cloud.example" (the A/AAAA owners point to it)
        learner.onPacket(packet(17, unrelated, 0, unrelated.length), 0, 0, false);
        table.onTime(T0);
        assertEquals(0, table.learnedRolesOf(0, A_127_0_60_1));
        assertEquals(0, counters.addressesLearned);
        byte[] loop = Hex.dump("00 01 81 80 00 01 00 01 00 00 00 00\n03 61 62 63 c0 0c\n00 01 00 01");
        learner.onPacket(packet(17, loop, 0, loop.length), 0, 0, false);
        assertEquals(1, learner.dnsStatus[DnsStatus.BAD_POINTER]);
    }
}

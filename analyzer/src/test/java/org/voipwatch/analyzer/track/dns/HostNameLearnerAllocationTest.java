package org.voipwatch.analyzer.track.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.HostPatterns;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.protocol.dns.DnsTestBytes;
import org.voipwatch.analyzer.testutil.Hex;
import org.voipwatch.analyzer.track.AnalyzerCounters;

/**
 * The learner's per-packet path (DNS over UDP and TCP, TLS ClientHello, table lookups and clock) allocates nothing
 * once warmed up, measured with the thread's allocated-bytes counter like protocol.AllocationGuardTest.
 */
class HostNameLearnerAllocationTest {
    private static final int ROUNDS = 20_000;
    private static final long SLACK_BYTES = 1024;
    private static final long S = 1_000_000_000L;

    /** The ClientHello of TlsClientHelloTest (SNI api.UCconnect.de), re-typed: that class is in another package. */
    private static final byte[] HELLO = Hex.dump(String.join("\n",
            "16 03 01 00 4f", "01 00 00 4b", "03 03",
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
            "00", "00 02 13 01", "01 00", "00 20", "00 2b 00 03 02 03 04", "00 00 00 15", "00 13", "00 00 10",
            "61 70 69 2e 55 43 63 6f 6e 6e 65 63 74 2e 64 65"));

    @Test
    void learnerAllocatesNothingPerPacket() throws Exception {
        FlowMatrix m = MatrixLoader.load("t.yaml", new StringReader(String.join("\n", "name: t", "roles:",
                "  uc: {hosts: ['*.ucconnect.de', 'edge.cloud.example']}", "services: {}", "rules: []")), List.of());
        LearnedAddressTable table = new LearnedAddressTable(64);
        AnalyzerCounters counters = new AnalyzerCounters();
        HostNameLearner learner = new HostNameLearner(HostPatterns.of(m), table, null, counters);
        byte[] dns = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        byte[] tcp = new byte[dns.length + 2];
        tcp[1] = (byte) dns.length;
        System.arraycopy(dns, 0, tcp, 2, dns.length);
        DecodedPacket udpPacket = packet(17, 53, 40000, dns);
        DecodedPacket tcpPacket = packet(6, 53, 40001, tcp);
        DecodedPacket hello = packet(6, 40002, 443, HELLO);
        hello.dstLo = 0x0000_ffff_7f00_3d01L;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = 0;
        long sink = 0;
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                before = mx.getCurrentThreadAllocatedBytes();
            }
            for (int i = 0; i < ROUNDS; i++) {
                long now = (pass * ROUNDS + i) * S / 100;
                udpPacket.timestampNs = now;
                tcpPacket.timestampNs = now;
                hello.timestampNs = now;
                learner.onPacket(udpPacket, 0, 0, false);
                learner.onPacket(tcpPacket, 0, 0, false);
                learner.onPacket(hello, 0, 1, true);
                learner.onTime(now);
                sink += table.learnedRolesOf(0, 0x0000_ffff_7f00_3c01L);
            }
        }
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink != 0);
        assertEquals(3, counters.addressesLearned, "127.0.60.1, fd00::60:2 from DNS; 127.0.61.1 from SNI");
        assertEquals(4L * ROUNDS, counters.dnsResponses);
        assertTrue(bytes < SLACK_BYTES, "HostNameLearner allocated " + bytes + " bytes in " + ROUNDS + " rounds");
    }

    private static DecodedPacket packet(int proto, int sport, int dport, byte[] payload) {
        DecodedPacket p = new DecodedPacket();
        p.clear();
        p.ipVersion = 4;
        p.ipProtocol = proto;
        p.srcPort = sport;
        p.dstPort = dport;
        p.buffer = payload;
        p.payloadOffset = 0;
        p.payloadLength = payload.length;
        return p;
    }
}

package org.voipwatch.analyzer.track.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.testutil.Captures;

/**
 * DNS-named roles on public captures nobody made for us (nDPI's viber.pcap and zoom.pcap, pcapng), through the
 * whole analyze command. Expected figures come from tshark 4.0.17:
 * {@code -Y 'dns.flags.response==1' -T fields -e dns.qry.name -e dns.cname -e dns.a},
 * {@code -Y tls.handshake.extensions_server_name -T fields -e ip.dst -e tls.handshake.extensions_server_name},
 * {@code -q -z conv,tcp} and {@code -q -z conv,udp}.
 */
class HostNameCorpusTest {
    @TempDir
    Path tmp;

    private String analyze(String capture, String matrixYaml) throws Exception {
        Path pcaps = Captures.sharedPcaps();
        Assumptions.assumeTrue(pcaps != null, "public capture corpus ../shared/pcaps absent: skipped");
        Path file = pcaps.resolve(capture);
        Assumptions.assumeTrue(Files.exists(file), capture + " not in the corpus: skipped");
        Path m = Files.writeString(tmp.resolve("m.yaml"), matrixYaml);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.run(List.of("analyze", file.toString(), "--matrix", m.toString(), "--format", "json",
                "--quiet"), ps, ps);
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(code == 0 || code == 1, json);
        return json;
    }

    private static void assertRule(String json, String rule, int flows) {
        String key = "{\"rule\":\"" + rule + "\",\"flows\":" + flows + ",";
        assertTrue(json.contains(key), "expected " + key + " in " + json);
    }

    @Test
    void viberCnameChainsToCloudfrontNameTheHttpsFlows() throws Exception {
        // frames 62 and 83: media.cdn.viber.com / dl-media.viber.com CNAME *.cloudfront.net -> 4 + 4 addresses;
        // conv,tcp: 192.168.0.17 -> 54.230.93.96:443 and -> 54.230.93.53:443, both after the answers
        String json = analyze("ntop+nDPI/tests/cfgs/default/pcap/viber.pcap", String.join("\n",
                "name: viber", "roles:", "  phone: {}", "  viber: {hosts: ['*.viber.com']}",
                "bind: {phone: 192.168.0.17}", "services:", "  https: {app: https, ports: ['tcp 443']}",
                "rules:", "  - {id: phone-viber, from: phone, to: viber, service: https}"));
        assertTrue(json.contains("\"hostNames\":{\"addressesLearned\":8,\"dnsResponses\":8,\"dnsMalformed\":0,"),
                json);
        assertRule(json, "phone-viber", 2);
    }

    @Test
    void zoomLearnsFromDnsAndFromSniButNotTheApex() throws Exception {
        // DNS answers (frames 24, 94, 163, 168, 280): log, www3, zoomfr85zc, zoomfr84zc, zoomfrn99mmr.zoom.us, each
        // before its SYN. SNI only (frames 167, 172): zoomam105zc/zoomam104zc.zoom.us, SYNs at 161/162 came first:
        // re-matched. SNI "zoom.us" (frame 98, 52.202.62.196) is the apex: not *.zoom.us. 7 addresses in all.
        // conv,tcp: 7 named flows to :443; conv,udp: 3 flows to 109.94.160.99:8801.
        // SNI segments: 13 = tshark's 10 ClientHellos + 3 retransmissions of the first one (frames 18, 124, 539:
        // -o tcp.desegment_tcp_streams:FALSE -Y 'tcp.payload[0:1]==16 && tcp.payload[5:1]==01' shows them with
        // tcp.analysis.retransmission; tshark does not dissect a retransmission again, we read each segment).
        String json = analyze("ntop+nDPI/tests/cfgs/default/pcap/zoom.pcap", String.join("\n",
                "name: zoom", "roles:", "  pc: {}", "  zoom: {hosts: ['*.zoom.us']}",
                "bind: {pc: 192.168.1.117}", "services:", "  https: {app: https, ports: ['tcp 443']}",
                "  media: {app: rtp, ports: ['udp 8801']}",
                "rules:", "  - {id: pc-zoom, from: pc, to: zoom, service: [https, media]}"));
        assertTrue(json.contains("\"hostNames\":{\"addressesLearned\":7,\"dnsResponses\":6,\"dnsMalformed\":0,"
                + "\"sniNames\":13,\"evicted\":0,\"flowsReclassified\":2}"), json);
        assertRule(json, "pc-zoom/https", 7);
        assertRule(json, "pc-zoom/media", 3);
        // conv,tcp has 11 flows to :443; the 4 unnamed ones (the apex 52.202.62.196, 35.186.224.53, 172.217.21.72,
        // 13.225.84.182) stay unexpected
        assertTrue(json.contains("{\"srcRole\":\"pc\",\"dstRole\":\"other\",\"proto\":\"tcp\",\"port\":443,"
                + "\"flows\":4,"), json);
    }

    @Test
    void matrixWithoutHostsLearnsNothing() throws Exception {
        String json = analyze("ntop+nDPI/tests/cfgs/default/pcap/zoom.pcap", String.join("\n",
                "name: plain", "roles:", "  pc: {}", "bind: {pc: 192.168.1.117}", "services: {}", "rules: []"));
        assertEquals(true, json.contains("\"hostNames\":{\"addressesLearned\":0,\"dnsResponses\":0,"), json);
    }
}

package org.voipwatch.analyzer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.testutil.Captures;

/**
 * The flows voipwatch sees in public captures equal tshark's: the set of distinct UDP and TCP conversations
 * (unordered endpoint pairs), taken from tshark's own dissection of each packet's innermost IP/UDP/TCP
 * headers. voipwatch's flow list comes from its events under a matrix that documents nothing (one
 * unexpected_flow per flow). tshark's {@code -z conv} totals are not used as the oracle because tshark splits
 * one 5-tuple into several conversations when SDP or TCP port reuse sets up a new one.
 */
class ConversationCorpusTest {
    private static final Pattern FLOW = Pattern.compile(
            "\"proto\":\"(udp|tcp)\",\"src\":\"([^\"]+)\",\"sport\":(\\d+),\"dst\":\"([^\"]+)\",\"dport\":(\\d+)");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {
        "realjimmy+sample-captures/wireshark-samples/files/sip-and-rtp/sip-rtp-g711.pcap",
        "realjimmy+sample-captures/wireshark-samples/files/sip-and-rtp/SIP_DTMF2.cap",
        "realjimmy+sample-captures/wireshark-samples/files/sip-and-rtp/Asterisk_ZFONE_XLITE.pcap",
        "realjimmy+sample-captures/wireshark-samples/files/sip-and-rtp/sip-tls-1.3-and-rtcp.extracted/tls-1.3/sip.pcap",
        "realjimmy+sample-captures/wireshark-samples/files/general-unsorted/rtp_example.raw.gz",
        "sipcapture+heplify/example/pcap/sip_ipv4_tcp.pcap",
        "sipcapture+heplify/example/pcap/sip_ipv6_udp.pcap",
        "sipcapture+heplify/example/pcap/ipv6_udp_fragmented.pcap",
        "sipcapture+heplify/example/pcap/sip_ipv4_tcp_retrans.pcap",
        "sipcapture+heplify/example/pcap/sip_tcp_websocket.pcap",
        "dotpcap+packetnet/Test/CaptureFiles/udp-ip-fragmented.pcap",
        "ntop+nDPI/tests/cfgs/default/pcap/KakaoTalk_talk.pcap",
        "ntop+nDPI/tests/cfgs/default/pcap/webex.pcap",
        "ntop+nDPI/tests/cfgs/default/pcap/stun.pcap",
        "ntop+nDPI/tests/cfgs/default/pcap/lru_ipv6_caches.pcapng",
        "ntop+nDPI/tests/cfgs/default/pcap/whatsapp_login_call.pcap",
        "OISF+suricata-verify/tests/decode-sll2-01/input.pcap",
        "OISF+suricata-verify/tests/sip-body-large/sip-body-large.pcap",
        "zeek+zeek/testing/btest/Traces/sip/wireshark.pcap",
        "sippy+rtpproxy/tests/rtp_analyze/sess6.a.rtp",
        // encapsulations: PPPoE (QinQ + PPPoE in discord_mid_flow), GRE + ERSPAN, GTP-U
        "realjimmy+sample-captures/wireshark-samples/files/adsl-cpe/nb6-startup.pcap",
        "realjimmy+sample-captures/wireshark-samples/files/adsl-cpe/nb6-telephone.pcap",
        "realjimmy+sample-captures/wireshark-samples/files/sip-and-rtp/DTMFsipinfo.pcap",
        "seladb+PcapPlusPlus/Tests/Packet++Test/PacketExamples/sip_reqs.pcap",
        "ntop+nDPI/tests/cfgs/default/pcap/discord_mid_flow.pcap",
        "sipcapture+heplify/example/pcap/erspan_sip_ipv4_udp.pcapng",
        "ntop+nDPI/tests/cfgs/default/pcap/zoom.pcap",
    })
    void flowsEqualTsharksConversations(String relative) throws Exception {
        Path corpus = Captures.sharedPcaps();
        assumeTrue(corpus != null, "../shared/pcaps is absent: public-corpus comparison skipped");
        assumeTrue(hasTshark(), "tshark is not installed: public-corpus comparison skipped");
        Path file = corpus.resolve(relative);
        assertEquals(tsharkConversations(file), voipwatchFlows(file), relative);
    }

    private Set<String> voipwatchFlows(Path file) throws IOException {
        Path events = tmp.resolve("events.jsonl");
        Path matrix = Paths.get(getClass().getResource("/no-rules-matrix.yaml").getPath());
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int code = Main.run(List.of("analyze", file.toString(), "--matrix", matrix.toString(), "--events",
                events.toString(), "--quiet"), ps, ps);
        assertEquals(true, code == 0 || code == 1, "analyze failed: " + sink);
        Set<String> flows = new TreeSet<>();
        for (String line : Files.readAllLines(events)) {
            if (!line.contains("\"type\":\"unexpected_flow\"") || line.contains("\"seenOnlyInIcmp\":true")) {
                continue;
            }
            Matcher m = FLOW.matcher(line);
            if (m.find()) {
                flows.add(pair(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
            }
        }
        return flows;
    }

    static Set<String> tsharkConversations(Path file) throws IOException, InterruptedException {
        List<String> cmd = List.of("tshark", "-r", file.toString(), "-n", "-T", "fields", "-E", "separator=|",
                "-E", "occurrence=l", "-e", "ip.src", "-e", "ipv6.src", "-e", "ip.dst", "-e", "ipv6.dst",
                "-e", "udp.srcport", "-e", "udp.dstport", "-e", "tcp.srcport", "-e", "tcp.dstport",
                "-e", "icmp.type", "-e", "icmpv6.type",
                "-Y", "(udp or tcp) and not icmp and not icmpv6");
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        Set<String> flows = new TreeSet<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f.length < 8) {
                continue;
            }
            String src = !f[1].isEmpty() ? f[1] : f[0];
            String dst = !f[3].isEmpty() ? f[3] : f[2];
            // a packet with both IPv4 and IPv6 headers (a tunnel): take the family of the innermost one
            if (!f[0].isEmpty() && !f[1].isEmpty()) {
                src = f[1];
                dst = f[3];
            }
            if (!f[4].isEmpty()) {
                flows.add(pair("udp", src, f[4], dst, f[5]));
            } else if (!f[6].isEmpty()) {
                flows.add(pair("tcp", src, f[6], dst, f[7]));
            }
        }
        return flows;
    }

    private static String pair(String proto, String a, String ap, String b, String bp) {
        String x = a + "#" + ap;
        String y = b + "#" + bp;
        return proto + " " + (x.compareTo(y) <= 0 ? x + " <-> " + y : y + " <-> " + x);
    }

    private static boolean hasTshark() {
        try {
            return new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

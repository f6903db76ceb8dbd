package org.voipwatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.voipwatch.analyzer.classify.ProfileAssertions.TCP;
import static org.voipwatch.analyzer.classify.ProfileAssertions.UDP;
import static org.voipwatch.analyzer.classify.ProfileAssertions.assertRule;
import static org.voipwatch.analyzer.classify.ProfileAssertions.classify;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Built-in profile xivo-edge against 003_2f60694c806b2d39.txt. */
class XivoEdgeProfileTest {
    private static final String WEB_PROXY = "172.16.0.1";
    private static final String SIP_PROXY = "172.16.0.2";
    private static final String TURN = "172.16.0.3";
    private static final String CC = "10.0.0.1";
    private static final String MEDIA = "10.0.0.2";
    private static final String CLIENT = "10.50.3.3";
    private static final String INTERNET = "198.51.100.80";
    private static FlowMatrix m;

    @BeforeAll
    static void load() throws Exception {
        m = ProfileAssertions.profile("xivo-edge", "web-proxy=" + WEB_PROXY, "sip-proxy=" + SIP_PROXY,
                "turn=" + TURN, "xivo-cc=" + CC, "mediaserver=10.0.0.2,10.0.0.3", "xivo=10.0.0.2",
                "uc-clients=10.50.0.0/16");
    }

    @Test
    void keyRulesReadFromTheDocument() {
        // "Outside Any | TURN Server DMZ_IP3 | UDP/30000-39999 TCP/30000-39999 | RTP Flow between remote WebRTC
        //  client and TURN Server"
        assertRule(m, "wan-turn-relay", "any", "turn", "udp 30000-39999, tcp 30000-39999", true);
        // "Outside Any | TURN Server DMZ_IP3 | UDP/3478 TCP/3478 | STUN/TURN via UDP, TCP"
        assertRule(m, "wan-turn", "any", "turn", "udp 3478, tcp 3478", false);
        // "TURN Server DMZ_IP3 | Mediaservers (inc. Main) LAN_IP2, LAN_IP3 | UDP/10000-20000 | RTP flow ..."
        assertRule(m, "turn-media", "turn", "mediaserver", "udp 10000-20000", true);
        // "SIP Proxy DMZ_IP2 | Mediaservers (inc. Main) LAN_IP2, LAN_IP3 | UDP/5060 | SIP flow ..."
        assertRule(m, "sipproxy-media-sip", "sip-proxy", "mediaserver", "udp 5060", false);
        // "TURN Server DMZ_IP3 | Meetingroom LAN_IP4 | UDP/10000 | RTP flow between TURN Server and Meetingroom"
        assertRule(m, "turn-meetingroom-media", "turn", "meetingroom", "udp 10000", true);
        // "Web Proxy DMZ_IP1 | SIP Proxy DMZ_IP2 | TCP/443 | Websocket for SIP" (From/To To/From)
        assertRule(m, "dmz-wss", "web-proxy, sip-proxy", "web-proxy, sip-proxy", "tcp 443", false);
    }

    @Test
    void compliantFlows() {
        assertEquals("wan-proxy", classify(m, TCP, INTERNET, 50000, WEB_PROXY, 443));
        assertEquals("wan-turn-relay", classify(m, UDP, INTERNET, 50000, TURN, 35000));
        assertEquals("proxy-cc", classify(m, TCP, WEB_PROXY, 50000, CC, 443));
        assertEquals("media-sipproxy-sip", classify(m, UDP, MEDIA, 5060, SIP_PROXY, 5060));
        // LAN clients report their own rule, not the 'any' one listed last
        assertEquals("clients-turn", classify(m, UDP, CLIENT, 50000, TURN, 3478));
        // Asterisk sends RTP first from its 10000-20000 range to the TURN server
        assertEquals("turn-media", classify(m, UDP, MEDIA, 15000, TURN, 35000));
        assertEquals("media-turn-relay", classify(m, UDP, MEDIA, 40000, TURN, 35000));
        assertEquals("dmz-wss", classify(m, TCP, SIP_PROXY, 50000, WEB_PROXY, 443));
    }

    @Test
    void violatingFlows() {
        assertNull(classify(m, UDP, INTERNET, 5060, SIP_PROXY, 5060), "only HTTPS and TURN from the outside");
        assertNull(classify(m, TCP, INTERNET, 50000, CC, 443), "LAN server reached from the outside");
        assertNull(classify(m, TCP, MEDIA, 50000, SIP_PROXY, 5060), "SIP between Asterisk and SIP proxy is UDP");
        assertNull(classify(m, UDP, INTERNET, 50000, TURN, 40000), "outside the relay range");
        assertNull(classify(m, UDP, CLIENT, 50000, MEDIA, 15000), "LAN client straight to a media server");
    }
}

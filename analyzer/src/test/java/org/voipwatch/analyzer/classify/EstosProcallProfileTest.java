package org.voipwatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.voipwatch.analyzer.classify.ProfileAssertions.TCP;
import static org.voipwatch.analyzer.classify.ProfileAssertions.UDP;
import static org.voipwatch.analyzer.classify.ProfileAssertions.assertRule;
import static org.voipwatch.analyzer.classify.ProfileAssertions.classify;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Built-in profile estos-procall-ucconnect against 002_1c220c62e9598571.txt. */
class EstosProcallProfileTest {
    private static final String UCSERVER = "10.0.5.10";
    private static final String WEBCLIENT = "192.168.1.20";
    private static final String UCCONNECT = "2001:db8:ecc::5";
    private static final String PBX = "10.0.5.2";
    private static final String INTERNET = "203.0.113.77";
    private static FlowMatrix m;

    @BeforeAll
    static void load() throws Exception {
        m = ProfileAssertions.profile("estos-procall-ucconnect", "ucserver=" + UCSERVER,
                "webclient=192.168.1.0/24", "ucconnect=2001:db8:ecc::/64", "pbx=" + PBX);
    }

    @Test
    void keyRulesReadFromTheDocument() {
        // "1 | Connection of the ProCall Enterprise Server to estos UCConnect | OUT | <UCServer-Host>:any |
        //  *.ucconnect.de:443 | TCP |"
        assertRule(m, "ucserver-ucconnect", "ucserver", "ucconnect", "tcp 443", false);
        // "2 | Calling up the estos ProCall App for Web application | OUT | <ProCallAppforWebClient-Host>:any |
        //  *.procall.de:443 | TCP |"
        assertRule(m, "webclient-app", "webclient", "procall-web", "tcp 443", false);
        // "4 | Media stream between UC Media Server ... | OUT | <UCServer-Host>:any | *.ucconnect.de:3478 | UDP |"
        assertRule(m, "ucserver-stun-turn", "ucserver", "ucconnect", "udp 3478", false);
        // "5 | Media stream between estos ProCall App for Web and estos UCConnect TURN Server ... |
        //  *.ucconnect.de:3478 | UDP"
        assertRule(m, "webclient-stun-turn", "webclient", "ucconnect", "udp 3478", false);
        // "UDP ports from the range 1024 to 65535 are used (all ports with the exception of the well-known ports)."
        assertRule(m, "ice-media", "ucserver", "webclient, ucconnect, other", "udp 1024-65535", true);
        assertEquals(List.of("*.ucconnect.de"), m.role("ucconnect").hostPatterns());
        assertEquals(List.of("*.procall.de"), m.role("procall-web").hostPatterns());
    }

    @Test
    void compliantFlows() {
        assertEquals("ucserver-ucconnect", classify(m, TCP, UCSERVER, 50000, UCCONNECT, 443));
        assertEquals("webclient-ucconnect", classify(m, TCP, WEBCLIENT, 50000, UCCONNECT, 443));
        assertEquals("webclient-stun-turn", classify(m, UDP, WEBCLIENT, 50000, UCCONNECT, 3478));
        // ICE media with the web client's server-reflexive address, either side first
        assertEquals("ice-media", classify(m, UDP, UCSERVER, 50000, INTERNET, 60000));
        assertEquals("ice-media", classify(m, UDP, INTERNET, 60000, UCSERVER, 50000));
    }

    @Test
    void violatingFlows() {
        assertNull(classify(m, TCP, UCSERVER, 50000, UCCONNECT, 80), "UCConnect only on 443");
        assertNull(classify(m, TCP, UCSERVER, 50000, INTERNET, 443), "HTTPS to a host that is not UCConnect");
        assertNull(classify(m, UDP, WEBCLIENT, 50000, UCCONNECT, 3479), "STUN/TURN only on 3478");
        // a well-known source port is outside 1024-65535 in either orientation
        assertNull(classify(m, UDP, INTERNET, 500, UCSERVER, 50000), "media from a well-known port");
        assertNull(classify(m, TCP, INTERNET, 60000, UCSERVER, 50000), "media is UDP only");
    }
}

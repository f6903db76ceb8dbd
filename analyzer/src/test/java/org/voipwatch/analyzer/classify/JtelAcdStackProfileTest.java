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

/** Built-in profile jtel-acd-stack against 000_975c42de7db4ee35.txt. */
class JtelAcdStackProfileTest {
    private static final String STACK = "192.0.2.10";
    private static final String TRUNK = "198.51.100.20";
    private static final String PBX = "10.1.0.7";
    private static final String SUPPORT = "203.0.113.5";
    private static final String INTERNET = "8.8.4.4";
    private static FlowMatrix m;

    @BeforeAll
    static void load() throws Exception {
        m = ProfileAssertions.profile("jtel-acd-stack", "acd-stack=" + STACK, "trunk=198.51.100.0/24",
                "pbx=10.1.0.0/24", "sbc=10.2.0.5", "jtel-support=203.0.113.0/28",
                "registry=2001:db8:d0c::/48");
    }

    @Test
    void keyRulesReadFromTheDocument() {
        // "| 22 | TCP | SSH (system administration) | JTEL support IPs or customer admin network |"
        assertRule(m, "ssh-admin", "jtel-support, admin-net", "acd-stack", "tcp 22", false);
        // "| 5060 | TCP/UDP | SIP signaling (unencrypted) | SIP trunks, PBX, softphones |"
        assertRule(m, "sip", "trunk, pbx, sbc, softphone", "acd-stack", "udp 5060, tcp 5060", false);
        // "| 5061 | TCP | SIP over TLS (encrypted signaling) | SIP trunks, PBX, softphones |"
        assertRule(m, "sips", "trunk, pbx, sbc, softphone", "acd-stack", "tcp 5061", false);
        // "| 30000-34999 | UDP | RTP media streams (voice/audio) | SIP endpoints, media gateways |"
        assertRule(m, "rtp", "trunk, pbx, sbc, softphone", "acd-stack", "udp 30000-34999", true);
        // "| 15060 | TCP/UDP | SBC SIP signaling | External SIP trunks (if SBC is used) |"
        assertRule(m, "sbc-sip", "trunk", "acd-stack", "udp 15060, tcp 15060", false);
        // "| 15000-15059 | UDP | SBC RTP media streams | External SIP endpoints (if SBC is used) |"
        assertRule(m, "sbc-rtp", "trunk, other", "acd-stack", "udp 15000-15059", true);
        // "| haproxy Web | TCP | Any (jtel Support) | Any | acd-stack | 7777 |"
        assertRule(m, "haproxy-admin", "any", "acd-stack", "tcp 7777", false);
        // "bitbucket.org | 22 | SSH | Fetch configuration updates, GitOps workflow |"
        assertRule(m, "git", "acd-stack", "git-repo", "tcp 22", false);
        assertEquals(List.of("bitbucket.org"), m.role("git-repo").hostPatterns());
        // "deb.debian.org, security.debian.org | 80, 443 | HTTP/HTTPS |"
        assertRule(m, "os-updates", "acd-stack", "debian-mirror", "tcp 80, tcp 443", false);
        assertEquals(List.of("deb.debian.org", "security.debian.org"), m.role("debian-mirror").hostPatterns());
        // "dockerhub.jtel.de or jtelacr.azurecr.io | 443 | HTTPS |"
        assertEquals(List.of("dockerhub.jtel.de", "jtelacr.azurecr.io"), m.role("registry").hostPatterns());
        assertEquals(List.of("*.blob.core.windows.net"), m.role("blob-backup").hostPatterns());
    }

    @Test
    void compliantFlows() {
        assertEquals("sip", classify(m, UDP, TRUNK, 5060, STACK, 5060));
        assertEquals("sips", classify(m, TCP, PBX, 50123, STACK, 5061));
        // the stack sends RTP first from its own range to the PBX
        assertEquals("rtp", classify(m, UDP, STACK, 31000, PBX, 40000));
        assertEquals("ssh-admin", classify(m, TCP, SUPPORT, 50000, STACK, 22));
        assertEquals("web-https", classify(m, TCP, INTERNET, 50000, STACK, 443));
        assertEquals("registry", classify(m, TCP, STACK, 50000, "2001:db8:d0c::1", 443));
        assertEquals("sip-out/sip", classify(m, UDP, STACK, 5060, TRUNK, 5060));
    }

    @Test
    void violatingFlows() {
        assertNull(classify(m, TCP, INTERNET, 50000, STACK, 22), "SSH from the internet");
        assertNull(classify(m, UDP, TRUNK, 5060, STACK, 5070), "SIP to an undocumented port");
        assertNull(classify(m, UDP, INTERNET, 5060, STACK, 5060), "SIP from an unknown host");
        assertNull(classify(m, UDP, STACK, 35000, PBX, 40000), "RTP outside 30000-34999");
        assertNull(classify(m, TCP, STACK, 50000, INTERNET, 443), "HTTPS to an undocumented destination");
    }
}

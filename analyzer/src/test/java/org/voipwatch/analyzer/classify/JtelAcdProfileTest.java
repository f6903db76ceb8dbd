package org.voipwatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.voipwatch.analyzer.classify.ProfileAssertions.ICMP;
import static org.voipwatch.analyzer.classify.ProfileAssertions.TCP;
import static org.voipwatch.analyzer.classify.ProfileAssertions.UDP;
import static org.voipwatch.analyzer.classify.ProfileAssertions.assertRule;
import static org.voipwatch.analyzer.classify.ProfileAssertions.classify;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Built-in profile jtel-acd against 001_e2eb8ac08126006e.txt. */
class JtelAcdProfileTest {
    private static final String TEL = "10.10.0.11";
    private static final String DBM = "10.10.0.21";
    private static final String LB = "10.10.0.31";
    private static final String JB = "10.10.0.41";
    private static final String STORE = "10.10.0.51";
    private static final String TRUNK = "198.51.100.9";
    private static final String BI = "10.20.0.5";
    private static final String INTERNET = "203.0.113.50";
    private static FlowMatrix m;

    @BeforeAll
    static void load() throws Exception {
        m = ProfileAssertions.profile("jtel-acd", "acd-tel=" + TEL, "acd-dbm=" + DBM, "acd-lb=" + LB,
                "acd-jb=" + JB, "acd-store=" + STORE, "trunk=198.51.100.0/24", "reporting-users=10.20.0.0/24",
                "jtel-support=2001:db8:5::/48");
    }

    @Test
    void keyRulesReadFromTheDocument() {
        // "SIPTCP / UDPPBX / SBC / SIP TrunkAnyACD-TEL5060SIP communication port for telephony signalling."
        assertRule(m, "tel-sip", "pbx, sbc, trunk", "acd-tel", "udp 5060, tcp 5060", false);
        // "RTPUDPPBX / SBC / SIP TrunkAnyACD-TEL30000-34999RTP communication ports for audio / video data."
        assertRule(m, "tel-rtp", "pbx, sbc, trunk", "acd-tel", "udp 30000-34999", true);
        // "Reporting APITCPAny Reporting API usersAny ACD-LB 3306-3308"
        assertRule(m, "lb-reporting-api", "reporting-users", "acd-lb", "tcp 3306-3308", false);
        // "Samba FileshareTCPAny Reporting API usersAnyACD-STORE445"
        assertRule(m, "store-smb-reporting", "reporting-users", "acd-store", "tcp 445", false);
        // "Hazelcast ClusterTCP ACD-DBM ACD-TEL ACD-JB ACD-CHAT ... 5701 - 5801"
        assertRule(m, "hazelcast", "acd-tel, acd-chat, acd-dbm, acd-jb", "acd-tel, acd-chat, acd-dbm, acd-jb",
                "tcp 5701-5801", false);
        // "ACD.UDP.Daemon.Address ACD.UDP.Daemon.Port UDP WEBSERVER Any TELEPHONY (DAEMON) 20645"
        assertRule(m, "web-daemon", "acd-jb", "acd-tel", "udp 20645", false);
        // "ACD.UDP.Webserver.SenderPort UDP WEBSERVER Any TELEPHONY (DAEMON) 20700"
        assertRule(m, "web-sender", "acd-jb", "acd-tel", "udp 20700", false);
        // "Event generation for APIs UDP Any Any ACD-JB ACD-REST ACD-TEL 20644"
        assertRule(m, "events", "acd-tel, acd-dbm, acd-dbs, acd-dbr, acd-lb, acd-jb, acd-store, acd-chat, acd-rest",
                "acd-jb, acd-rest, acd-tel", "udp 20644", false);
        // "pcs Cluster UDP ... 5404" and "... 5405"
        assertRule(m, "corosync", "acd-lb, acd-store", "acd-lb, acd-store", "udp 5404-5405", false);
        // "Remote Access TCP + UDP jtel Support Any All Windows 3389"
        assertRule(m, "rdp", "jtel-support", "windows-server", "tcp 3389, udp 3389", false);
        // "REST Service Access TCP ACD-LB Any ACD-REST 8091"
        assertRule(m, "rest", "acd-lb", "acd-rest", "tcp 8091", false);
    }

    @Test
    void compliantFlows() {
        assertEquals("tel-sip", classify(m, UDP, TRUNK, 5060, TEL, 5060));
        assertEquals("tel-rtp", classify(m, UDP, TEL, 30002, TRUNK, 20000));
        assertEquals("web-daemon", classify(m, UDP, JB, 40000, TEL, 20645));
        assertEquals("events", classify(m, UDP, DBM, 40000, JB, 20644));
        assertEquals("web-backend", classify(m, TCP, LB, 40000, JB, 8080));
        assertEquals("lb-reporting-api", classify(m, TCP, BI, 40000, LB, 3307));
        assertEquals("store-smb", classify(m, TCP, TEL, 40000, STORE, 445));
        assertEquals("ssh", classify(m, TCP, "2001:db8:5::9", 40000, DBM, 22));
        assertEquals("tel-icmp-out", classify(m, ICMP, TEL, 0, JB, 0));
    }

    @Test
    void violatingFlows() {
        assertNull(classify(m, UDP, INTERNET, 40000, TEL, 20645), "daemon port from outside the solution");
        assertNull(classify(m, TCP, INTERNET, 40000, LB, 3307), "reporting DB from a non-reporting host");
        assertNull(classify(m, TCP, INTERNET, 40000, DBM, 22), "SSH from outside jtel support");
        assertNull(classify(m, TCP, JB, 40000, TEL, 8080), "8080 is the web server's port, not telephony's");
        assertNull(classify(m, UDP, TRUNK, 5060, JB, 5060), "SIP to the web server");
    }
}

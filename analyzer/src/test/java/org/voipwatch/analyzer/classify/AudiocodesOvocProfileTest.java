package org.voipwatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.voipwatch.analyzer.classify.ProfileAssertions.TCP;
import static org.voipwatch.analyzer.classify.ProfileAssertions.UDP;
import static org.voipwatch.analyzer.classify.ProfileAssertions.assertRule;
import static org.voipwatch.analyzer.classify.ProfileAssertions.classify;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Built-in profile audiocodes-ovoc against 004_ddc1534dbd782c49.txt. */
class AudiocodesOvocProfileTest {
    private static final String OVOC = "2001:db8:0:10::5";
    private static final String DEVICE = "10.30.0.4";
    private static final String PHONE = "10.40.1.9";
    private static final String SYSLOG = "10.0.9.9";
    private static final String INTERNET = "198.51.100.33";
    private static FlowMatrix m;

    @BeforeAll
    static void load() throws Exception {
        m = ProfileAssertions.profile("audiocodes-ovoc", "ovoc=2001:db8:0:10::/64", "device=10.30.0.0/24",
                "endpoint=10.40.0.0/16", "syslog-server=" + SYSLOG, "client=10.60.0.0/24");
    }

    @Test
    void keyRulesReadFromTheDocument() {
        // "Device <-> ... server (SNMP) | UDP | 162 | SNMP trap listening port ... Initiator: AudioCodes device"
        assertRule(m, "device-snmp-trap", "device", "ovoc", "udp 162", false);
        // "UDP | 1161 | Keep-alive - SNMP trap listening port ... Initiator: AudioCodes device"
        assertRule(m, "device-snmp-keepalive", "device", "ovoc", "udp 1161", false);
        // "UDP | 161 | SNMP Trap Manager port on the device ... Initiator: ... portal server | MG side"
        assertRule(m, "ovoc-snmp", "ovoc", "device", "udp 161", false);
        // "Media Gateways <-> Voice Quality Package | TCP | 5000 | ... Initiator: Media Gateway"
        assertRule(m, "device-vq", "device", "ovoc", "tcp 5000", false);
        // "TCP (TLS) | 5001 | XML based TLS secured communication ..."
        assertRule(m, "device-vq-tls", "device", "ovoc", "tcp 5001", false);
        // "... server <-> Syslog Server | TCP | 514 | Trap Forwarding to Syslog server."
        assertRule(m, "ovoc-syslog", "ovoc", "syslog-server", "tcp 514", false);
        // "OVOC server <-> Debug Recording Server | UDP | 925 |"
        assertRule(m, "ovoc-debug-recording", "ovoc", "debug-recording", "udp 925", false);
        // "WebSocket Client <-> ... server | TCP (HTTP) | 915 |"
        assertRule(m, "client-websocket", "client", "ovoc", "tcp 915", false);
        // "Voice Quality Package <-> Endpoints (RFC 6035 ) | UDP | 5060 | ... Initiator: Endpoint"
        assertRule(m, "endpoint-sip-publish", "endpoint", "ovoc", "udp 5060", false);
    }

    @Test
    void compliantFlows() {
        assertEquals("device-snmp-trap", classify(m, UDP, DEVICE, 40000, OVOC, 162));
        assertEquals("ovoc-snmp", classify(m, UDP, OVOC, 40000, DEVICE, 161));
        assertEquals("device-ntp", classify(m, UDP, DEVICE, 123, OVOC, 123));
        assertEquals("ovoc-https", classify(m, TCP, OVOC, 40000, DEVICE, 443));
        assertEquals("endpoint-sip-publish", classify(m, UDP, PHONE, 5060, OVOC, 5060));
        assertEquals("ovoc-syslog", classify(m, TCP, OVOC, 40000, SYSLOG, 514));
        assertEquals("client-https", classify(m, TCP, "10.60.0.8", 40000, OVOC, 443));
    }

    @Test
    void violatingFlows() {
        assertNull(classify(m, UDP, OVOC, 40000, DEVICE, 162), "traps flow from the device, not to it");
        assertNull(classify(m, UDP, DEVICE, 40000, OVOC, 161), "161 is the device's port");
        assertNull(classify(m, UDP, OVOC, 40000, SYSLOG, 514), "syslog is TCP in the document");
        assertNull(classify(m, TCP, INTERNET, 40000, OVOC, 443), "portal HTTPS from an unknown client");
        assertNull(classify(m, UDP, PHONE, 5060, DEVICE, 5060), "SIP PUBLISH goes to the SEM server only");
    }
}

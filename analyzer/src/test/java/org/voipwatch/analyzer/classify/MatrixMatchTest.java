package org.voipwatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.util.IpAddresses;

/** --bind parsing and the match semantics of a loaded matrix (initiator/responder, media, any/other, IPv6). */
class MatrixMatchTest {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;

    private static final String YAML = ""
            + "name: m\n"
            + "roles: {pbx: {}, sbc: {}, trunk: {}, turn: {}}\n"
            + "services:\n"
            + "  sip: {app: sip, ports: [\"udp 5060\", \"tcp 5060\"]}\n"
            + "  rtp: {app: rtp, ports: [\"udp 30000-34999\"]}\n"
            + "  stun: {app: stun, ports: [\"udp 3478\"]}\n"
            + "  ping: {app: icmp, ports: [icmp]}\n"
            + "  https: {app: https, ports: [\"tcp 443\"]}\n"
            + "rules:\n"
            + "  - {id: trunk-sip, from: trunk, to: sbc, service: sip}\n"
            + "  - {id: sbc-pbx-rtp, from: sbc, to: pbx, service: rtp, media: true}\n"
            + "  - {id: any-turn, from: any, to: turn, service: stun}\n"
            + "  - {id: ping-pbx, from: sbc, to: pbx, service: ping}\n"
            + "  - {id: web, from: other, to: pbx, service: https}\n";

    private static final List<String> BINDS = List.of("pbx=10.0.10.0/24,2001:db8:10::/64", "sbc=10.0.20.1",
            "trunk=198.51.100.0/24", "turn=2001:db8:40::/48");

    private static FlowMatrix matrix(List<String> binds) throws MatrixException {
        return MatrixLoader.load("m.yaml", new StringReader(YAML), binds);
    }

    private static long[] ip(String text) {
        return IpAddresses.parse(text);
    }

    private static String match(FlowMatrix m, int proto, String init, int initPort, String resp, int respPort) {
        long[] a = ip(init);
        long[] b = ip(resp);
        int i = m.match(proto, a[0], a[1], initPort, b[0], b[1], respPort);
        return i == FlowMatrix.NO_RULE ? null : m.rule(i).id();
    }

    @Test
    void bindingsResolveRolesIncludingIpv6() throws Exception {
        FlowMatrix m = matrix(BINDS);
        long[] inV6 = ip("2001:db8:10::5");
        long[] outV6 = ip("2001:db8:11::5");
        long[] sbc = ip("10.0.20.1");
        long[] sbcNeighbour = ip("10.0.20.2");
        assertEquals(m.role("pbx").bit(), m.rolesOf(inV6[0], inV6[1]));
        assertEquals(FlowMatrix.OTHER_BIT, m.rolesOf(outV6[0], outV6[1]));
        assertEquals(m.role("sbc").bit(), m.rolesOf(sbc[0], sbc[1]));   // a bare address is a /32
        assertEquals(FlowMatrix.OTHER_BIT, m.rolesOf(sbcNeighbour[0], sbcNeighbour[1]));
        assertEquals("[10.0.10.0/24, 2001:db8:10::/64]", m.role("pbx").blocks().toString());
    }

    @Test
    void initiatorAndResponderAreNotInterchangeableForSignalling() throws Exception {
        FlowMatrix m = matrix(BINDS);
        assertEquals("trunk-sip", match(m, UDP, "198.51.100.7", 5060, "10.0.20.1", 5060));
        assertEquals("trunk-sip", match(m, TCP, "198.51.100.7", 41000, "10.0.20.1", 5060));
        // the SBC opening towards the trunk is not documented
        assertEquals(null, match(m, UDP, "10.0.20.1", 5060, "198.51.100.7", 5060));
        // right roles, wrong port / transport
        assertEquals(null, match(m, UDP, "198.51.100.7", 5060, "10.0.20.1", 5061));
        assertEquals(null, match(m, 132, "198.51.100.7", 5060, "10.0.20.1", 5060));
    }

    @Test
    void mediaMatchesEitherOrientationWithTheRangeOnTheToSide() throws Exception {
        FlowMatrix m = matrix(BINDS);
        assertEquals("sbc-pbx-rtp", match(m, UDP, "10.0.20.1", 12000, "10.0.10.5", 30000));
        // the PBX sends first: reverse orientation, the PBX's own port must be in the range
        assertEquals("sbc-pbx-rtp", match(m, UDP, "10.0.10.5", 34999, "10.0.20.1", 12000));
        assertEquals(null, match(m, UDP, "10.0.10.5", 35000, "10.0.20.1", 12000));
        assertEquals(null, match(m, UDP, "10.0.20.1", 12000, "10.0.10.5", 29999));
    }

    @Test
    void anyIncludesUnboundAddressesAndOtherMeansOnlyThose() throws Exception {
        FlowMatrix m = matrix(BINDS);
        assertEquals("any-turn", match(m, UDP, "203.0.113.9", 50000, "2001:db8:40:1::1", 3478));
        assertEquals("any-turn", match(m, UDP, "10.0.10.5", 50000, "2001:db8:40::1", 3478));
        assertEquals("web", match(m, TCP, "203.0.113.9", 50000, "10.0.10.5", 443));
        // a bound role is not "other"
        assertEquals(null, match(m, TCP, "10.0.20.1", 50000, "10.0.10.5", 443));
    }

    @Test
    void icmpIgnoresPortsForBothFamilies() throws Exception {
        FlowMatrix m = matrix(BINDS);
        assertEquals("ping-pbx", match(m, ICMP, "10.0.20.1", 0, "10.0.10.5", 0));
        assertEquals(null, match(m, ICMP, "10.0.10.5", 0, "10.0.20.1", 0));
        FlowMatrix v6 = matrix(List.of("sbc=2001:db8:20::/64", "pbx=2001:db8:10::/64"));
        assertEquals("ping-pbx", match(v6, ICMPV6, "2001:db8:20::1", 0, "2001:db8:10::1", 0));
    }

    @Test
    void bindingsAddToEachOtherAndRoleNamesAreCaseInsensitive() throws Exception {
        FlowMatrix m = matrix(List.of("PBX=10.0.10.0/24", "pbx=10.0.11.0/24"));
        assertEquals("[10.0.10.0/24, 10.0.11.0/24]", m.role("pbx").blocks().toString());
    }

    @Test
    void badBindValues() {
        assertEquals("--bind pbx: expected ROLE=CIDR[,CIDR...]", bindError("pbx"));
        assertEquals("--bind =10.0.0.1: expected ROLE=CIDR[,CIDR...]", bindError("=10.0.0.1"));
        assertEquals("--bind pbx=: expected ROLE=CIDR[,CIDR...]", bindError("pbx="));
        assertEquals("--bind pbxx=10.0.0.1: unknown role 'pbxx' (known: pbx, sbc, trunk, turn)",
                bindError("pbxx=10.0.0.1"));
        assertEquals("--bind pbx=198.51.100.0/24,2001:db8::/129: '2001:db8::/129' is not an IPv4/IPv6 address"
                + " or CIDR", bindError("pbx=198.51.100.0/24,2001:db8::/129"));
        assertEquals("--bind pbx=10.0.0.1,,10.0.0.2: empty address in the list", bindError("pbx=10.0.0.1,,10.0.0.2"));
        assertEquals("--bind pbx=10.0.0.256: '10.0.0.256' is not an IPv4/IPv6 address or CIDR",
                bindError("pbx=10.0.0.256"));
    }

    private static String bindError(String value) {
        return assertThrows(MatrixException.class, () -> matrix(List.of(value))).getMessage();
    }
}

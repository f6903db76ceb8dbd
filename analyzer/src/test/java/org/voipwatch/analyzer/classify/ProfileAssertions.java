package org.voipwatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.voipwatch.analyzer.util.IpAddresses;

/** Shared checks for the built-in profile tests. */
final class ProfileAssertions {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;

    private ProfileAssertions() {
    }

    static FlowMatrix profile(String name, String... binds) throws MatrixException {
        return MatrixLoader.loadNamed(name, List.of(binds));
    }

    /** Asserts a rule's roles, ports text and media flag as read from the vendor document. */
    static void assertRule(FlowMatrix m, String id, String from, String to, String ports, boolean media) {
        int i = m.ruleIndex(id);
        assertNotEquals(FlowMatrix.NO_RULE, i, "rule " + id + " missing");
        Rule r = m.rule(i);
        assertEquals(from, r.fromText(), id + " from");
        assertEquals(to, r.toText(), id + " to");
        assertEquals(ports, r.service().portsText(), id + " ports");
        assertEquals(media, r.media(), id + " media");
    }

    /** The id of the first rule a flow matches, or null when it is a violation. */
    static String classify(FlowMatrix m, int proto, String init, int initPort, String resp, int respPort) {
        long[] a = IpAddresses.parse(init);
        long[] b = IpAddresses.parse(resp);
        int i = m.match(proto, a[0], a[1], initPort, b[0], b[1], respPort);
        return i == FlowMatrix.NO_RULE ? null : m.rule(i).id();
    }
}

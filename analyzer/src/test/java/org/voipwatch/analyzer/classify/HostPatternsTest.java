package org.voipwatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host-name patterns as docs/matrix.md defines them: exact names, "*." = one or more labels, no apex. */
class HostPatternsTest {
    private static FlowMatrix matrix() throws MatrixException {
        String yaml = String.join("\n",
                "name: t",
                "roles:",
                "  uc: {hosts: ['*.ucconnect.de', 'sip.partner.example']}",
                "  blob: {hosts: ['*.blob.core.windows.net']}",
                "  hub: {hosts: ['DockerHub.jtel.de']}",
                "  none: {}",
                "services: {}",
                "rules: []");
        return MatrixLoader.load("t.yaml", new StringReader(yaml), List.of());
    }

    @Test
    void wildcardMatchesOneOrMoreLabelsButNotTheApex() throws Exception {
        FlowMatrix m = matrix();
        HostPatterns p = HostPatterns.of(m);
        long uc = m.role("uc").bit();
        assertEquals(4, p.size());
        assertEquals(uc, p.match("a.ucconnect.de"));
        assertEquals(uc, p.match("a.b.c.ucconnect.de"));
        assertEquals(0, p.match("ucconnect.de"));
        assertEquals(0, p.match("xucconnect.de"));
        assertEquals(0, p.match("a.ucconnect.de.evil.example"));
        assertEquals(m.role("blob").bit(), p.match("jtelacd.blob.core.windows.net"));
    }

    @Test
    void exactNamesAreCaseInsensitiveAndIgnoreATrailingDot() throws Exception {
        FlowMatrix m = matrix();
        HostPatterns p = HostPatterns.of(m);
        assertEquals(m.role("hub").bit(), p.match("dockerhub.jtel.de"));
        assertEquals(m.role("hub").bit(), p.match("DOCKERHUB.JTEL.DE."));
        assertEquals(0, p.match("x.dockerhub.jtel.de"));
        assertEquals(m.role("uc").bit(), p.match("sip.partner.example"));
        assertEquals(0, p.match("partner.example"));
        assertEquals(0, p.match(""));
    }

    @Test
    void matrixWithoutHostsHasNoPatterns() throws Exception {
        assertTrue(matrix().hasHostPatterns());
        FlowMatrix plain = new FlowMatrix.Builder("p").role("a", "").build();
        assertFalse(plain.hasHostPatterns());
        assertTrue(HostPatterns.of(plain).isEmpty());
    }

    @Test
    void learnedRolesReplaceOtherAndAddToBoundRoles() throws Exception {
        FlowMatrix m = new FlowMatrix.Builder("b").role("pbx", "").role("uc", "").bind("pbx", "10.0.0.0/8").build();
        long[] v4 = org.voipwatch.analyzer.util.IpAddresses.parse("10.1.2.3");
        long[] out = org.voipwatch.analyzer.util.IpAddresses.parse("192.0.2.1");
        DynamicRoles learned = (hi, lo) -> m.role("uc").bit();
        assertEquals(FlowMatrix.OTHER_BIT, m.rolesOf(out[0], out[1], null));
        assertEquals(m.role("uc").bit(), m.rolesOf(out[0], out[1], learned));
        assertEquals(m.role("uc").bit() | m.role("pbx").bit(), m.rolesOf(v4[0], v4[1], learned));
        assertEquals(FlowMatrix.OTHER_BIT, m.rolesOf(out[0], out[1], (hi, lo) -> 0));
    }
}

package org.voipwatch.analyzer.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The text table of {@code matrix show}, compared with a hand-aligned expectation. */
class MatrixTableTest {

    @Test
    void rendersRulesThenRoles() throws Exception {
        String yaml = ""
                + "name: tbl\n"
                + "description: two roles\n"
                + "roles:\n"
                + "  pbx: {description: Telephony server}\n"
                + "  trunk: {description: SIP trunk, hosts: [\"*.sip.example.net\"]}\n"
                + "services:\n"
                + "  sip: {app: sip, ports: [\"udp 5060\", \"tcp 5060\"]}\n"
                + "  rtp: {app: rtp, ports: [\"udp 30000-34999\"]}\n"
                + "rules:\n"
                + "  - {id: sip-in, from: trunk, to: pbx, service: sip, purpose: SIP from trunk,"
                + " source: \"doc.txt, row SIP\"}\n"
                + "  - {id: rtp, from: [trunk, other], to: pbx, service: rtp, media: true, purpose: Media}\n";
        FlowMatrix m = MatrixLoader.load("tbl.yaml", new StringReader(yaml), List.of("pbx=10.0.0.0/24"));
        StringBuilder out = new StringBuilder();
        MatrixTable.render(m, out);
        String expected = """
                matrix tbl: two roles

                id      from -> to           ports               app  media  purpose         source
                sip-in  trunk -> pbx         udp 5060, tcp 5060  sip         SIP from trunk  doc.txt, row SIP
                rtp     trunk, other -> pbx  udp 30000-34999     rtp  media  Media
                2 rules

                role   bound to     hosts              description
                pbx    10.0.0.0/24                     Telephony server
                trunk  (unbound)    *.sip.example.net  SIP trunk
                """;
        assertEquals(expected, out.toString());
    }
}

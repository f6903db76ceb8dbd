package org.voipwatch.analyzer.protocol.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.protocol.sip.SipMessage;
import org.voipwatch.analyzer.protocol.sip.SipStatus;
import org.voipwatch.analyzer.testutil.CaptureWalk;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Manifest;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * SDP bodies of the UDP SIP captures against MANIFEST.tsv (tshark 4.0.17's view): the number of packets carrying
 * SDP ({@code sdp}) and the number of distinct media endpoints, c= address and m= port ({@code sdp_media_endpoints}).
 */
class SdpCorpusTest {

    @Test
    void sdpPacketsAndEndpointsMatchManifest() throws IOException {
        Path root = Captures.sharedPcaps();
        Assumptions.assumeTrue(root != null, "shared/pcaps corpus not found above the working directory: skipped");
        List<String> compared = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (Map<String, String> row : Manifest.rows(root).values()) {
            Path capture = root.resolve(row.get("corpus_path"));
            if ("0".equals(row.get("sdp")) || !"0".equals(row.get("sip_over_tcp"))
                    || !"0".equals(row.get("sip_over_sctp")) || !"0".equals(row.get("ip_fragments"))
                    || !row.get("tshark_decode_as").isEmpty() || !Files.exists(capture)
                    || !CaptureWalk.readable(capture)) {
                continue;
            }
            SipMessage m = new SipMessage();
            SdpMessage parser = new SdpMessage();
            SdpSession s = new SdpSession();
            int[] sdpPackets = {0};
            Set<String> endpoints = new HashSet<>();
            CaptureWalk.udp(capture, (ns, f, off, len, src, sp, dst, dp) -> {
                if (!SipMessage.looksLikeSip(f, off, len)) {
                    return;
                }
                int rc = m.wrap(f, off, len);
                // a framed message with a header anomaly (e.g. two To headers) still carries a usable body
                if (!SipStatus.isFramed(rc) || !m.isSdp() || m.bodyLength() == 0) {
                    return;
                }
                sdpPackets[0]++;
                parser.parse(f, m.bodyOffset(), m.bodyLength(), s);
                for (int k = 0; k < s.mediaCount(); k++) {
                    endpoints.add(IpAddresses.format(s.addressHi(k), s.addressLo(k)) + " " + s.port(k));
                }
            });
            String id = row.get("corpus_path");
            compared.add(id);
            String want = "sdp=" + row.get("sdp") + " endpoints=" + row.get("sdp_media_endpoints");
            String got = "sdp=" + sdpPackets[0] + " endpoints=" + endpoints.size();
            if (!want.equals(got)) {
                mismatches.add(id + ": manifest " + want + " ours " + got + " " + endpoints);
            }
        }
        System.out.println("SdpCorpusTest compared: " + compared.size());
        assertTrue(compared.size() >= 15, "expected at least 15 captures with SDP, got " + compared);
        assertEquals(List.of(), mismatches);
    }
}

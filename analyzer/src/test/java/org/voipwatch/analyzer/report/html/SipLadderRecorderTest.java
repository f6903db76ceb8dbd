package org.voipwatch.analyzer.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.protocol.sip.SipMethod;
import org.voipwatch.analyzer.report.html.SipLadderRecorder.LadderCall;
import org.voipwatch.analyzer.report.html.SipLadderRecorder.LadderMessage;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.analyzer.testutil.Scenarios;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * The ladder recorder on the scenario captures, against the facts in each scenario's README (tshark's
 * {@code sip,stat}): which messages, in which order, which are retransmissions; and its bounds.
 */
class SipLadderRecorderTest {
    @TempDir
    Path tmp;

    @Test
    void demoSiteRecordsBothCallsInOrder() throws Exception {
        SipLadderRecorder l = ReportRun.of(ReportRun.scenario("demo-site")).ladder;
        // README: 14 SIP messages, 2 calls (A from 127.0.20.1, B from 127.0.20.2), none resent
        assertEquals(14, l.sipMessages());
        assertEquals(2, l.calls().size());
        List<String> expected = List.of("INVITE", "100", "180", "200", "ACK", "BYE", "200");
        String[] callers = {"127.0.20.1:5060", "127.0.20.2:5060"};
        for (int i = 0; i < 2; i++) {
            LadderCall c = l.calls().get(i);
            assertEquals(expected, kinds(c), c.callId);
            LadderMessage invite = c.messages.get(0);
            assertEquals(callers[i], HtmlReport.endpoint(invite.srcHi, invite.srcLo, invite.srcPort));
            assertEquals("sbc", invite.srcRole);
            assertEquals("pbx", invite.dstRole);
            assertTrue(invite.sdp.contains("m=audio " + (i == 0 ? 32000 : 32010)), invite.sdp);
            assertTrue(c.messages.get(3).sdp.contains("m=audio " + (i == 0 ? 30000 : 30010)), "200 OK answer");
            assertEquals(SipMethod.BYE, c.messages.get(6).cseqMethod);
            assertNull(c.messages.get(1).sdp);
            assertFalse(c.messages.stream().anyMatch(m -> m.retransmission));
        }
        // README: call B starts 1.06 s after call A
        long gapMs = (l.calls().get(1).firstNs - l.calls().get(0).firstNs) / 1_000_000;
        assertTrue(gapMs >= 1050 && gapMs <= 1065, "gap " + gapMs);
    }

    @Test
    void sipBlockedMarksTheFourResentInvites() throws Exception {
        SipLadderRecorder l = ReportRun.of(ReportRun.scenario("sip-blocked")).ladder;
        // README / tshark sip,stat: 5 messages, 4 resent, all INVITE, no responses
        assertEquals(1, l.calls().size());
        List<LadderMessage> ms = l.calls().get(0).messages;
        assertEquals(5, ms.size());
        assertFalse(ms.get(0).retransmission);
        for (int i = 1; i < 5; i++) {
            assertTrue(ms.get(i).retransmission, "message " + i);
            assertEquals(ms.get(0).firstLine, ms.get(i).firstLine);
        }
    }

    @Test
    void onlyInviteDialogsTakeASlot() throws Exception {
        // tcp-blocked has no SIP at all; the five-event scenario has OPTIONS and an INVITE with no Call-ID
        assertEquals(0, ReportRun.of(ReportRun.scenario("tcp-blocked")).ladder.calls().size());
        Path cap = Scenarios.fiveEvents(tmp.resolve("five.pcap"), 0);
        assertEquals(0, ReportRun.of(cap).ladder.calls().size());
    }

    @Test
    void boundsAreCountedNotExceeded() {
        // 4 INVITE dialogs of 5 transactions each, fed straight to a recorder bounded at 2 calls × 3 messages
        SipLadderRecorder small = new SipLadderRecorder(null, 2, 3);
        DecodedPacket p = new DecodedPacket();
        for (int call = 0; call < 4; call++) {
            for (int cseq = 1; cseq <= 5; cseq++) {
                byte[] sip = ("INVITE sip:b@127.0.10.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.20.1;branch=z" + cseq
                        + "\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\nCall-ID: call-" + call + "\r\nCSeq: " + cseq
                        + " INVITE\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                p.clear();
                p.timestampNs = Scenarios.T0 + (call * 10 + cseq) * Scenarios.MS;
                p.ipProtocol = 17;
                p.srcLo = IpAddresses.v4Lo(Frames.ip("127.0.20.1"));
                p.dstLo = IpAddresses.v4Lo(Frames.ip("127.0.10.1"));
                p.srcPort = 5060;
                p.dstPort = 5060;
                p.buffer = sip;
                p.payloadOffset = 0;
                p.payloadLength = sip.length;
                small.onPacket(p, ProtocolClass.SIP, -1, true);
            }
        }
        assertEquals(0, small.sipMalformed());
        assertEquals(20, small.sipMessages());
        assertEquals(2, small.calls().size());
        assertEquals("call-0", small.calls().get(0).callId);
        assertEquals(3, small.calls().get(0).messages.size());
        assertEquals(2, small.calls().get(0).messagesDropped);
        assertEquals(4, small.messagesDropped());
        assertEquals(2, small.callsNotRecorded());
        assertFalse(small.callsNotRecordedIsLowerBound());
        // different CSeq = new transactions, not retransmissions
        assertFalse(small.calls().get(1).messages.stream().anyMatch(m -> m.retransmission));
    }

    private static List<String> kinds(LadderCall c) {
        List<String> out = new ArrayList<>();
        for (LadderMessage m : c.messages) {
            out.add(m.request ? SipMethod.name(m.cseqMethod) : String.valueOf(m.statusCode));
        }
        return out;
    }
}

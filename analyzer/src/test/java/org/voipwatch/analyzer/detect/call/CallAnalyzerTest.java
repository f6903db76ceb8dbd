package org.voipwatch.analyzer.detect.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voipwatch.analyzer.detect.call.CallFrames.CALLEE;
import static org.voipwatch.analyzer.detect.call.CallFrames.CALLEE_RTP;
import static org.voipwatch.analyzer.detect.call.CallFrames.CALLER;
import static org.voipwatch.analyzer.detect.call.CallFrames.CALLER_RTP;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.FlatJson;

/**
 * Calls built by hand (SIP over UDP/TCP with SDP, RTP every 20 ms) through the whole analyze command with the demo
 * matrix (sbc 127.0.20.0/24 to pbx 127.0.10.0/24, SIP udp/tcp 5060, RTP udp 30000-34999 on the pbx side). What
 * must happen follows from the frames written and the default 5 s grace period after the answer.
 */
class CallAnalyzerTest {
    private static final long ANSWER_MS = 3; // CallFrames.answeredCall: 200 OK at +3 ms

    @TempDir
    Path tmp;

    private List<Map<String, Object>> analyze(CallFrames call, String... extra) throws Exception {
        Path pcap = Captures.write(tmp.resolve("call.pcap"), call.sorted());
        Path events = tmp.resolve("events.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("analyze", pcap.toString(), "--matrix",
                Captures.repoRoot().resolve("examples/demo-matrix.yaml").toString(), "--events", events.toString(),
                "--quiet"));
        args.addAll(List.of(extra));
        int code = Main.run(args, ps, ps);
        assertTrue(code == 0 || code == 1, "analyze failed: " + out);
        List<Map<String, Object>> list = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            list.add(FlatJson.parse(line));
        }
        return list;
    }

    private static List<Map<String, Object>> ofType(List<Map<String, Object>> events, String type) {
        return events.stream().filter(e -> type.equals(e.get("type"))).collect(Collectors.toList());
    }

    private static long ms(Map<String, Object> e) {
        Instant t = Instant.parse((String) e.get("time"));
        long ns = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        return (ns - CallFrames.T0) / CallFrames.MS;
    }

    private static Map<String, Object> only(List<Map<String, Object>> events, String type) {
        List<Map<String, Object>> l = ofType(events, type);
        assertEquals(1, l.size(), type + " events: " + l + "\nall: " + events);
        return l.get(0);
    }

    @Test
    void twoWayCallRaisesNothingAndSummarisesOk() throws Exception {
        CallFrames c = new CallFrames("two-way@test").answeredCall(0, CALLEE_RTP);
        c.callerMedia(10, 10_000).calleeMedia(12, 10_000).bye(10_010);
        List<Map<String, Object>> ev = analyze(c);
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
        assertEquals(List.of(), ofType(ev, "no_audio"));
        assertEquals(List.of(), ofType(ev, "wrong_port_media"));
        assertEquals(List.of(), ofType(ev, "blocked_flow"));
        Map<String, Object> s = only(ev, "call_summary");
        assertEquals("ok", s.get("verdict"));
        assertEquals("info", s.get("severity"));
        assertEquals("two-way@test", s.get("callId"));
        assertEquals(CALLER, s.get("src"));
        assertEquals(CALLEE, s.get("dst"));
        assertEquals("alice", s.get("callerUser"));
        assertEquals("bob", s.get("calleeUser"));
        assertEquals(200L, s.get("finalStatus"));
        assertEquals(3L, s.get("setupMs"));
        assertEquals(2L, s.get("postDialDelayMs"));
        assertEquals(10_007L, s.get("durationMs")); // BYE at 10010 ms, answer at 3 ms
        // (10000-10)/20 = 499.5 -> 500 packets from 10 ms, 500 from 12 ms; none lost
        assertTrue(((String) s.get("callerToCallee")).contains("\"packets\":500,\"lost\":0"), s.toString());
        assertTrue(((String) s.get("calleeToCaller")).contains("\"packets\":500,\"lost\":0"), s.toString());
    }

    @Test
    void oneWayCallRaisesOnceDuringTheCallNamingTheHeardAndSilentDirections() throws Exception {
        CallFrames c = new CallFrames("one-way@test").answeredCall(0, CALLEE_RTP);
        c.callerMedia(10, 20_000).bye(20_010);
        List<Map<String, Object>> ev = analyze(c);
        Map<String, Object> e = only(ev, "one_way_audio");
        assertEquals("critical", e.get("severity"));
        assertEquals(CALLER, e.get("src"));
        assertEquals((long) CALLER_RTP, e.get("sport"));
        assertEquals(CALLEE, e.get("dst"));
        assertEquals((long) CALLEE_RTP, e.get("dport"));
        assertEquals(CALLEE, e.get("silentSrc"));
        assertEquals((long) CALLEE_RTP, e.get("silentSport"));
        assertEquals(CALLER, e.get("silentDst"));
        assertEquals((long) CALLER_RTP, e.get("silentDport"));
        assertEquals("sbc-pbx-rtp", e.get("rule"));
        assertEquals("one-way@test", e.get("callId"));
        long t = ms(e);
        assertTrue(t >= ANSWER_MS + 5000 && t < 20_010, "raised during the call after the grace period: " + t);
        Map<String, Object> s = only(ev, "call_summary");
        assertEquals("one_way_audio", s.get("verdict"));
        assertEquals("warning", s.get("severity"));
    }

    @Test
    void answeredCallWithoutAnyRtpIsNoAudio() throws Exception {
        CallFrames c = new CallFrames("silent@test").answeredCall(0, CALLEE_RTP).bye(15_000);
        List<Map<String, Object>> ev = analyze(c);
        Map<String, Object> e = only(ev, "no_audio");
        assertEquals("critical", e.get("severity"));
        assertTrue(ms(e) >= 5003 && ms(e) < 15_000, "during the call: " + ms(e));
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
        assertEquals("no_audio", only(ev, "call_summary").get("verdict"));
    }

    @Test
    void holdThenResumeByReInviteRaisesNothing() throws Exception {
        CallFrames c = new CallFrames("hold@test").answeredCall(0, CALLEE_RTP);
        c.callerMedia(10, 1000).calleeMedia(12, 1000);
        // caller puts the call on hold (sendonly), callee accepts (recvonly): music on hold one way for 12 s
        c.fromCaller(1000, c.request("INVITE", 2, true, CallFrames.sdp(CALLER, CALLER_RTP, "sendonly")));
        c.fromCallee(1002, c.response(200, "OK", "INVITE", 2, true, CallFrames.sdp(CALLEE, CALLEE_RTP, "recvonly")));
        c.fromCaller(1003, c.request("ACK", 2, true, null));
        c.media(CALLER, CALLER_RTP, CALLEE, CALLEE_RTP, 0x3333, 1010, 13_000);
        // resume: both send again
        c.fromCaller(13_000, c.request("INVITE", 3, true, CallFrames.sdp(CALLER, CALLER_RTP, "sendrecv")));
        c.fromCallee(13_002, c.response(200, "OK", "INVITE", 3, true, CallFrames.sdp(CALLEE, CALLEE_RTP, "sendrecv")));
        c.fromCaller(13_003, c.request("ACK", 3, true, null));
        c.media(CALLER, CALLER_RTP, CALLEE, CALLEE_RTP, 0x4444, 13_010, 25_000);
        c.media(CALLEE, CALLEE_RTP, CALLER, CALLER_RTP, 0x5555, 13_020, 25_000);
        c.cseq = 3;
        c.bye(25_000);
        List<Map<String, Object>> ev = analyze(c);
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
        assertEquals(List.of(), ofType(ev, "no_audio"));
        assertEquals("ok", only(ev, "call_summary").get("verdict"));
    }

    @Test
    void holdWithZeroAddressRaisesNothing() throws Exception {
        CallFrames c = new CallFrames("hold0@test").answeredCall(0, CALLEE_RTP);
        c.callerMedia(10, 1000).calleeMedia(12, 1000);
        c.fromCaller(1000, c.request("INVITE", 2, true, CallFrames.sdp("0.0.0.0", CALLER_RTP, null)));
        c.fromCallee(1002, c.response(200, "OK", "INVITE", 2, true, CallFrames.sdp(CALLEE, CALLEE_RTP, null)));
        c.fromCaller(1003, c.request("ACK", 2, true, null));
        c.media(CALLEE, CALLEE_RTP, CALLER, CALLER_RTP, 0x6666, 1010, 12_000);
        c.cseq = 2;
        c.bye(12_000);
        List<Map<String, Object>> ev = analyze(c);
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
        assertEquals(List.of(), ofType(ev, "no_audio"));
    }

    @Test
    void callEndingInsideTheGracePeriodRaisesNothing() throws Exception {
        CallFrames c = new CallFrames("short@test").answeredCall(0, CALLEE_RTP);
        c.callerMedia(10, 4000).bye(4000);
        // a later unrelated packet moves the clock well past answer + grace
        c.add(9000, org.voipwatch.analyzer.testutil.Frames.udp(CALLER, 5060, CALLEE, 5060,
                "OPTIONS sip:pbx SIP/2.0\r\nCall-ID: other@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
        c.add(9001, org.voipwatch.analyzer.testutil.Frames.udp(CALLEE, 5060, CALLER, 5060,
                "SIP/2.0 200 OK\r\nCall-ID: other@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
        List<Map<String, Object>> ev = analyze(c);
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
        assertEquals(List.of(), ofType(ev, "no_audio"));
        Map<String, Object> s = only(ev, "call_summary");
        assertEquals("ok", s.get("verdict"));
        assertEquals("bye", s.get("endReason"));
    }

    @Test
    void captureEndingInsideTheGracePeriodRaisesNothing() throws Exception {
        CallFrames c = new CallFrames("cut@test").answeredCall(0, CALLEE_RTP);
        c.callerMedia(10, 4500);
        List<Map<String, Object>> ev = analyze(c);
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
        assertEquals(List.of(), ofType(ev, "no_audio"));
        assertEquals("end_of_capture", only(ev, "call_summary").get("endReason"));
    }

    @Test
    void sdpPortOutsideTheMatrixRangeIsReportedBeforeMedia() throws Exception {
        // the pbx answers with port 40000: the demo matrix allows sbc <-> pbx RTP only on pbx ports 30000-34999
        CallFrames c = new CallFrames("range@test").answeredCall(0, 40_000);
        c.media(CALLER, CALLER_RTP, CALLEE, 40_000, 0x7777, 10, 8000);
        c.media(CALLEE, 40_000, CALLER, CALLER_RTP, 0x8888, 12, 8000);
        c.bye(8000);
        List<Map<String, Object>> ev = analyze(c);
        Map<String, Object> e = only(ev, "wrong_port_media");
        assertEquals("outside_permitted_range", e.get("reason"));
        assertEquals("warning", e.get("severity"));
        assertEquals(40_000L, e.get("dport"));
        assertNull(e.get("rule"));
        assertTrue(ms(e) < 10, "raised when the SDP answer was seen, before media: " + ms(e));
    }

    @Test
    void rtpToAnotherPortThanNegotiatedIsSdpMismatch() throws Exception {
        CallFrames c = new CallFrames("mismatch@test").answeredCall(0, CALLEE_RTP);
        c.media(CALLER, CALLER_RTP, CALLEE, CALLEE_RTP + 2, 0x9999, 10, 8000);
        c.calleeMedia(12, 8000).bye(8000);
        List<Map<String, Object>> ev = analyze(c);
        Map<String, Object> e = only(ev, "wrong_port_media");
        assertEquals("sdp_mismatch", e.get("reason"));
        assertEquals((long) CALLEE_RTP + 2, e.get("dport"));
        assertEquals((long) CALLEE_RTP, e.get("negotiatedPort"));
        assertEquals(List.of(), ofType(ev, "one_way_audio")); // media does flow, to the wrong port
    }

    @Test
    void inviteRetransmittedWithoutAnswerIsSipUnansweredOnce() throws Exception {
        CallFrames c = new CallFrames("lost@test");
        String invite = c.request("INVITE", 1, false, CallFrames.sdp(CALLER, CALLER_RTP, null));
        for (long t : new long[] {0, 500, 1500, 3500, 7500}) { // RFC 3261 Timer A doubling from T1 = 500 ms
            c.fromCaller(t, invite);
        }
        List<Map<String, Object>> ev = analyze(c);
        Map<String, Object> e = only(ev, "blocked_flow");
        assertEquals("sip_unanswered", e.get("reason"));
        assertEquals("critical", e.get("severity"));
        assertEquals("sbc-sip-pbx", e.get("rule"));
        assertEquals(CALLER, e.get("src"));
        assertEquals("lost@test", e.get("callId"));
        assertTrue(ms(e) >= 4000 && ms(e) < 7500, "decided after 4 s: " + ms(e));
        assertEquals("unanswered", only(ev, "call_summary").get("verdict"));
    }

    @Test
    void singleUnansweredInviteAtEndOfCaptureIsNotBlocked() throws Exception {
        CallFrames c = new CallFrames("once@test");
        c.fromCaller(0, c.request("INVITE", 1, false, CallFrames.sdp(CALLER, CALLER_RTP, null)));
        List<Map<String, Object>> ev = analyze(c);
        assertEquals(List.of(), ofType(ev, "blocked_flow"));
    }

    @Test
    void sipOverTcpSplitAcrossSegments() throws Exception {
        CallFrames c = new CallFrames("tcp@test");
        byte[] invite = CallFrames.ascii(c.request("INVITE", 1, false, CallFrames.sdp(CALLER, CALLER_RTP, null)));
        byte[] ok = CallFrames.ascii(c.response(200, "OK", "INVITE", 1, true, CallFrames.sdp(CALLEE, CALLEE_RTP, null)));
        byte[] ack = CallFrames.ascii(c.request("ACK", 1, true, null));
        byte[] bye = CallFrames.ascii(c.request("BYE", 2, true, null));
        int syn = org.voipwatch.analyzer.testutil.Frames.TCP_SYN;
        int ackf = org.voipwatch.analyzer.testutil.Frames.TCP_ACK;
        c.add(0, CallFrames.tcp(CALLER, 41000, CALLEE, 5060, syn, 999, 0, new byte[0]));
        c.add(1, CallFrames.tcp(CALLEE, 5060, CALLER, 41000, syn | ackf, 4999, 1000, new byte[0]));
        long seqA = 1000;
        int cut = 100; // the INVITE's headers end in the second segment, its body in the third
        c.add(2, CallFrames.tcp(CALLER, 41000, CALLEE, 5060, ackf, seqA, 5000, java.util.Arrays.copyOfRange(invite, 0, cut)));
        c.add(3, CallFrames.tcp(CALLER, 41000, CALLEE, 5060, ackf, seqA + cut, 5000,
                java.util.Arrays.copyOfRange(invite, cut, invite.length - 10)));
        c.add(4, CallFrames.tcp(CALLER, 41000, CALLEE, 5060, ackf, seqA + invite.length - 10, 5000,
                java.util.Arrays.copyOfRange(invite, invite.length - 10, invite.length)));
        seqA += invite.length;
        c.add(6, CallFrames.tcp(CALLEE, 5060, CALLER, 41000, ackf, 5000, seqA, ok));
        c.add(7, CallFrames.tcp(CALLER, 41000, CALLEE, 5060, ackf, seqA, 5000 + ok.length, ack));
        seqA += ack.length;
        c.callerMedia(10, 8000).calleeMedia(12, 8000);
        c.add(8000, CallFrames.tcp(CALLER, 41000, CALLEE, 5060, ackf, seqA, 5000 + ok.length, bye));
        List<Map<String, Object>> ev = analyze(c, "--grace", "2");
        Map<String, Object> s = only(ev, "call_summary");
        assertEquals("tcp", s.get("transport"));
        assertEquals("tcp@test", s.get("callId"));
        assertEquals("ok", s.get("verdict"));
        assertEquals("bye", s.get("endReason"));
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
    }

    @Test
    void hashUsersReplacesUserParts() throws Exception {
        CallFrames c = new CallFrames("hash@test").answeredCall(0, CALLEE_RTP);
        c.callerMedia(10, 1000).calleeMedia(12, 1000).bye(1000);
        Map<String, Object> s = only(analyze(c, "--hash-users"), "call_summary");
        // SHA-256("alice") = 2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90, first 64 bits
        assertEquals("2bd806c97f0e00af", s.get("callerUser"));
    }

    @Test
    void challengedInviteRepeatedWithCredentialsIsOneCall() throws Exception {
        CallFrames c = new CallFrames("auth@test");
        String offer = CallFrames.sdp(CALLER, CALLER_RTP, null);
        c.fromCaller(0, c.request("INVITE", 1, false, offer));
        c.fromCallee(1, c.response(407, "Proxy Authentication Required", "INVITE", 1, true, null));
        c.fromCaller(2, c.request("ACK", 1, true, null));
        c.fromCaller(3, c.request("INVITE", 2, false, offer));
        c.fromCallee(4, c.response(180, "Ringing", "INVITE", 2, true, null));
        c.fromCallee(5, c.response(200, "OK", "INVITE", 2, true, CallFrames.sdp(CALLEE, CALLEE_RTP, null)));
        c.fromCaller(6, c.request("ACK", 2, true, null));
        c.callerMedia(10, 7000).calleeMedia(12, 7000);
        c.cseq = 2;
        c.bye(7000);
        List<Map<String, Object>> ev = analyze(c);
        Map<String, Object> s = only(ev, "call_summary");
        assertEquals("ok", s.get("verdict"));
        assertEquals(200L, s.get("finalStatus"));
        assertEquals(5L, s.get("setupMs")); // from the first INVITE
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
    }

    @Test
    void lateOfferAnsweredInTheAckIsJudgedFromTheAck() throws Exception {
        CallFrames c = new CallFrames("late@test");
        c.fromCaller(0, c.request("INVITE", 1, false, null));
        c.fromCallee(3, c.response(200, "OK", "INVITE", 1, true, CallFrames.sdp(CALLEE, CALLEE_RTP, null)));
        c.fromCaller(4, c.request("ACK", 1, true, CallFrames.sdp(CALLER, CALLER_RTP, null)));
        c.calleeMedia(10, 12_000).bye(12_000); // the caller never sends
        List<Map<String, Object>> ev = analyze(c);
        Map<String, Object> e = only(ev, "one_way_audio");
        assertEquals(CALLEE, e.get("src"));
        assertEquals(CALLER, e.get("silentSrc"));
        assertEquals(5004L, ms(e)); // ACK at 4 ms + 5 s grace
    }

    @Test
    void cancelledCallIsUnansweredWithoutAlarm() throws Exception {
        CallFrames c = new CallFrames("cancel@test");
        c.fromCaller(0, c.request("INVITE", 1, false, CallFrames.sdp(CALLER, CALLER_RTP, null)));
        c.fromCallee(1, c.response(180, "Ringing", "INVITE", 1, true, null));
        c.fromCaller(3000, c.request("CANCEL", 1, false, null));
        c.fromCallee(3001, c.response(200, "OK", "CANCEL", 1, true, null));
        c.fromCallee(3002, c.response(487, "Request Terminated", "INVITE", 1, true, null));
        c.fromCaller(3003, c.request("ACK", 1, true, null));
        List<Map<String, Object>> ev = analyze(c);
        Map<String, Object> s = only(ev, "call_summary");
        assertEquals("unanswered", s.get("verdict"));
        assertEquals("cancel", s.get("endReason"));
        assertEquals(487L, s.get("finalStatus"));
        assertEquals(List.of(), ofType(ev, "blocked_flow"));
        assertEquals(List.of(), ofType(ev, "no_audio"));
    }

    @Test
    void symmetricRtpBackToTheSignallingAddressIsNotAMismatch() throws Exception {
        // the callee's SDP names a private address (behind NAT); RTP comes from and goes to its SIP address
        CallFrames c = new CallFrames("nat@test");
        c.fromCaller(0, c.request("INVITE", 1, false, CallFrames.sdp(CALLER, CALLER_RTP, null)));
        c.fromCallee(3, c.response(200, "OK", "INVITE", 1, true, CallFrames.sdp("10.0.0.5", CALLEE_RTP, null)));
        c.fromCaller(4, c.request("ACK", 1, true, null));
        c.media(CALLEE, CALLEE_RTP, CALLER, CALLER_RTP, 0x1234, 10, 8000);
        c.media(CALLER, CALLER_RTP, CALLEE, CALLEE_RTP, 0x4321, 12, 8000);
        c.bye(8000);
        List<Map<String, Object>> ev = analyze(c);
        assertEquals(List.of(), ofType(ev, "wrong_port_media"));
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
        assertEquals("ok", only(ev, "call_summary").get("verdict"));
    }

    @Test
    void unsupportedMediaThenRetriedInviteIsOneCall() throws Exception {
        CallFrames c = new CallFrames("retry@test");
        c.fromCaller(0, c.request("INVITE", 1, false, CallFrames.sdp(CALLER, CALLER_RTP, null)));
        c.fromCallee(1, c.response(415, "Unsupported Media Type", "INVITE", 1, true, null));
        c.fromCaller(2, c.request("ACK", 1, true, null));
        c.fromCaller(3, c.request("INVITE", 2, false, CallFrames.sdp(CALLER, CALLER_RTP, null)));
        c.fromCallee(5, c.response(200, "OK", "INVITE", 2, true, CallFrames.sdp(CALLEE, CALLEE_RTP, null)));
        c.fromCaller(6, c.request("ACK", 2, true, null));
        c.callerMedia(10, 7000).calleeMedia(12, 7000);
        c.cseq = 2;
        c.bye(7000);
        List<Map<String, Object>> ev = analyze(c);
        assertEquals("ok", only(ev, "call_summary").get("verdict"));
    }

    @Test
    void calleeReInviteToFaxWithItsOwnCseqIsNotAudioSilence() throws Exception {
        // RFC 3261 §12.2.1.1: the callee numbers its own requests; its re-INVITE CSeq 1 is no retransmission of
        // the caller's INVITE CSeq 1. It moves the call to T.38 (image/udptl): no RTP expected any more.
        // (a fax machine answers and switches at once, before any RTP)
        CallFrames c = new CallFrames("fax@test").answeredCall(0, CALLEE_RTP);
        String t38 = "v=0\r\no=- 1 2 IN IP4 " + CALLEE + "\r\ns=-\r\nc=IN IP4 " + CALLEE + "\r\nt=0 0\r\n"
                + "m=image 30004 udptl t38\r\n";
        c.fromCallee(5, c.calleeRequest("INVITE", 1, t38));
        c.fromCaller(7, c.calleeRequestResponse(200, "OK", "INVITE", 1, t38.replace(CALLEE, CALLER)));
        c.fromCallee(8, c.calleeRequest("ACK", 1, null));
        c.bye(30_000);
        List<Map<String, Object>> ev = analyze(c);
        assertEquals(List.of(), ofType(ev, "no_audio"));
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
        assertEquals("ok", only(ev, "call_summary").get("verdict"));
    }

    @Test
    void updateToHoldStopsJudgingAndResumeJudgesAgain() throws Exception {
        CallFrames c = new CallFrames("update@test").answeredCall(0, CALLEE_RTP);
        c.callerMedia(10, 1000).calleeMedia(12, 1000);
        // RFC 3311 UPDATE puts the call on hold (inactive) at 1 s; resumed (sendrecv) at 10 s; then one-way
        c.fromCaller(1000, c.request("UPDATE", 2, true, CallFrames.sdp(CALLER, CALLER_RTP, "inactive")));
        c.fromCallee(1001, c.response(200, "OK", "UPDATE", 2, true, CallFrames.sdp(CALLEE, CALLEE_RTP, "inactive")));
        c.fromCaller(10_000, c.request("UPDATE", 3, true, CallFrames.sdp(CALLER, CALLER_RTP, null)));
        c.fromCallee(10_001, c.response(200, "OK", "UPDATE", 3, true, CallFrames.sdp(CALLEE, CALLEE_RTP, null)));
        c.media(CALLER, CALLER_RTP, CALLEE, CALLEE_RTP, 0x7878, 10_010, 20_000);
        c.cseq = 3;
        c.bye(20_000);
        List<Map<String, Object>> ev = analyze(c);
        Map<String, Object> e = only(ev, "one_way_audio");
        assertEquals(CALLER, e.get("src"));
        assertEquals(15_001L, ms(e)); // judged 5 s after the resuming answer, not during the hold
    }

    @Test
    void secondCallOnTheSameEndpointsAndSsrcsIsItsOwn() throws Exception {
        // two calls in a row reusing media ports and SSRCs (sipp replays one RTP capture for every call)
        CallFrames a = new CallFrames("first@test").answeredCall(0, CALLEE_RTP);
        a.callerMedia(10, 8000).calleeMedia(12, 8000).bye(8000);
        CallFrames b = new CallFrames("second@test").answeredCall(10_000, CALLEE_RTP);
        b.callerMedia(10_010, 18_000).calleeMedia(10_012, 18_000).bye(18_000);
        CallFrames both = new CallFrames("both");
        for (CallFrames c : List.of(a, b)) {
            for (org.voipwatch.analyzer.testutil.Captures.Timed t : c.sorted()) {
                both.add((CallFrames.timeNs(t) - CallFrames.T0) / CallFrames.MS, CallFrames.frame(t));
            }
        }
        List<Map<String, Object>> ev = analyze(both);
        assertEquals(List.of(), ofType(ev, "one_way_audio"));
        assertEquals(List.of(), ofType(ev, "no_audio"));
        List<Map<String, Object>> s = ofType(ev, "call_summary");
        assertEquals(2, s.size());
        for (Map<String, Object> e : s) {
            assertEquals("ok", e.get("verdict"));
            assertTrue(((String) e.get("calleeToCaller")).contains("\"packets\":400,"), e.toString());
        }
    }
}

package org.voipwatch.analyzer.detect.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voipwatch.analyzer.cli.Main;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Captures.Timed;
import org.voipwatch.analyzer.testutil.FlatJson;
import org.voipwatch.analyzer.testutil.Frames;

/**
 * The whole analyze command on hand-built STUN/TURN captures (bytes from {@link StunBytes}, laid out after RFC
 * 8489/8656). Expected events follow from the frames and the matrices: the demo matrix documents any → turn
 * udp/3478 only; scenarios/turn-allocation/matrix.yaml adds the relay range trunk ↔ turn udp/49152-65535.
 * Retransmission times follow RFC 8489 §6.2.1 (RTO 500 ms, doubling): 0, 0.5, 1.5, 3.5 s.
 */
class StunAnalyzerTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final String CLIENT = "127.0.20.1";
    private static final String TURN = "127.0.40.1";
    private static final String PEER = "127.0.30.5";

    @TempDir
    Path tmp;

    private String summaryJson;

    private static Path demoMatrix() {
        return Captures.repoRoot().resolve("examples/demo-matrix.yaml");
    }

    private static Path relayMatrix() {
        return Captures.repoRoot().resolve("scenarios/turn-allocation/matrix.yaml");
    }

    private List<Map<String, Object>> analyze(List<Timed> frames, Path matrix, String... extra) throws Exception {
        Path cap = Captures.write(tmp.resolve("stun.pcap"), frames);
        Path events = tmp.resolve("events.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("analyze", cap.toString(), "--matrix", matrix.toString(),
                "--events", events.toString(), "--format", "json", "--quiet"));
        args.addAll(List.of(extra));
        int code = Main.run(args, ps, ps);
        assertTrue(code == 0 || code == 1, "analyze failed: " + out);
        summaryJson = out.toString(StandardCharsets.UTF_8);
        List<Map<String, Object>> list = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            list.add(FlatJson.parse(line));
        }
        return list;
    }

    private static List<Map<String, Object>> ofType(List<Map<String, Object>> events, String type) {
        return events.stream().filter(e -> type.equals(e.get("type"))).collect(Collectors.toList());
    }

    private static Timed toTurn(long ms, int sport, byte[] stun) {
        return new Timed(T0 + ms * MS, Frames.udp(CLIENT, sport, TURN, 3478, stun));
    }

    private static Timed fromTurn(long ms, int dport, byte[] stun) {
        return new Timed(T0 + ms * MS, Frames.udp(TURN, 3478, CLIENT, dport, stun));
    }

    /** A packet of an unrelated documented flow that only moves the packet clock. */
    private static Timed tick(long ms) {
        return new Timed(T0 + ms * MS, Frames.udp("127.0.20.9", 40000, "127.0.10.1", 5060,
                "OPTIONS sip:pbx SIP/2.0\r\n\r\n"));
    }

    private static void bindingRetransmitted(List<Timed> f, long startMs, int sport, int tx) {
        byte[] req = StunBytes.msg(StunBytes.BINDING_REQUEST, tx).bytes();
        for (long t : new long[] {0, 500, 1500, 3500}) {
            f.add(toTurn(startMs + t, sport, req));
        }
    }

    @Test
    void unansweredBindingRetransmissionsAreReportedOncePerFlow() throws Exception {
        List<Timed> f = new ArrayList<>();
        bindingRetransmitted(f, 0, 40001, 1);
        bindingRetransmitted(f, 4000, 40001, 2); // a second unanswered transaction on the same flow
        f.add(tick(12_000));
        List<Map<String, Object>> ev = analyze(f, demoMatrix());
        List<Map<String, Object>> blocked = ofType(ev, "blocked_flow");
        assertEquals(1, blocked.size(), ev.toString());
        Map<String, Object> b = blocked.get(0);
        assertEquals("stun_unanswered", b.get("reason"));
        assertEquals("critical", b.get("severity")); // documented by rule stun-turn
        assertEquals("stun-turn", b.get("rule"));
        assertEquals(CLIENT, b.get("src"));
        assertEquals(40001L, b.get("sport"));
        assertEquals(TURN, b.get("dst"));
        assertEquals(3478L, b.get("dport"));
        assertEquals("binding", b.get("method"));
        assertEquals(3L, b.get("retransmissions"));
        // reported when the first request had waited 5 s: at the clock's first step past 5.0 s (the 5.5 s packet)
        assertEquals("2023-11-14T22:13:25.500000Z", b.get("time"));
        assertTrue(summaryJson.contains("\"unanswered\":2"), summaryJson);
        assertTrue(summaryJson.contains("\"binding_request\":8"), summaryJson);
    }

    @Test
    void theTimeoutIsConfigurable() throws Exception {
        List<Timed> f = new ArrayList<>();
        bindingRetransmitted(f, 0, 40005, 3);
        f.add(tick(6_000)); // capture ends 6 s after the first request
        assertEquals(1, ofType(analyze(f, demoMatrix()), "blocked_flow").size());
        assertEquals(List.of(), ofType(analyze(f, demoMatrix(), "--stun-timeout", "8"), "blocked_flow"));
    }

    @Test
    void answeredBindingAndASingleUnretransmittedRequestGiveNothing() throws Exception {
        List<Timed> f = new ArrayList<>();
        byte[] req = StunBytes.msg(StunBytes.BINDING_REQUEST, 7).bytes();
        f.add(toTurn(0, 40002, req));
        f.add(toTurn(500, 40002, req));
        f.add(fromTurn(600, 40002, StunBytes.msg(StunBytes.BINDING_SUCCESS, 7)
                .xorAddress(0x0020, CLIENT, 40002).bytes()));
        // sent once, never answered, never retransmitted: an abandoned check, not a blocked flow
        f.add(toTurn(700, 40003, StunBytes.msg(StunBytes.BINDING_REQUEST, 8).bytes()));
        f.add(tick(12_000));
        List<Map<String, Object>> ev = analyze(f, demoMatrix());
        assertEquals(List.of(), ofType(ev, "blocked_flow"));
        assertTrue(summaryJson.contains("\"requests\":2,\"retransmissions\":1,\"success\":1"), summaryJson);
    }

    @Test
    void icmpUnreachableIsReportedByTheFlowTrackerOnlyOnce() throws Exception {
        List<Timed> f = new ArrayList<>();
        byte[] req = StunBytes.msg(StunBytes.BINDING_REQUEST, 9).bytes();
        for (long t : new long[] {0, 500, 1500, 3500}) {
            byte[] frame = Frames.udp(CLIENT, 40004, TURN, 3478, req);
            f.add(new Timed(T0 + t * MS, frame));
            f.add(new Timed(T0 + (t + 1) * MS, Frames.icmpUnreachable(TURN, CLIENT, 3, frame)));
        }
        f.add(tick(12_000));
        List<Map<String, Object>> blocked = ofType(analyze(f, demoMatrix()), "blocked_flow");
        assertEquals(1, blocked.size(), blocked.toString());
        assertEquals("icmp_unreachable", blocked.get(0).get("reason"));
    }

    /** The long-term-credential dance of RFC 8656 §7.2 / RFC 8489 §9.2: 401 without credentials is normal. */
    private static void allocateWithChallenge(List<Timed> f, long ms, int sport, int tx, byte[] finalAnswer) {
        f.add(toTurn(ms, sport, StunBytes.msg(StunBytes.ALLOCATE_REQUEST, tx).requestedTransportUdp().bytes()));
        f.add(fromTurn(ms + 1, sport, StunBytes.msg(StunBytes.ALLOCATE_ERROR, tx).errorCode(401).bytes()));
        f.add(toTurn(ms + 2, sport, StunBytes.msg(StunBytes.ALLOCATE_REQUEST, tx + 1).requestedTransportUdp()
                .username("alice").integrity().bytes()));
        f.add(fromTurn(ms + 3, sport, finalAnswer));
    }

    private static byte[] allocateSuccess(int tx, int relayPort) {
        return StunBytes.msg(StunBytes.ALLOCATE_SUCCESS, tx).xorAddress(0x0016, TURN, relayPort)
                .xorAddress(0x0020, CLIENT, 40010).lifetime(600).integrity().bytes();
    }

    @Test
    void challengeThenSuccessGivesNothing() throws Exception {
        List<Timed> f = new ArrayList<>();
        allocateWithChallenge(f, 0, 40010, 20, allocateSuccess(21, 49160));
        f.add(tick(12_000));
        List<Map<String, Object>> ev = analyze(f, relayMatrix());
        assertEquals(List.of(), ev);
        assertTrue(summaryJson.contains("\"allocations\":1,\"allocationChallenges\":1,\"allocationErrors\":0"),
                summaryJson);
    }

    @Test
    void unauthorizedAfterCredentialsIsAnAllocationFailure() throws Exception {
        List<Timed> f = new ArrayList<>();
        allocateWithChallenge(f, 0, 40011, 30, StunBytes.msg(StunBytes.ALLOCATE_ERROR, 31).errorCode(401).bytes());
        f.add(tick(12_000));
        List<Map<String, Object>> fails = ofType(analyze(f, relayMatrix()), "turn_allocation_failure");
        assertEquals(1, fails.size(), fails.toString());
        Map<String, Object> e = fails.get(0);
        assertEquals(401L, e.get("errorCode"));
        assertEquals(2L, e.get("attempts"));
        assertEquals("critical", e.get("severity"));
        assertEquals("stun-turn", e.get("rule"));
        assertEquals(CLIENT, e.get("src"));
        assertEquals(40011L, e.get("sport"));
        // decided once the failure had waited the transaction timeout (5 s) for a later success
        assertEquals("2023-11-14T22:13:32.000000Z", e.get("time"));
    }

    /** The shape of nDPI stun.pcap frames 143-149 (there over TCP): the credential-less request is sent twice. */
    @Test
    void aDuplicateChallengeAfterCredentialsIsNoFailure() throws Exception {
        List<Timed> f = new ArrayList<>();
        byte[] first = StunBytes.msg(StunBytes.ALLOCATE_REQUEST, 80).requestedTransportUdp().bytes();
        byte[] challenge = StunBytes.msg(StunBytes.ALLOCATE_ERROR, 80).errorCode(401).bytes();
        byte[] withCredentials = StunBytes.msg(StunBytes.ALLOCATE_REQUEST, 81).requestedTransportUdp()
                .username("alice").integrity().bytes();
        f.add(toTurn(0, 40040, first));
        f.add(toTurn(250, 40040, first));
        f.add(fromTurn(259, 40040, challenge));
        f.add(toTurn(265, 40040, withCredentials));
        f.add(fromTurn(514, 40040, challenge)); // answers the resent request 80, after 81 carried credentials
        f.add(toTurn(516, 40040, withCredentials));
        f.add(tick(5_600)); // the clock passes the 5 s wait after the duplicate 401
        f.add(fromTurn(6000, 40040, allocateSuccess(81, 49161)));
        f.add(tick(12_000));
        List<Map<String, Object>> ev = analyze(f, relayMatrix());
        assertEquals(List.of(), ofType(ev, "turn_allocation_failure"));
        assertTrue(summaryJson.contains("\"allocationChallenges\":1,\"allocationErrors\":0"), summaryJson);
        // the duplicate 401, and the success that came after its transaction had timed out (5.265 s)
        assertTrue(summaryJson.contains("\"unmatchedResponses\":2,"), summaryJson);
    }

    @Test
    void forbiddenIsAFailureAndALaterSuccessCancelsIt() throws Exception {
        List<Timed> f = new ArrayList<>();
        allocateWithChallenge(f, 0, 40012, 40, StunBytes.msg(StunBytes.ALLOCATE_ERROR, 41).errorCode(403).bytes());
        // a second client whose 486 (quota) is followed by a successful retry within the timeout
        allocateWithChallenge(f, 100, 40013, 50, StunBytes.msg(StunBytes.ALLOCATE_ERROR, 51).errorCode(486).bytes());
        f.add(toTurn(1000, 40013, StunBytes.msg(StunBytes.ALLOCATE_REQUEST, 52).requestedTransportUdp()
                .username("alice").integrity().bytes()));
        f.add(fromTurn(1001, 40013, allocateSuccess(52, 49158)));
        f.add(tick(12_000));
        List<Map<String, Object>> fails = ofType(analyze(f, relayMatrix()), "turn_allocation_failure");
        assertEquals(1, fails.size(), fails.toString());
        assertEquals(403L, fails.get(0).get("errorCode"));
        assertEquals(40012L, fails.get(0).get("sport"));
    }

    @Test
    void relayedMediaIsAttributedToItsAllocationNotReportedAsUnexpected() throws Exception {
        List<Timed> f = new ArrayList<>();
        allocateWithChallenge(f, 0, 40020, 60, allocateSuccess(61, 49152));
        f.add(toTurn(10, 40020, StunBytes.msg(StunBytes.CHANNEL_BIND_REQUEST, 62).channelNumber(0x4001)
                .xorAddress(0x0012, PEER, 3480).username("alice").integrity().bytes()));
        f.add(fromTurn(11, 40020, StunBytes.msg(StunBytes.CHANNEL_BIND_SUCCESS, 62).integrity().bytes()));
        for (int i = 0; i < 3; i++) {
            long t = 1000 + i * 20L;
            f.add(toTurn(t, 40020, StunBytes.channelData(0x4001, 98, false))); // UDP: padding optional
            f.add(new Timed(T0 + (t + 1) * MS, Frames.udp(TURN, 49152, PEER, 3480, new byte[98])));
            f.add(new Timed(T0 + (t + 2) * MS, Frames.udp(PEER, 3480, TURN, 49152, new byte[98])));
            f.add(fromTurn(t + 3, 40020, StunBytes.channelData(0x4001, 98, true)));
        }
        // a Send indication relays to a second peer port: flow 49152 <-> 3482, also the allocation's
        f.add(toTurn(1100, 40020, StunBytes.msg(StunBytes.SEND_INDICATION, 63).xorAddress(0x0012, PEER, 3482)
                .attr(0x0013, new byte[40]).bytes()));
        f.add(new Timed(T0 + 1101 * MS, Frames.udp(TURN, 49152, PEER, 3482, new byte[40])));
        // control: the same shape on a port no allocation owns is undocumented traffic
        f.add(new Timed(T0 + 1200 * MS, Frames.udp(TURN, 49153, PEER, 3480, new byte[98])));
        f.add(tick(12_000));
        List<Map<String, Object>> ev = analyze(f, demoMatrix());
        List<Map<String, Object>> unexpected = ofType(ev, "unexpected_flow");
        assertEquals(1, unexpected.size(), ev.toString());
        assertEquals(49153L, unexpected.get(0).get("sport"));
        // the demo matrix documents no relay range: the allocation itself is reported once
        List<Map<String, Object>> wrong = ofType(ev, "wrong_port_media");
        assertEquals(1, wrong.size(), ev.toString());
        Map<String, Object> w = wrong.get(0);
        assertEquals("outside_permitted_range", w.get("reason"));
        assertEquals(CLIENT, w.get("src"));
        assertEquals(40020L, w.get("sport"));
        assertEquals(TURN, w.get("dst"));
        assertEquals(49152L, w.get("dport"));
        assertEquals("turn", w.get("dstRole"));
        assertEquals("127.0.40.1:3478", w.get("turnServer"));
        assertEquals(2, ev.size(), ev.toString()); // the SIP tick flow is documented (sbc-sip-pbx)
        assertTrue(summaryJson.contains("\"channelData\":6,"), summaryJson);
        assertTrue(summaryJson.contains("\"relayIndications\":1,"), summaryJson);
        assertTrue(summaryJson.contains("\"relayedFlows\":2,"), summaryJson);
        assertTrue(summaryJson.contains("\"explained\":2}"), summaryJson);
    }

    @Test
    void relayInsideTheDocumentedRangeGivesNoWrongPortEvent() throws Exception {
        List<Timed> f = new ArrayList<>();
        allocateWithChallenge(f, 0, 40021, 70, allocateSuccess(71, 49170));
        f.add(tick(12_000));
        assertEquals(List.of(), analyze(f, relayMatrix()));
    }

    @Test
    void iceChecksAreCountedPerCandidatePair() throws Exception {
        List<Timed> f = new ArrayList<>();
        // two candidate pairs between two hosts bound to no role (info-level unexpected flows)
        String a = "10.0.0.1";
        String b = "10.0.0.2";
        for (int i = 0; i < 3; i++) {
            byte[] check = StunBytes.msg(StunBytes.BINDING_REQUEST, 100 + i).priority(1845501695).iceControlling()
                    .username("rfrag:lfrag").integrity().bytes();
            f.add(new Timed(T0 + i * 50 * MS, Frames.udp(a, 50000, b, 50002, check)));
            f.add(new Timed(T0 + (i * 50 + 1) * MS, Frames.udp(b, 50002, a, 50000,
                    StunBytes.msg(StunBytes.BINDING_SUCCESS, 100 + i).xorAddress(0x0020, a, 50000).integrity()
                            .bytes())));
        }
        byte[] nominate = StunBytes.msg(StunBytes.BINDING_REQUEST, 200).priority(1845501695).iceControlling()
                .useCandidate().username("rfrag:lfrag").integrity().bytes();
        f.add(new Timed(T0 + 200 * MS, Frames.udp(a, 50000, b, 50002, nominate)));
        // second pair: one check, no answer
        f.add(new Timed(T0 + 210 * MS, Frames.udp(a, 50001, b, 50004, StunBytes.msg(StunBytes.BINDING_REQUEST, 300)
                .priority(1694498815).iceControlling().bytes())));
        // after the checks, DTLS and SRTP share the first pair's 5-tuple (RFC 9443 first bytes 22 and 128)
        byte[] dtls = new byte[20];
        dtls[0] = 22;
        dtls[1] = (byte) 0xfe;
        dtls[2] = (byte) 0xfd;
        f.add(new Timed(T0 + 220 * MS, Frames.udp(a, 50000, b, 50002, dtls)));
        byte[] rtp = new byte[20];
        rtp[0] = (byte) 0x80;
        rtp[1] = 111;
        f.add(new Timed(T0 + 230 * MS, Frames.udp(b, 50002, a, 50000, rtp)));
        analyze(f, demoMatrix());
        assertTrue(summaryJson.contains("\"iceChecks\":5,\"icePairs\":2,\"icePairsSucceeded\":1,"
                + "\"iceNominations\":1,\"iceChecksAnswered\":3"), summaryJson);
        // demux on the two STUN 5-tuples: 3+1+3 STUN on pair 1, 1 on pair 2; one DTLS, one RTP
        assertTrue(summaryJson.contains("\"demux\":{\"stun\":8,\"dtls\":1,\"rtp_rtcp\":1}"), summaryJson);
    }

    @Test
    void stunOverTcpWithAndWithoutRfc4571Framing() throws Exception {
        List<Timed> f = new ArrayList<>();
        int psh = 0x18;
        // TURN over TCP (RFC 8656 §3.1): two messages in one segment, then ChannelData padded to 4 bytes
        byte[] req = StunBytes.msg(StunBytes.BINDING_REQUEST, 400).bytes();
        byte[] two = new byte[req.length * 2];
        System.arraycopy(req, 0, two, 0, req.length);
        System.arraycopy(StunBytes.msg(StunBytes.BINDING_REQUEST, 401).bytes(), 0, two, req.length, req.length);
        f.add(new Timed(T0, Frames.tcp(CLIENT, 41000, TURN, 3478, Frames.TCP_SYN, 1, 0)));
        f.add(new Timed(T0 + MS, Frames.tcp(TURN, 3478, CLIENT, 41000, Frames.TCP_SYN | Frames.TCP_ACK, 9, 2)));
        f.add(new Timed(T0 + 2 * MS, Frames.tcp(CLIENT, 41000, TURN, 3478, psh, 2, 10, two)));
        // ICE-TCP (RFC 6544): each message behind an RFC 4571 2-byte length
        byte[] resp = StunBytes.msg(StunBytes.BINDING_SUCCESS, 400).xorAddress(0x0020, CLIENT, 41000).bytes();
        byte[] framed = new byte[2 + resp.length];
        framed[0] = (byte) (resp.length >> 8);
        framed[1] = (byte) resp.length;
        System.arraycopy(resp, 0, framed, 2, resp.length);
        f.add(new Timed(T0 + 3 * MS, Frames.tcp(TURN, 3478, CLIENT, 41000, psh, 10, 42, framed)));
        f.add(new Timed(T0 + 4 * MS, Frames.tcp(CLIENT, 41000, TURN, 3478, psh, 42, 10 + framed.length,
                StunBytes.channelData(0x4002, 5, true))));
        analyze(f, demoMatrix());
        assertTrue(summaryJson.contains("\"messages\":3,\"packets\":3,\"turnPackets\":1,\"channelDataPackets\":1,"),
                summaryJson);
        assertTrue(summaryJson.contains("\"classic\":0,\"tcp\":3,\"rfc4571Framed\":1"), summaryJson);
        assertTrue(summaryJson.contains("\"channelData\":1,\"channelDataTcp\":1,"), summaryJson);
    }

    @Test
    void classicStunOnlyOnAKnownStunPort() throws Exception {
        // RFC 3489 §11.1 Binding Request: type 0x0001, length 0, 128-bit transaction id (no cookie)
        byte[] classic = new byte[20];
        classic[1] = 1;
        for (int i = 4; i < 20; i++) {
            classic[i] = (byte) (i * 7);
        }
        List<Timed> f = new ArrayList<>();
        f.add(new Timed(T0, Frames.udp(CLIENT, 40030, TURN, 3478, classic)));
        f.add(new Timed(T0 + MS, Frames.udp(CLIENT, 40031, TURN, 9999, classic)));
        analyze(f, demoMatrix());
        assertTrue(summaryJson.contains("\"messages\":1,\"packets\":1,"), summaryJson);
        assertTrue(summaryJson.contains("\"classic\":1,"), summaryJson);
        // the flow-level probe agrees: the 3478 datagram is STUN, the one to 9999 is not
        assertTrue(summaryJson.contains("\"protocolClasses\":{\"stun\":{\"packets\":1,\"bytes\":62},"
                + "\"other_udp\":{\"packets\":1,\"bytes\":62}}"), summaryJson);
    }
}

package org.voipwatch.analyzer.detect.call;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.voipwatch.analyzer.testutil.Captures.Timed;
import org.voipwatch.analyzer.testutil.Frames;

/**
 * Hand-written SIP/SDP (RFC 3261 §24.2 example shapes, RFC 4566 lines) and RTP (RFC 3550 §5.1 fixed header) for
 * call tests, between a caller (sbc role of the demo matrix) and a callee (pbx role).
 */
final class CallFrames {
    static final long T0 = 1_700_000_000_000_000_000L;
    static final long MS = 1_000_000L;
    static final String CALLER = "127.0.20.1";
    static final String CALLEE = "127.0.10.1";
    static final int CALLER_RTP = 32000;
    static final int CALLEE_RTP = 30000;

    private final List<long[]> times = new ArrayList<>();
    private final List<byte[]> frames = new ArrayList<>();
    final String callId;
    int cseq = 1;

    CallFrames(String callId) {
        this.callId = callId;
    }

    static String sdp(String addr, int port, String direction) {
        return "v=0\r\no=- 1 1 IN IP4 " + addr + "\r\ns=-\r\nc=IN IP4 " + addr + "\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + (direction == null ? "" : "a=" + direction + "\r\n");
    }

    private String headers(String startLine, String method, int seq, boolean toTag, String body) {
        return startLine + "\r\n"
                + "Via: SIP/2.0/UDP " + CALLER + ":5060;branch=z9hG4bK-" + callId + "-" + seq + "\r\n"
                + "From: \"Alice\" <sip:alice@" + CALLER + ">;tag=caller-1\r\n"
                + "To: <sip:bob@" + CALLEE + ">" + (toTag ? ";tag=callee-1" : "") + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + seq + " " + method + "\r\n"
                + "Contact: <sip:alice@" + CALLER + ":5060>\r\n"
                + "Max-Forwards: 70\r\n"
                + (body == null ? "Content-Length: 0\r\n\r\n"
                        : "Content-Type: application/sdp\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    /** A request of the callee inside the dialog: From is the callee with its tag, To the caller. */
    String calleeRequest(String method, int seq, String body) {
        return method + " sip:alice@" + CALLER + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + CALLEE + ":5060;branch=z9hG4bK-" + callId + "-b" + seq + "\r\n"
                + "From: <sip:bob@" + CALLEE + ">;tag=callee-1\r\n"
                + "To: \"Alice\" <sip:alice@" + CALLER + ">;tag=caller-1\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + seq + " " + method + "\r\n"
                + (body == null ? "Content-Length: 0\r\n\r\n"
                        : "Content-Type: application/sdp\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    /** The caller's response to a callee request (headers copied from it, RFC 3261 §8.2.6.2). */
    String calleeRequestResponse(int code, String reason, String method, int seq, String body) {
        return calleeRequest(method, seq, body).replaceFirst("^[^\r]*", "SIP/2.0 " + code + " " + reason);
    }

    String request(String method, int seq, boolean toTag, String body) {
        return headers(method + " sip:bob@" + CALLEE + " SIP/2.0", method, seq, toTag, body);
    }

    String response(int code, String reason, String method, int seq, boolean toTag, String body) {
        return headers("SIP/2.0 " + code + " " + reason, method, seq, toTag, body);
    }

    CallFrames fromCaller(long ms, String sip) {
        add(ms, Frames.udp(CALLER, 5060, CALLEE, 5060, sip));
        return this;
    }

    CallFrames fromCallee(long ms, String sip) {
        add(ms, Frames.udp(CALLEE, 5060, CALLER, 5060, sip));
        return this;
    }

    /** INVITE (offer sendrecv) at t, 100 at +1 ms, 180 at +2 ms, 200 with the answer at +3 ms, ACK at +4 ms. */
    CallFrames answeredCall(long ms, int calleePort) {
        fromCaller(ms, request("INVITE", 1, false, sdp(CALLER, CALLER_RTP, null)));
        fromCallee(ms + 1, response(100, "Trying", "INVITE", 1, false, null));
        fromCallee(ms + 2, response(180, "Ringing", "INVITE", 1, true, null));
        fromCallee(ms + 3, response(200, "OK", "INVITE", 1, true, sdp(CALLEE, calleePort, null)));
        fromCaller(ms + 4, request("ACK", 1, true, null));
        return this;
    }

    CallFrames bye(long ms) {
        int seq = ++cseq;
        fromCaller(ms, request("BYE", seq, true, null));
        fromCallee(ms + 1, response(200, "OK", "BYE", seq, true, null));
        return this;
    }

    static byte[] rtp(int pt, int seq, long timestamp, int ssrc) {
        ByteBuffer b = ByteBuffer.allocate(12 + 160);
        b.put((byte) 0x80).put((byte) pt).putShort((short) seq).putInt((int) timestamp).putInt(ssrc);
        return b.array();
    }

    /** RTP every 20 ms in [fromMs, toMs) from src:sport to dst:dport, PCMA, 160 samples a packet. */
    CallFrames media(String src, int sport, String dst, int dport, int ssrc, long fromMs, long toMs) {
        int seq = 1000;
        long ts = 5000;
        for (long t = fromMs; t < toMs; t += 20) {
            add(t, Frames.udp(src, sport, dst, dport, rtp(8, seq++, ts, ssrc)));
            ts += 160;
        }
        return this;
    }

    CallFrames callerMedia(long fromMs, long toMs) {
        return media(CALLER, CALLER_RTP, CALLEE, CALLEE_RTP, 0x1111, fromMs, toMs);
    }

    CallFrames calleeMedia(long fromMs, long toMs) {
        return media(CALLEE, CALLEE_RTP, CALLER, CALLER_RTP, 0x2222, fromMs, toMs);
    }

    /** Adds a frame at {@code ms} after T0. */
    CallFrames add(long ms, byte[] frame) {
        times.add(new long[] {T0 + ms * MS, times.size()});
        frames.add(frame);
        return this;
    }

    /** Time of a frame made by {@link #sorted()}. */
    static long timeNs(Timed t) {
        return TIMES.get(t);
    }

    static byte[] frame(Timed t) {
        return FRAMES.get(t);
    }

    private static final java.util.Map<Timed, Long> TIMES = new java.util.IdentityHashMap<>();
    private static final java.util.Map<Timed, byte[]> FRAMES = new java.util.IdentityHashMap<>();

    /** Frames sorted by time (stable: equal times keep their order), as the pcap needs them. */
    List<Timed> sorted() {
        List<long[]> order = new ArrayList<>(times);
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<Timed> l = new ArrayList<>();
        for (long[] o : order) {
            Timed t = new Timed(o[0], frames.get((int) o[1]));
            TIMES.put(t, o[0]);
            FRAMES.put(t, frames.get((int) o[1]));
            l.add(t);
        }
        return l;
    }

    /** Ethernet/IPv4/TCP frame with payload (Frames.tcp carries none). */
    static byte[] tcp(String src, int sport, String dst, int dport, int flags, long seq, long ack, byte[] payload) {
        ByteBuffer l4 = ByteBuffer.allocate(20 + payload.length);
        l4.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
        l4.put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        l4.put(payload);
        return Frames.ether(Frames.ipv4(6, Frames.ip(src), Frames.ip(dst), l4.array()));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

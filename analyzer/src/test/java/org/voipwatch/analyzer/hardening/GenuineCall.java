package org.voipwatch.analyzer.hardening;

import java.util.ArrayList;
import java.util.List;

/**
 * A documented call of the demo matrix (examples/demo-matrix.yaml): trunk 127.0.30.1 → SBC 127.0.20.1, SIP on
 * 5060 (rule trunk-sip-in), RTP 16000 ↔ 12000 (rule trunk-sbc-rtp, udp 10000-20000), both directions every
 * 20 ms, and the trunk hangs up. Flood tests interleave it with their flood and check it is still classified.
 */
final class GenuineCall {
    static final int TRUNK = GeneratedSource.ip(127, 0, 30, 1);
    static final int SBC = GeneratedSource.ip(127, 0, 20, 1);
    static final int SIP_PORT = 5060;
    static final int TRUNK_RTP = 16000;
    static final int SBC_RTP = 12000;

    /** One packet of the call. */
    static final class Pkt {
        final long timeNs;
        final int src;
        final int sport;
        final int dst;
        final int dport;
        final byte[] payload;

        Pkt(long timeNs, int src, int sport, int dst, int dport, byte[] payload) {
            this.timeNs = timeNs;
            this.src = src;
            this.sport = sport;
            this.dst = dst;
            this.dport = dport;
            this.payload = payload;
        }
    }

    private GenuineCall() {
    }

    /** The call's packets in time order, starting at {@code startNs} and lasting {@code durationNs}. */
    static List<Pkt> packets(long startNs, long durationNs) {
        List<Pkt> l = new ArrayList<>();
        String callId = "genuine-call-1@127.0.30.1";
        l.add(new Pkt(startNs, TRUNK, SIP_PORT, SBC, SIP_PORT, sip("INVITE sip:100@127.0.20.1 SIP/2.0", callId,
                "1 INVITE", sdp("127.0.30.1", TRUNK_RTP))));
        l.add(new Pkt(startNs + 1_000_000, SBC, SIP_PORT, TRUNK, SIP_PORT, sip("SIP/2.0 100 Trying", callId,
                "1 INVITE", "")));
        l.add(new Pkt(startNs + 5_000_000, SBC, SIP_PORT, TRUNK, SIP_PORT, sip("SIP/2.0 200 OK", callId,
                "1 INVITE", sdp("127.0.20.1", SBC_RTP))));
        l.add(new Pkt(startNs + 6_000_000, TRUNK, SIP_PORT, SBC, SIP_PORT, sip("ACK sip:100@127.0.20.1 SIP/2.0",
                callId, "1 ACK", "")));
        long t = startNs + 10_000_000;
        int seq = 1;
        long end = startNs + durationNs - 10_000_000;
        while (t < end) {
            l.add(new Pkt(t, TRUNK, TRUNK_RTP, SBC, SBC_RTP, rtp(seq, 0x11111111)));
            l.add(new Pkt(t + 100_000, SBC, SBC_RTP, TRUNK, TRUNK_RTP, rtp(seq, 0x22222222)));
            seq++;
            t += 20_000_000;
        }
        l.add(new Pkt(end, TRUNK, SIP_PORT, SBC, SIP_PORT, sip("BYE sip:100@127.0.20.1 SIP/2.0", callId, "2 BYE",
                "")));
        l.add(new Pkt(end + 1_000_000, SBC, SIP_PORT, TRUNK, SIP_PORT, sip("SIP/2.0 200 OK", callId, "2 BYE", "")));
        return l;
    }

    static byte[] sip(String firstLine, String callId, String cseq, String body) {
        String m = firstLine + "\r\n"
                + "Via: SIP/2.0/UDP 127.0.30.1:5060;branch=z9hG4bK-" + Integer.toHexString(cseq.hashCode()) + "\r\n"
                + "From: <sip:trunk@127.0.30.1>;tag=a1\r\n"
                + "To: <sip:100@127.0.20.1>" + (firstLine.startsWith("SIP/2.0 1") ? "" : ";tag=b2") + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        return GeneratedSource.ascii(m);
    }

    static String sdp(String addr, int port) {
        return "v=0\r\no=- 1 1 IN IP4 " + addr + "\r\ns=-\r\nc=IN IP4 " + addr + "\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    /** RTP (RFC 3550 §5.1): V=2, PT 0 (PCMU), 160 bytes of payload = 20 ms at 8 kHz. */
    static byte[] rtp(int seq, int ssrc) {
        byte[] b = new byte[12 + 160];
        b[0] = (byte) 0x80;
        b[1] = 0;
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        int ts = seq * 160;
        b[4] = (byte) (ts >>> 24);
        b[5] = (byte) (ts >>> 16);
        b[6] = (byte) (ts >>> 8);
        b[7] = (byte) ts;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        for (int i = 12; i < b.length; i++) {
            b[i] = (byte) 0xff; // PCMU silence
        }
        return b;
    }

    /** True when both ends of an event's flow are the call's addresses (IPv4 as ::ffff:a.b.c.d: low word). */
    static boolean isGenuine(long srcLo, long dstLo) {
        int s = (int) srcLo;
        int d = (int) dstLo;
        return (s == TRUNK || s == SBC) && (d == TRUNK || d == SBC);
    }
}

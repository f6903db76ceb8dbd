package org.voipwatch.analyzer.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.voipwatch.analyzer.protocol.sip.SipMessageTest.crlf;
import static org.voipwatch.analyzer.protocol.sip.SipMessageTest.text;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SipStreamReassemblerTest {
    /** RFC 3665 §3.1-style INVITE with a 4-byte body, so Content-Length framing matters. */
    static final byte[] INVITE = crlf("""
            INVITE sip:bob@biloxi.example.com SIP/2.0
            Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9
            Max-Forwards: 70
            From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl
            To: Bob <sip:bob@biloxi.example.com>
            Call-ID: 3848276298220188511@atlanta.example.com
            CSeq: 1 INVITE
            Content-Type: text/plain
            Content-Length: 4

            abcd""");
    static final byte[] TRYING = crlf("""
            SIP/2.0 100 Trying
            Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9
            From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl
            To: Bob <sip:bob@biloxi.example.com>
            Call-ID: 3848276298220188511@atlanta.example.com
            CSeq: 1 INVITE
            Content-Length: 0

            """);

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    @Test
    void severalMessagesAndKeepAliveInOneSegment() {
        byte[] seg = concat(INVITE, crlf("\n\n"), TRYING, INVITE);
        SipStreamReassembler r = new SipStreamReassembler();
        SipMessage m = new SipMessage();
        assertEquals(SipStreamReassembler.APPENDED, r.onSegment(1000, seg, 0, seg.length));
        assertEquals(SipStatus.OK, r.next(m));
        assertEquals(SipMethod.INVITE, m.method());
        assertEquals("abcd", text(m, m.bodyOffset(), m.bodyLength()));
        assertEquals(SipStatus.OK, r.next(m));
        assertEquals(100, m.statusCode());
        assertEquals(SipStatus.OK, r.next(m));
        assertEquals(SipMethod.INVITE, m.method());
        assertEquals(SipStatus.NEED_MORE_DATA, r.next(m));
        assertEquals(3, r.messages());
        assertEquals(1, r.keepAlives());
        assertEquals(0, r.bufferedBytes());
    }

    @Test
    void messageSplitOverThreeSegments() {
        SipStreamReassembler r = new SipStreamReassembler();
        SipMessage m = new SipMessage();
        long seq = 0xffff_fff0L; // sequence numbers wrap around 2^32 inside the message
        int[] cuts = {0, 30, INVITE.length - 2, INVITE.length};
        for (int i = 0; i < 3; i++) {
            int len = cuts[i + 1] - cuts[i];
            assertEquals(SipStatus.NEED_MORE_DATA, r.next(m));
            assertEquals(SipStreamReassembler.APPENDED, r.onSegment(seq, INVITE, cuts[i], len));
            seq = (seq + len) & 0xffff_ffffL;
        }
        assertEquals(SipStatus.OK, r.next(m));
        assertEquals(INVITE.length, m.messageLength());
        assertEquals("abcd", text(m, m.bodyOffset(), m.bodyLength()));
        assertEquals(0, r.gaps());
    }

    @Test
    void retransmittedAndOverlappingSegmentsAreSkipped() {
        SipStreamReassembler r = new SipStreamReassembler();
        SipMessage m = new SipMessage();
        int half = 100;
        r.onSegment(500, INVITE, 0, half);
        assertEquals(SipStreamReassembler.DUPLICATE, r.onSegment(500, INVITE, 0, half));
        assertEquals(SipStreamReassembler.DUPLICATE, r.onSegment(520, INVITE, 20, 50));
        // overlapping: 60 old bytes then the rest
        assertEquals(SipStreamReassembler.APPENDED, r.onSegment(540, INVITE, 40, INVITE.length - 40));
        assertEquals(SipStatus.OK, r.next(m));
        assertEquals(INVITE.length, m.messageLength());
        assertEquals(2, r.duplicateSegments());
        // the whole message again (retransmission after the fact) yields nothing new
        assertEquals(SipStreamReassembler.DUPLICATE, r.onSegment(500, INVITE, 0, INVITE.length));
        assertEquals(SipStatus.NEED_MORE_DATA, r.next(m));
    }

    @Test
    void gapDropsPartialMessageAndResyncsOnNextMessage() {
        SipStreamReassembler r = new SipStreamReassembler();
        SipMessage m = new SipMessage();
        r.onSegment(0, INVITE, 0, 50);
        // bytes 50..99 never captured; the segment after the gap starts mid-message
        assertEquals(SipStreamReassembler.GAP, r.onSegment(100, INVITE, 100, INVITE.length - 100));
        assertEquals(1, r.gaps());
        int rc = r.next(m);
        assertEquals(SipStatus.NOT_SIP, rc);
        assertEquals(1, r.desyncs());
        long seq = INVITE.length;
        r.onSegment(seq, TRYING, 0, TRYING.length);
        assertEquals(SipStatus.OK, r.next(m));
        assertEquals(100, m.statusCode());
    }

    @Test
    void oversizeMessageIsSkippedByContentLength() {
        String head = "MESSAGE sip:bob@biloxi.example.com SIP/2.0\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\n"
                + "From: <sip:a@h>;tag=1\nTo: <sip:bob@biloxi.example.com>\nCall-ID: big@h\nCSeq: 1 MESSAGE\n"
                + "Content-Length: 70000\n\n";
        byte[] big = concat(crlf(head), new byte[70000], TRYING);
        SipStreamReassembler r = new SipStreamReassembler();
        SipMessage m = new SipMessage();
        long seq = 1;
        int rc = SipStatus.NEED_MORE_DATA;
        int framed = 0;
        for (int o = 0; o < big.length; o += 1460) {
            int n = Math.min(1460, big.length - o);
            r.onSegment(seq + o, big, o, n);
            while ((rc = r.next(m)) != SipStatus.NEED_MORE_DATA) {
                if (rc == SipStatus.OK) {
                    framed++;
                    assertEquals(100, m.statusCode());
                } else {
                    assertEquals(SipStatus.MESSAGE_TOO_LARGE, rc);
                }
            }
        }
        assertEquals(1, framed);
        assertEquals(1, r.oversizedMessages());
        assertEquals(0, r.desyncs());
        assertEquals(0, r.overflows());
    }

    /** Any segmentation, with retransmitted and overlapping segments mixed in, yields the same messages. */
    @Test
    void randomSegmentationAndRetransmissions() {
        byte[] unit = concat(INVITE, crlf("\n\n"), TRYING, crlf("\n"));
        byte[] stream = new byte[unit.length * 30];
        for (int i = 0; i < 30; i++) {
            System.arraycopy(unit, 0, stream, i * unit.length, unit.length);
        }
        java.util.Random r = new java.util.Random(793);
        SipMessage m = new SipMessage();
        for (int round = 0; round < 200; round++) {
            SipStreamReassembler re = new SipStreamReassembler();
            long isn = r.nextLong() & 0xffff_ffffL;
            int pos = 0;
            StringBuilder seen = new StringBuilder();
            while (pos < stream.length) {
                int n = Math.min(1 + r.nextInt(900), stream.length - pos);
                re.onSegment((isn + pos) & 0xffff_ffffL, stream, pos, n);
                if (r.nextInt(4) == 0 && pos > 0) {
                    // retransmit an older range, possibly overlapping what is already there
                    int from = r.nextInt(pos);
                    re.onSegment((isn + from) & 0xffff_ffffL, stream, from, Math.min(pos + n, from + 1 + r.nextInt(
                            1500)) - from);
                }
                pos += n;
                int rc;
                while ((rc = re.next(m)) != SipStatus.NEED_MORE_DATA) {
                    assertEquals(SipStatus.OK, rc);
                    seen.append(m.isRequest() ? "I" : "T");
                }
            }
            assertEquals("IT".repeat(30), seen.toString(), "round " + round);
            assertEquals(0, re.gaps());
            assertEquals(0, re.desyncs());
        }
    }

    @Test
    void bufferCompactsAndOverflows() {
        SipStreamReassembler r = new SipStreamReassembler(INVITE.length + 10);
        SipMessage m = new SipMessage();
        long seq = 7;
        for (int i = 0; i < 5; i++) {
            r.onSegment(seq, INVITE, 0, INVITE.length);
            seq += INVITE.length;
            assertEquals(SipStatus.OK, r.next(m), "round " + i);
        }
        byte[] big = new byte[INVITE.length + 20];
        Arrays.fill(big, (byte) 'a');
        assertEquals(SipStreamReassembler.OVERFLOW, r.onSegment(seq, big, 0, big.length));
        assertEquals(1, r.overflows());
        r.reset();
        assertEquals(0, r.overflows());
        r.onSegment(1, TRYING, 0, TRYING.length);
        assertEquals(SipStatus.OK, r.next(m));
    }
}

package org.voipwatch.analyzer.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 4475 torture messages, typed in from the RFC text (line ends CRLF, as the RFC states), with the expected
 * results taken from each test's description in the RFC.
 */
class SipMessageTest {

    static byte[] crlf(String s) {
        return s.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static String text(SipMessage m, int off, int len) {
        return off < 0 ? null : new String(m.buffer(), off, len, StandardCharsets.UTF_8);
    }

    /** RFC 4475 "wsinv": short forms, LWS, folding, escaped quote in a display name. */
    static final String WSINV = """
            INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
            TO :
             sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
            from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>
              ;
              tag = 98asjd8
            MaX-fOrWaRdS: 0068
            Call-ID: wsinv.ndaksdj@192.0.2.1
            Content-Length   : 150
            cseq: 0009
              INVITE
            Via  : SIP  /   2.0
             /UDP
                192.0.2.2;branch=390skdjuw
            s :
            NewFangledHeader:   newfangled value
             continued newfangled value
            UnknownHeaderWithUnusualValue: ;;,,;;,;
            Content-Type: application/sdp
            Route:
             <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
            v:  SIP  / 2.0  / TCP     spindle.example.com   ;
              branch  =   z9hG4bK9ikj8  ,
             SIP  /    2.0   / UDP  192.168.255.111   ; branch=
             z9hG4bK30239
            m:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =
                  newvalue ;
              secondparam ; q = 0.33

            v=0
            o=mhandley 29739 7272939 IN IP4 192.0.2.3
            s=-
            c=IN IP4 192.0.2.4
            t=0 0
            m=audio 49217 RTP/AVP 0 12
            m=video 3227 RTP/AVP 31
            a=rtpmap:31 LPC
            """;

    @Test
    void wsinvShortFormsAndFolding() {
        byte[] b = crlf(WSINV);
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.OK, m.wrap(b, 0, b.length), () -> SipStatus.name(m.status()));
        assertTrue(m.isRequest());
        assertEquals(SipMethod.INVITE, m.method());
        assertEquals("sip:vivekg@chair-dnrc.example.com;unknownparam",
                text(m, m.requestUriOffset(), m.requestUriLength()));
        // the RFC's SDP body is exactly the 150 bytes its Content-Length announces
        assertEquals(150, m.contentLength());
        assertEquals(150, m.bodyLength());
        assertEquals(b.length, m.bodyOffset() + m.bodyLength());
        assertEquals("wsinv.ndaksdj@192.0.2.1", text(m, m.callIdOffset(), m.callIdLength()));
        assertEquals("1918181833n", text(m, m.toTagOffset(), m.toTagLength()));
        assertEquals("98asjd8", text(m, m.fromTagOffset(), m.fromTagLength()));
        assertEquals("vivekg", text(m, m.toUserOffset(), m.toUserLength()));
        assertEquals("jdrosen", text(m, m.fromUserOffset(), m.fromUserLength()));
        assertEquals(9, m.cseqNumber());
        assertEquals(SipMethod.INVITE, m.cseqMethod());
        assertEquals("390skdjuw", text(m, m.viaBranchOffset(), m.viaBranchLength()));
        assertTrue(m.isSdp());
        assertEquals(14, m.headerCount());
        int s = m.firstHeader(SipHeader.SUBJECT);
        assertEquals(0, m.headerValueLength(s));
        assertEquals(SipHeader.VIA, m.headerType(12));
        assertEquals(SipHeader.CONTACT, m.headerType(13));
        assertEquals(SipHeader.MAX_FORWARDS, m.headerType(2));
        assertEquals(SipHeader.OTHER, m.headerType(8));
        assertEquals(SipHeader.OTHER, m.headerType(9));
        assertEquals("newfangled value\r\n continued newfangled value",
                text(m, m.headerValueOffset(8), m.headerValueLength(8)));
    }

    /** RFC 4475 "intmeth": extension method and every legal character in tokens; raw NUL/BEL/DEL bytes. */
    @Test
    void intmethWideRangeOfValidCharacters() {
        String method = "!interesting-Method0123456789_*+`.%indeed'~";
        String msg = method + " sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too."
                + "(doesn't-it)@example.com SIP/2.0\n"
                + "Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~\n"
                + "To: \"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"
                + "@example.com>\n"
                + "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430"
                + "\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\";tag=_token~1'+`*%!-.\n"
                + "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{\n"
                + "CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~\n"
                + "Max-Forwards: 255\n"
                + "extensionHeader-!.%*+_`'~:\ufeff\u5927\u505c\u96fb\n"
                + "Content-Length: 0\n\n";
        byte[] b = crlf(msg);
        assertTrue(SipMessage.looksLikeSip(b, 0, b.length));
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.OK, m.wrap(b, 0, b.length), () -> SipStatus.name(m.status()));
        assertEquals(SipMethod.OTHER, m.method());
        assertEquals(method, text(m, m.methodOffset(), m.methodLength()));
        assertEquals(139122385, m.cseqNumber());
        assertEquals(SipMethod.OTHER, m.cseqMethod());
        assertEquals("_token~1'+`*%!-.", text(m, m.fromTagOffset(), m.fromTagLength()));
        assertEquals(-1, m.toTagOffset());
        assertEquals("mundane", text(m, m.fromUserOffset(), m.fromUserLength()));
        assertEquals("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", text(m, m.toUserOffset(),
                m.toUserLength()));
        assertEquals("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", text(m, m.callIdOffset(), m.callIdLength()));
        assertEquals("z9hG4bK-.!%66*_+`'~", text(m, m.viaBranchOffset(), m.viaBranchLength()));
        assertEquals(8, m.headerCount());
        assertEquals(0, m.bodyLength());
        assertEquals(b.length, m.messageLength());
    }

    /** RFC 4475 "esc01": % escapes stay raw; compact "i" and upper-case "C". */
    @Test
    void esc01EscapesAndCompactForms() {
        byte[] b = crlf("""
                INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0
                To: sip:%75se%72@example.com
                From: <sip:I%20have%20spaces@example.net>;tag=938
                Max-Forwards: 87
                i: esc01.239409asdfakjkn23onasd0-3234
                CSeq: 234234 INVITE
                Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw
                C: application/sdp
                Contact:
                  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>
                Content-Length: 150

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 49217 RTP/AVP 0 12
                m=video 3227 RTP/AVP 31
                a=rtpmap:31 LPC
                """);
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.OK, m.wrap(b, 0, b.length));
        assertEquals(150, m.bodyLength());
        assertEquals(b.length, m.messageLength());
        assertEquals("%75se%72", text(m, m.toUserOffset(), m.toUserLength()));
        assertEquals("I%20have%20spaces", text(m, m.fromUserOffset(), m.fromUserLength()));
        assertEquals("938", text(m, m.fromTagOffset(), m.fromTagLength()));
        assertEquals("esc01.239409asdfakjkn23onasd0-3234", text(m, m.callIdOffset(), m.callIdLength()));
        assertEquals(SipHeader.CALL_ID, m.headerType(3));
        assertTrue(m.isSdp());
        assertEquals(234234, m.cseqNumber());
    }

    /** RFC 4475 "ncl": negative Content-Length. */
    @Test
    void nclNegativeContentLength() {
        byte[] b = crlf("""
                INVITE sip:user@example.com SIP/2.0
                Max-Forwards: 254
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=32394234
                Call-ID: ncl.0ha0isndaksdj2193423r542w35
                CSeq: 0 INVITE
                Via: SIP/2.0/UDP 192.0.2.53;branch=z9hG4bKkdjuw
                Contact: <sip:caller@example53.example.net>
                Content-Type: application/sdp
                Content-Length: -999

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.53
                s=-
                c=IN IP4 192.0.2.53
                t=0 0
                m=audio 49217 RTP/AVP 0
                """);
        assertEquals(SipStatus.BAD_CONTENT_LENGTH, new SipMessage().wrap(b, 0, b.length));
    }

    /** RFC 4475 "clerr": Content-Length larger than the datagram's body (UDP: discard). */
    @Test
    void clerrContentLengthLargerThanMessage() {
        byte[] b = crlf("""
                INVITE sip:user@example.com SIP/2.0
                Max-Forwards: 80
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=93942
                Call-ID: clerr.0ha0isndaksdjweiafasdk3
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523
                Contact: <sip:caller@host5.example.net>
                Content-Type: application/sdp
                Content-Length: 9999

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.155
                s=-
                c=IN IP4 192.0.2.155
                t=0 0
                m=audio 49217 RTP/AVP 0
                """);
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.BODY_TRUNCATED, m.wrap(b, 0, b.length));
        // on a stream the same bytes are just an incomplete message
        assertEquals(SipStatus.NEED_MORE_DATA, m.wrapStream(b, 0, b.length));
    }

    /** RFC 4475 "mcl01": two Content-Length values. */
    @Test
    void mcl01MultipleContentLengths() {
        byte[] b = crlf("""
                OPTIONS sip:user@example.com SIP/2.0
                Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bK293423
                To: sip:user@example.com
                From: sip:other@example.net;tag=3923942
                Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf
                CSeq: 15932 OPTIONS
                Content-Length: 13
                Max-Forwards: 60
                Content-Length: 5
                Content-Type: text/plain

                There's no way to know how many octets are supposed to be here.
                """);
        assertEquals(SipStatus.BAD_CONTENT_LENGTH, new SipMessage().wrap(b, 0, b.length));
    }

    /** RFC 4475 "badvers": SIP/7.0. */
    @Test
    void badversUnknownProtocolVersion() {
        byte[] b = crlf("""
                OPTIONS sip:t.watson@example.org SIP/7.0
                Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw
                Max-Forwards:     70
                From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe
                To:      T. Watson <sip:t.watson@example.org>
                Call-ID: badvers.31417@c.example.com
                CSeq:    1 OPTIONS
                l: 0

                """);
        assertEquals(SipStatus.BAD_VERSION, new SipMessage().wrap(b, 0, b.length));
    }

    /** RFC 4475 "lwsstart": extra whitespace in the request line is illegal. */
    @Test
    void lwsstartMultipleSpacesInRequestLine() {
        byte[] b = crlf("""
                INVITE  sip:user@example.com  SIP/2.0
                Max-Forwards: 80
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=134161461246
                Call-ID: lwsstart.dfknq234oi243099adsdfnawe3@example.com
                CSeq: 1893884 INVITE
                Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw3923
                Contact: <sip:caller@host1.example.com>
                Content-Length: 0

                """);
        assertEquals(SipStatus.BAD_START_LINE, new SipMessage().wrap(b, 0, b.length));
    }

    /** RFC 4475 "insuf": Call-ID, From and To missing. */
    @Test
    void insufMissingRequiredHeaders() {
        byte[] b = crlf("""
                INVITE sip:user@example.com SIP/2.0
                CSeq: 193942 INVITE
                Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf
                Content-Type: application/sdp
                l: 152

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.95
                s=-
                c=IN IP4 192.0.2.95
                t=0 0
                m=audio 49217 RTP/AVP 0 12
                m=video 3227 RTP/AVP 31
                a=rtpmap:31 LPC
                """);
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.MISSING_HEADER, m.wrap(b, 0, b.length));
        assertEquals(b.length, m.messageLength());
    }

    /**
     * RFC 4475 "multi01": several single-valued headers repeated. The header section is the RFC's; the
     * SDP body is left out (Content-Length 0) because only the headers are under test.
     */
    @Test
    void multi01DuplicateHeaders() {
        byte[] b = crlf("""
                INVITE sip:user@company.com SIP/2.0
                Contact: <sip:caller@host25.example.net>
                Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKkdjuw
                Max-Forwards: 70
                CSeq: 5 INVITE
                Call-ID: multi01.98asdh@192.0.2.1
                CSeq: 59 INVITE
                Call-ID: multi01.98asdh@192.0.2.2
                From: sip:caller@example.com;tag=3413415
                To: sip:user@example.com
                To: sip:other@example.net
                From: sip:caller@example.net;tag=2923420123
                Content-Type: application/sdp
                l: 0
                Contact: <sip:caller@host36.example.net>
                Max-Forwards: 5

                """);
        assertEquals(SipStatus.DUPLICATE_HEADER, new SipMessage().wrap(b, 0, b.length));
    }

    /** RFC 4475 "scalar02" overlarge CSeq: the message frames, the CSeq number is invalid. */
    @Test
    void scalar02OverlargeCseq() {
        byte[] b = crlf("""
                REGISTER sip:example.com SIP/2.0
                Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3
                To: <sip:user@example.com>
                From: <sip:user@example.com>;tag=239232jh3
                CSeq: 36893488147419103232 REGISTER
                Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32
                Max-Forwards: 300
                Expires: 1000000000000000000000000000000000000000
                Contact: <sip:user@host129.example.com>
                  ;expires=280297596632815
                Content-Length: 0

                """);
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.OK, m.wrapStream(b, 0, b.length));
        assertEquals(-1, m.cseqNumber());
        assertEquals(SipMethod.REGISTER, m.cseqMethod());
        assertEquals(SipMethod.REGISTER, m.method());
    }

    /** RFC 4475 "bigcode": a status code that is not 3 digits. */
    @Test
    void bigcodeOverlargeResponseCode() {
        byte[] b = crlf("""
                SIP/2.0 4294967301 better not break the receiver
                Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
                Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i
                CSeq: 353494 INVITE
                From: <sip:user@example.com>;tag=39ansfi3
                To: <sip:user@example.edu>;tag=902jndnke3
                Content-Length: 0
                Contact: <sip:user@host105.example.com>

                """);
        assertEquals(SipStatus.BAD_START_LINE, new SipMessage().wrap(b, 0, b.length));
    }

    /** RFC 4475 "mismatch01": OPTIONS with an INVITE CSeq; framed, flagged, both methods readable. */
    @Test
    void mismatch01CseqMethod() {
        byte[] b = crlf("""
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=34525
                Max-Forwards: 6
                Call-ID: mismatch01.dj0234sxdfl3
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw
                l: 0

                """);
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.CSEQ_METHOD_MISMATCH, m.wrap(b, 0, b.length));
        assertTrue(SipStatus.isFramed(m.status()));
        assertEquals(b.length, m.messageLength());
        assertEquals(SipMethod.OPTIONS, m.method());
        assertEquals(SipMethod.INVITE, m.cseqMethod());
        assertEquals(8, m.cseqNumber());
    }

    /**
     * RFC 4475 "mismatch02": extension method whose CSeq method differs. Headers as in the RFC, the SDP body left
     * out (Content-Length 0): only the start line and CSeq are under test.
     */
    @Test
    void mismatch02UnknownMethodCseqMismatch() {
        byte[] b = crlf("""
                NEWMETHOD sip:user@example.com SIP/2.0
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=34525
                Max-Forwards: 6
                Call-ID: mismatch02.dj0234sxdfl3
                CSeq: 8 INVITE
                Contact: <sip:caller@host.example.net>
                Via: SIP/2.0/UDP host.example.net;branch=z9hG4bKkdjuw
                l: 0

                """);
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.CSEQ_METHOD_MISMATCH, m.wrap(b, 0, b.length));
        assertEquals("NEWMETHOD", text(m, m.methodOffset(), m.methodLength()));
        assertEquals(SipMethod.OTHER, m.method());
    }

    /** Request lines of RFC 4475 "ltgtruri", "lwsruri" and "trws" (rest of each message abbreviated). */
    @Test
    void illegalRequestLines() {
        String rest = "\nTo: sip:user@example.com\nFrom: sip:caller@example.net;tag=39291\nCall-ID: x@192.0.2.5\n"
                + "CSeq: 1 INVITE\nVia: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bK1\nl: 0\n\n";
        String[] lines = {"INVITE <sip:user@example.com> SIP/2.0", "INVITE sip:user@example.com; lr SIP/2.0",
            "OPTIONS sip:remote-target@example.com SIP/2.0  "};
        SipMessage m = new SipMessage();
        for (String line : lines) {
            byte[] b = crlf(line + rest.replace("INVITE", line.substring(0, line.indexOf(' '))));
            assertEquals(SipStatus.BAD_START_LINE, m.wrap(b, 0, b.length), line);
        }
        byte[] ok = crlf("INVITE sip:user@example.com SIP/2.0" + rest);
        assertEquals(SipStatus.OK, m.wrap(ok, 0, ok.length));
    }

    /**
     * RFC 4475 "badaspec" (spaces inside the angle brackets of To) is invalid; a monitor follows what endpoints
     * accept, so we frame it and read the user parts through the spaces and the quoted comma in the display name.
     */
    @Test
    void badaspecToleratedByDesign() {
        byte[] b = crlf("""
                OPTIONS sip:user@example.org SIP/2.0
                Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234
                Max-Forwards: 70
                From: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423
                To: "Watson, Thomas" < sip:t.watson@example.org >
                Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3
                Accept: application/sdp
                CSeq: 3923239 OPTIONS
                l: 0

                """);
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.OK, m.wrap(b, 0, b.length));
        assertEquals("t.watson", text(m, m.toUserOffset(), m.toUserLength()));
        assertEquals("a.g.bell", text(m, m.fromUserOffset(), m.fromUserLength()));
        assertEquals("433423", text(m, m.fromTagOffset(), m.fromTagLength()));
        assertEquals(-1, m.toTagOffset());
    }

    @Test
    void responseWithCompactForms() {
        byte[] b = crlf("""
                SIP/2.0 180 Ringing
                v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;received=10.0.0.1
                f: Alice <sip:alice@atlanta.example.com>;tag=1928301774
                t: "Bob" <sip:bob@biloxi.example.com>;tag=a6c85cf
                i: a84b4c76e66710@pc33.atlanta.example.com
                CSeq: 314159 INVITE
                m: <sip:bob@192.0.2.4>
                l: 0

                """);
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.OK, m.wrap(b, 0, b.length));
        assertFalse(m.isRequest());
        assertEquals(180, m.statusCode());
        assertEquals("Ringing", text(m, m.reasonOffset(), m.reasonLength()));
        assertEquals("1928301774", text(m, m.fromTagOffset(), m.fromTagLength()));
        assertEquals("a6c85cf", text(m, m.toTagOffset(), m.toTagLength()));
        assertEquals("bob", text(m, m.toUserOffset(), m.toUserLength()));
        assertEquals("z9hG4bK776asdhds", text(m, m.viaBranchOffset(), m.viaBranchLength()));
        assertEquals(SipMethod.INVITE, m.cseqMethod());
        assertEquals(0, m.contentLength());
        assertFalse(m.isSdp());
        assertEquals(SipHeader.CONTACT, m.headerType(5));
    }

    @Test
    void headerNameTable() {
        String[][] cases = {{"i", "call-id"}, {"f", "from"}, {"t", "to"}, {"m", "contact"}, {"l", "content-length"},
            {"v", "via"}, {"c", "content-type"}, {"k", "supported"}, {"s", "subject"}, {"e", "content-encoding"},
            {"CALL-ID", "call-id"}, {"Content-LENGTH", "content-length"}, {"I", "call-id"}};
        for (String[] c : cases) {
            byte[] n = c[0].getBytes(StandardCharsets.US_ASCII);
            assertEquals(c[1], SipHeader.name(SipHeader.classify(n, 0, n.length)), c[0]);
        }
        byte[] x = "X-Call-ID".getBytes(StandardCharsets.US_ASCII);
        assertEquals(SipHeader.OTHER, SipHeader.classify(x, 0, x.length));
    }

    @Test
    void probeAndNotSip() {
        byte[] http = crlf("GET / HTTP/1.1\nHost: x\n\n");
        assertFalse(SipMessage.looksLikeSip(http, 0, http.length));
        assertEquals(SipStatus.NOT_SIP, new SipMessage().wrap(http, 0, http.length));
        byte[] rtp = {(byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4};
        assertFalse(SipMessage.looksLikeSip(rtp, 0, rtp.length));
        byte[] ok = crlf("SIP/2.0 200 OK\n");
        assertTrue(SipMessage.looksLikeSip(ok, 0, ok.length));
        byte[] opt = crlf("OPTIONS sip:x SIP/2.0\n");
        assertTrue(SipMessage.looksLikeSip(opt, 0, opt.length));
        // a known method must be followed by SP
        byte[] noSp = crlf("INVITEsip:x SIP/2.0\n");
        assertFalse(SipMessage.looksLikeSip(noSp, 0, noSp.length));
    }

    @Test
    void headerLimits() {
        StringBuilder sb = new StringBuilder("OPTIONS sip:x@y SIP/2.0\n");
        for (int i = 0; i <= SipMessage.MAX_HEADERS; i++) {
            sb.append("X-H").append(i).append(": v\n");
        }
        sb.append('\n');
        byte[] b = crlf(sb.toString());
        assertEquals(SipStatus.TOO_MANY_HEADERS, new SipMessage().wrap(b, 0, b.length));
        String big = "OPTIONS sip:x@y SIP/2.0\nSubject: " + "a".repeat(SipMessage.MAX_HEADER_BYTES) + "\n\n";
        byte[] c = crlf(big);
        assertEquals(SipStatus.HEADER_TOO_LONG, new SipMessage().wrap(c, 0, c.length));
        byte[] noColon = crlf("OPTIONS sip:x@y SIP/2.0\nVia SIP/2.0/UDP x\n\n");
        assertEquals(SipStatus.BAD_HEADER_LINE, new SipMessage().wrap(noColon, 0, noColon.length));
        byte[] cut = crlf("OPTIONS sip:x@y SIP/2.0\nVia: SIP/2.0/UDP x");
        assertEquals(SipStatus.HEADERS_TRUNCATED, new SipMessage().wrap(cut, 0, cut.length));
        assertEquals(SipStatus.NEED_MORE_DATA, new SipMessage().wrapStream(cut, 0, cut.length));
        // complete header lines but no empty line: accepted for a datagram (as Wireshark does), flagged
        byte[] noBlank = crlf("""
                ACK sip:admind@178.45.73.241 SIP/2.0
                Via: SIP/2.0/UDP 213.192.59.75;branch=0
                From: <sip:echo@iptel.org>;tag=420976BC
                To: <sip:admind@178.45.73.241>;tag=bc86060b
                Call-ID: 2091060b@admind-desktop
                CSeq: 11 ACK
                """);
        SipMessage m = new SipMessage();
        assertEquals(SipStatus.OK, m.wrap(noBlank, 0, noBlank.length));
        assertTrue(m.unterminatedHeaders());
        assertEquals(0, m.bodyLength());
        assertEquals(SipStatus.NEED_MORE_DATA, m.wrapStream(noBlank, 0, noBlank.length));
    }

    /** Every prefix and every single-byte mutation of a message yields a code, never an exception. */
    @Test
    void garbageNeverThrows() {
        byte[] b = crlf(WSINV);
        SipMessage m = new SipMessage();
        for (int len = 0; len <= b.length; len++) {
            int rc = m.wrapStream(b, 0, len);
            assertTrue(rc == SipStatus.NEED_MORE_DATA || (len == b.length && rc == SipStatus.OK), "len " + len);
            m.wrap(b, 0, len);
            m.cseqNumber();
        }
        java.util.Random r = new java.util.Random(4475);
        for (int i = 0; i < 20000; i++) {
            byte[] c = b.clone();
            for (int k = 0; k < 4; k++) {
                c[r.nextInt(c.length)] = (byte) r.nextInt(256);
            }
            int rc = m.wrap(c, 0, c.length);
            assertTrue(rc >= 0 && rc < SipStatus.COUNT);
            m.fromTagOffset();
            m.isSdp();
        }
    }
}

package org.voipwatch.analyzer.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixException;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.decode.DecodeStatus;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.FragmentReassembler;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.analyzer.protocol.rtp.RtcpPacket;
import org.voipwatch.analyzer.protocol.rtp.RtpHeader;
import org.voipwatch.analyzer.protocol.rtp.RtpStatus;
import org.voipwatch.analyzer.protocol.sdp.SdpMessage;
import org.voipwatch.analyzer.protocol.sdp.SdpSession;
import org.voipwatch.analyzer.protocol.sdp.SdpStatus;
import org.voipwatch.analyzer.protocol.sip.SipMessage;
import org.voipwatch.analyzer.protocol.sip.SipStatus;
import org.voipwatch.analyzer.protocol.sip.SipStreamReassembler;
import org.voipwatch.analyzer.protocol.stun.ChannelData;
import org.voipwatch.analyzer.protocol.stun.StunMessage;
import org.voipwatch.analyzer.protocol.stun.StunStatus;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.analyzer.testutil.Scenarios;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.LinkType;

/**
 * Property tests (jqwik): any bytes give a status code inside the status table and never an exception, for
 * every decoder and protocol flyweight; views returned on success lie inside the wrapped bytes. Inputs are
 * random bytes and mutated valid seeds ({@link Fuzz}). Tries: {@code jqwik.tries.default} (docs/fuzzing.md).
 */
class ProtocolPropertiesTest {
    private static final int[] LINK_TYPES = {LinkType.NULL, LinkType.ETHERNET, LinkType.RAW, LinkType.LOOP,
        LinkType.LINUX_SLL, LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2, LinkType.RAW_ALT_12,
        LinkType.RAW_ALT_14, LinkType.PPP, LinkType.PPP_HDLC, LinkType.C_HDLC, 147, -1};

    private final PacketDecoder decoder = new PacketDecoder(new FragmentReassembler(16, 65_535, 8, 1_000_000_000L));
    private final DecodedPacket decoded = new DecodedPacket();
    private final PacketEvent ev = new PacketEvent(70_000);
    private long nowNs = 1_000_000_000L;
    private final SipMessage sip = new SipMessage();
    private final SdpMessage sdp = new SdpMessage();
    private final SdpSession session = new SdpSession();
    private final RtpHeader rtp = new RtpHeader();
    private final RtcpPacket rtcp = new RtcpPacket();
    private final StunMessage stun = new StunMessage();
    private final ChannelData channel = new ChannelData();

    // ---- seeds: valid messages built from their RFC layouts ----

    private static final byte[] INVITE = GenuineCall.sip("INVITE sip:100@127.0.20.1 SIP/2.0", "c1@h", "1 INVITE",
            GenuineCall.sdp("127.0.30.1", 16000));
    private static final byte[] OK = GenuineCall.sip("SIP/2.0 200 OK", "c1@h", "1 INVITE",
            GenuineCall.sdp("127.0.20.1", 12000));
    /** Compact header forms (RFC 3261 §7.3.3) and folding: i f t m l v c. */
    private static final byte[] COMPACT = GeneratedSource.ascii("BYE sip:a@b SIP/2.0\r\n"
            + "v: SIP/2.0/UDP h;branch=z9hG4bKx\r\nf: <sip:a@h>;tag=1\r\nt: <sip:b@h>\r\n ;tag=2\r\n"
            + "i: abc\r\nCSeq: 2 BYE\r\nl: 0\r\n\r\n");
    private static final byte[] SDP = GeneratedSource.ascii(GenuineCall.sdp("127.0.30.1", 16000)
            + "m=video 0 RTP/AVP 96\r\na=candidate:1 1 UDP 2130706431 10.0.0.1 8998 typ host\r\n"
            + "a=rtcp:16001\r\na=sendrecv\r\n");
    private static final byte[] RTP = GenuineCall.rtp(7, 0x11111111);
    /** RTCP SR with one report block + SDES (RFC 3550 §6.4.1, §6.5). */
    private static final byte[] RTCP = Fuzz.unhex("81c8000c 11111111 e1a2b3c4 d5e6f708 00000a00 00000064 00003e80"
            + " 22222222 01000002 00000100 00000010 00000000 00000000"
            + " 81ca0003 11111111 01046e616d65 0000");
    /** RFC 5769 §2.1 sample request (SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT). */
    private static final byte[] STUN = Fuzz.unhex("000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465"
            + "737420636c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020000800"
            + "149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf");
    private static final byte[] CHANNEL = Fuzz.unhex("40000008 0102030405060708");

    @Provide
    Arbitrary<Integer> linkTypes() {
        return Arbitraries.of(LINK_TYPES[0], LINK_TYPES[1], LINK_TYPES[2], LINK_TYPES[3], LINK_TYPES[4],
                LINK_TYPES[5], LINK_TYPES[6], LINK_TYPES[7], LINK_TYPES[8], LINK_TYPES[9], LINK_TYPES[10],
                LINK_TYPES[11], LINK_TYPES[12], LINK_TYPES[13], LINK_TYPES[14]);
    }

    @Provide
    Arbitrary<byte[]> frames() {
        byte[] udp = Frames.udp("127.0.30.1", 5060, "127.0.20.1", 5060, INVITE);
        byte[] tcp = Frames.tcp("127.0.20.1", 41000, "127.0.10.1", 5061, Frames.TCP_SYN, 100, 0);
        byte[] icmp = Frames.icmpUnreachable("127.0.20.1", "127.0.30.1", 3, udp);
        byte[] ip = java.util.Arrays.copyOfRange(udp, 14, udp.length);
        byte[] sll = concat(Fuzz.unhex("00000001000600005e0053020000 0800"), ip);
        byte[] nul = concat(Fuzz.unhex("02000000"), ip);
        return Fuzz.bytesNear(udp, tcp, icmp, ip, sll, nul);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Property
    void packetDecoderGivesAStatusForAnyFrame(@ForAll("linkTypes") int linkType, @ForAll("frames") byte[] frame,
                                              @ForAll @IntRange(min = 0, max = 200) int extraOriginal) {
        ev.setPacket(nowNs += 1_000_000, linkType, frame, 0, frame.length, frame.length + extraOriginal, 0, 1);
        int st = decoder.decode(ev, decoded);
        assertTrue(st >= 0 && st < DecodeStatus.COUNT, "status " + st);
        assertTrue(decoded.payloadOffset >= 0 && decoded.payloadLength >= 0, "payload view");
        if (decoded.payloadLength > 0) {
            assertTrue(decoded.payloadOffset + decoded.payloadLength <= decoded.buffer.length, "payload view");
        }
        decoder.onTime(nowNs);
    }

    @Provide
    Arbitrary<byte[]> sipBytes() {
        return Fuzz.bytesNear(INVITE, OK, COMPACT);
    }

    @Property
    void sipWrapGivesAStatusForAnyBytes(@ForAll("sipBytes") byte[] msg, @ForAll @IntRange(max = 7) int pad) {
        byte[] buf = new byte[msg.length + 2 * pad];
        java.util.Arrays.fill(buf, (byte) 'X'); // bytes around the message must never be read as part of it
        System.arraycopy(msg, 0, buf, pad, msg.length);
        checkSip(sip.wrap(buf, pad, msg.length), pad, msg.length);
        checkSip(sip.wrapStream(buf, pad, msg.length), pad, msg.length);
        SipMessage.looksLikeSip(buf, pad, msg.length);
    }

    private void checkSip(int st, int off, int len) {
        assertTrue(st >= 0 && st < SipStatus.COUNT, "status " + st);
        if (st == SipStatus.OK) {
            Fuzz.exerciseAccessors(sip, off, off + len);
            for (int i = 0; i < sip.headerCount(); i++) {
                sip.headerType(i);
                int o = sip.headerValueOffset(i);
                int l = sip.headerValueLength(i);
                assertTrue(l == 0 || (o >= off && o + l <= off + len), "header " + i);
            }
        }
    }

    @Property
    void sipStreamReassemblyNeverThrows(@ForAll("sipBytes") byte[] stream,
                                        @ForAll @IntRange(min = 1, max = 600) int segment,
                                        @ForAll @IntRange(max = 3) int reorder) {
        SipStreamReassembler r = new SipStreamReassembler(4096);
        long seq = 1000;
        for (int o = 0; o < stream.length; o += segment) {
            int n = Math.min(segment, stream.length - o);
            long s = reorder == 1 && o > 0 ? seq + 7 : seq; // a gap, sometimes
            r.onSegment(s, stream, o, n);
            seq += n;
            for (int k = 0; k < 64; k++) {
                int st = r.next(sip);
                assertTrue(st >= 0 && st < SipStatus.COUNT, "status " + st);
                if (st == SipStatus.NEED_MORE_DATA) {
                    break;
                }
            }
        }
    }

    @Property
    void sdpParseGivesAStatusForAnyBytes(@ForAll("sdpBytes") byte[] b) {
        int st = sdp.parse(b, 0, b.length, session);
        assertTrue(st >= 0 && st < SdpStatus.COUNT, "status " + st);
        if (st == SdpStatus.OK) {
            Fuzz.exerciseAccessors(session, 0, b.length);
        }
    }

    @Provide
    Arbitrary<byte[]> sdpBytes() {
        return Fuzz.bytesNear(SDP);
    }

    @Provide
    Arbitrary<byte[]> rtpBytes() {
        return Fuzz.bytesNear(RTP, RTCP);
    }

    @Property
    void rtpAndRtcpGiveAStatusForAnyBytes(@ForAll("rtpBytes") byte[] b) {
        RtpHeader.probeRtp(b, 0, b.length);
        RtpHeader.probeRtcp(b, 0, b.length);
        int st = rtp.wrap(b, 0, b.length);
        assertTrue(st >= 0 && st < RtpStatus.COUNT, "status " + st);
        if (st == RtpStatus.OK) {
            Fuzz.exerciseAccessors(rtp, 0, b.length);
            for (int i = 0; i < rtp.csrcCount(); i++) {
                rtp.csrc(i);
            }
        }
        rtcp.wrap(b, 0, b.length);
        int packets = 0;
        while (rtcp.next()) {
            assertTrue(++packets <= b.length / 4, "RTCP iteration must consume bytes");
            Fuzz.exerciseAccessors(rtcp, 0, b.length);
            for (int i = 0; i < rtcp.reportBlockCount(); i++) {
                rtcp.blockSsrc(i);
                rtcp.blockFractionLost(i);
                rtcp.blockCumulativeLost(i);
                rtcp.blockExtendedHighestSequence(i);
                rtcp.blockJitter(i);
                rtcp.blockLastSr(i);
                rtcp.blockDelaySinceLastSr(i);
            }
        }
        assertTrue(rtcp.status() >= 0 && rtcp.status() < RtpStatus.COUNT, "rtcp status " + rtcp.status());
    }

    @Provide
    Arbitrary<byte[]> stunBytes() {
        return Fuzz.bytesNear(STUN, CHANNEL);
    }

    @Property
    void stunAndChannelDataGiveAStatusForAnyBytes(@ForAll("stunBytes") byte[] b,
                                                  @ForAll @IntRange(max = 3) int flags) {
        int st = stun.wrap(b, 0, b.length, flags);
        assertTrue(st >= 0 && st < StunStatus.COUNT, "status " + st);
        if (stun.headerValid()) {
            Fuzz.exerciseAccessors(stun, 0, b.length);
            stun.rewindAttributes();
            int attrs = 0;
            while (stun.nextAttribute()) {
                assertTrue(++attrs <= b.length / 4, "attribute iteration must consume bytes");
                int o = stun.attributeOffset();
                int l = stun.attributeLength();
                assertTrue(l == 0 || (o >= 0 && o + l <= b.length), "attribute view");
                stun.decodeAddress();
                stun.errorCode();
                stun.u32Value();
                stun.channelNumber();
                stun.requestedTransport();
                stun.tieBreaker();
            }
            stun.findErrorCode();
        }
        for (boolean tcp : new boolean[] {false, true}) {
            int cs = channel.wrap(b, 0, b.length, tcp);
            assertTrue(cs >= 0 && cs < StunStatus.COUNT, "channel status " + cs);
            if (cs == StunStatus.OK) {
                assertTrue(channel.dataOffset() >= 0 && channel.dataOffset() + channel.dataLength() <= b.length,
                        "channel data view");
            }
        }
    }

    @Provide
    Arbitrary<String> matrixText() {
        String demo;
        try {
            demo = Files.readString(Scenarios.demoMatrix(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] seed = demo.getBytes(StandardCharsets.UTF_8);
        Arbitrary<String> mutated = Arbitraries.randomValue(r -> new String(Fuzz.mutate(seed, r),
                StandardCharsets.ISO_8859_1));
        Arbitrary<String> tokens = Arbitraries.of("name: x\n", "roles:\n", "  a: {}\n", "bind:\n", "  a: [",
                "10.0.0.0/33", "]\n", "services:\n", "  s: {app: sip, ports: [\"udp 5060\"]}\n", "rules:\n",
                "  - id: r\n", "    from: a\n", "    to: ", "any\n", "    service: s\n", "&x ", "*x\n", "!!int ",
                "- ", ": ", "{", "}", "[", "]", "\"", "'", "\t", "\n", "ports: [\"tcp 0-70000\"]\n", "media: yes\n",
                "~\n", "? ", "|\n", ">\n", "%YAML 1.2\n", "---\n", "...\n", "!!binary AAA=\n", "<<: *x\n")
                .list().ofMaxSize(40).map(l -> String.join("", l));
        return Arbitraries.oneOf(mutated, tokens, Arbitraries.strings().ofMaxLength(200));
    }

    @Property
    void matrixLoaderGivesAMatrixOrAMatrixException(@ForAll("matrixText") String yaml) {
        try {
            FlowMatrix m = MatrixLoader.load("fuzz.yaml", new StringReader(yaml), List.of());
            assertTrue(m.ruleCount() >= 0);
        } catch (MatrixException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), "a MatrixException says why");
        }
    }
}

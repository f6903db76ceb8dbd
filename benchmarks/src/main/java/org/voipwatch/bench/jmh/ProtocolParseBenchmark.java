package org.voipwatch.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.voipwatch.analyzer.classify.PayloadProbe;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.analyzer.protocol.rtp.RtpHeader;
import org.voipwatch.analyzer.protocol.rtp.RtpStreamStats;
import org.voipwatch.analyzer.protocol.sdp.SdpMessage;
import org.voipwatch.analyzer.protocol.sdp.SdpSession;
import org.voipwatch.analyzer.protocol.sip.SipMessage;
import org.voipwatch.analyzer.protocol.stun.StunMessage;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * The protocol parsers on real message bytes from the generated site capture: one SIP message parsed and its
 * dialog fields read ({@code sipParse}), one SDP body parsed ({@code sdpParse}), one RTP header read and fed to a
 * stream's RFC 3550 statistics ({@code rtpTrack}), one STUN message parsed with its attributes walked
 * ({@code stunParse}). Payloads are copied out once at set-up; each operation takes the next one, cyclically.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProtocolParseBenchmark {
    private byte[][] sip;
    private byte[][] sdp;
    private byte[][] rtp;
    private long[] rtpTimeNs;
    private byte[][] stun;
    private int nextSip;
    private int nextSdp;
    private int nextRtp;
    private int nextStun;
    private final SipMessage sipMessage = new SipMessage();
    private final SdpMessage sdpMessage = new SdpMessage();
    private final SdpSession sdpSession = new SdpSession();
    private final RtpHeader rtpHeader = new RtpHeader();
    private final RtpStreamStats[] streams = new RtpStreamStats[64];
    private final StunMessage stunMessage = new StunMessage();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path file = SampleCapture.write();
        PacketEvent[] events;
        try {
            events = SampleCapture.load(file);
        } finally {
            Files.deleteIfExists(file);
        }
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        List<byte[]> sipList = new ArrayList<>();
        List<byte[]> sdpList = new ArrayList<>();
        List<byte[]> rtpList = new ArrayList<>();
        List<Long> rtpTimes = new ArrayList<>();
        List<byte[]> stunList = new ArrayList<>();
        SipMessage m = new SipMessage();
        for (PacketEvent ev : events) {
            decoder.decode(ev, p);
            int cls = PayloadProbe.classify(p);
            byte[] payload = Arrays.copyOfRange(p.buffer, p.payloadOffset, p.payloadOffset + p.payloadLength);
            if (cls == ProtocolClass.SIP) {
                sipList.add(payload);
                if (m.wrap(payload, 0, payload.length) == 0 && m.isSdp() && m.bodyLength() > 0) {
                    sdpList.add(Arrays.copyOfRange(payload, m.bodyOffset(), m.bodyOffset() + m.bodyLength()));
                }
            } else if (cls == ProtocolClass.RTP && rtpList.size() < 65_536) {
                rtpList.add(payload);
                rtpTimes.add(p.timestampNs);
            } else if (cls == ProtocolClass.STUN) {
                stunList.add(payload);
            }
        }
        sip = pow2(sipList);
        sdp = pow2(sdpList);
        rtp = pow2(rtpList);
        rtpTimeNs = new long[rtp.length];
        for (int i = 0; i < rtp.length; i++) {
            rtpTimeNs[i] = rtpTimes.get(i);
        }
        stun = pow2(stunList);
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new RtpStreamStats();
            streams[i].setClockRate(8000);
        }
    }

    /** The first power-of-two number of items, so the cyclic index wraps with a mask. */
    private static byte[][] pow2(List<byte[]> list) {
        if (list.isEmpty()) {
            throw new IllegalStateException("sample capture has no packets of a benchmarked protocol");
        }
        int n = Integer.highestOneBit(list.size());
        return list.subList(0, n).toArray(new byte[0][]);
    }

    @Benchmark
    public long sipParse() {
        int i = nextSip;
        nextSip = (i + 1) & (sip.length - 1);
        byte[] b = sip[i];
        SipMessage m = sipMessage;
        int status = m.wrap(b, 0, b.length);
        // what the call tracker reads of every message
        return status + m.callIdHash() + m.cseqNumber() + m.fromTagLength() + m.toTagLength() + m.viaBranchLength()
                + (m.isSdp() ? 1 : 0);
    }

    @Benchmark
    public int sdpParse() {
        int i = nextSdp;
        nextSdp = (i + 1) & (sdp.length - 1);
        byte[] b = sdp[i];
        return sdpMessage.parse(b, 0, b.length, sdpSession) + sdpSession.mediaCount();
    }

    @Benchmark
    public int rtpTrack() {
        int i = nextRtp;
        nextRtp = (i + 1) & (rtp.length - 1);
        byte[] b = rtp[i];
        RtpHeader h = rtpHeader;
        h.wrap(b, 0, b.length);
        // spread over a few streams by SSRC, as the stream table would
        RtpStreamStats s = streams[h.ssrc() & (streams.length - 1)];
        return s.update(rtpTimeNs[i], h.sequence(), h.timestamp(), b.length);
    }

    @Benchmark
    public int stunParse() {
        int i = nextStun;
        nextStun = (i + 1) & (stun.length - 1);
        byte[] b = stun[i];
        StunMessage m = stunMessage;
        int status = m.wrap(b, 0, b.length);
        int n = 0;
        while (m.nextAttribute()) {
            n += m.attributeType();
        }
        return status + n;
    }
}

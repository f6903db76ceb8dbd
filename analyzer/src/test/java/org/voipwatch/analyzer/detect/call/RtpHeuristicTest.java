package org.voipwatch.analyzer.detect.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * RTP without signalling: a stream is confirmed only after consecutive sequence numbers under one SSRC, so random
 * UDP payloads whose first byte looks like RTP version 2 (0x80-0xBF) never make a stream, and a real stream does.
 */
class RtpHeuristicTest {
    private final PacketEvent slot = new PacketEvent();
    private long seq;

    private void feed(CaptureRun run, byte[] frame, long timeNs) {
        slot.setPacket(timeNs, 1, frame, 0, frame.length, frame.length, 0, seq);
        run.feed(slot, seq++);
    }

    @Test
    void randomUdpThatLooksLikeRtpVersionTwoIsNotAStream() {
        CaptureRun run = new CaptureRun(new FlowMatrix.Builder("none").build(), new AnalyzerConfig().validate());
        Random rnd = new Random(4242);
        long t = CallFrames.T0;
        for (int i = 0; i < 5000; i++) {
            byte[] payload = new byte[12 + rnd.nextInt(200)];
            rnd.nextBytes(payload);
            payload[0] = (byte) (0x80 | (payload[0] & 0x3f)); // version 2, like RTP
            payload[1] = (byte) (payload[1] & 0x7f); // outside RTCP's 200-204 (RFC 5761)
            feed(run, Frames.udp("10.1.1.1", 40000 + (i & 7), "10.2.2.2", 50000, payload), t += 1_000_000);
        }
        assertEquals(5000, run.counters.rtpPackets);
        assertEquals(0, run.counters.rtpStreamsConfirmed);
    }

    @Test
    void rtpStreamWithoutSignallingIsConfirmedAndCounted() {
        CaptureRun run = new CaptureRun(new FlowMatrix.Builder("none").build(), new AnalyzerConfig().validate());
        long t = CallFrames.T0;
        for (int i = 0; i < 50; i++) {
            feed(run, Frames.udp("10.1.1.1", 40000, "10.2.2.2", 50000, CallFrames.rtp(0, 7 + i, 160L * i, 0xabcd)),
                    t += 20_000_000);
        }
        assertEquals(1, run.counters.rtpStreamsConfirmed);
        int e = run.calls.streams().find(0, 0x0000_ffff_0a01_0101L, 40000, 0, 0x0000_ffff_0a02_0202L, 50000, 0xabcd);
        assertEquals(50, run.calls.streams().stats[e].packets());
        assertEquals(0, run.calls.streams().stats[e].lost());
    }
}

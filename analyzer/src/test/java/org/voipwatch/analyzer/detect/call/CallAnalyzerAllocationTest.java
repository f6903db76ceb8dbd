package org.voipwatch.analyzer.detect.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * RTP packets of an answered call through the analyzer thread's stages (decode, flow tracking, CallAnalyzer with its
 * timers) allocate nothing once warmed up, measured with the thread's allocated-bytes counter.
 */
class CallAnalyzerAllocationTest {
    private static final int ROUNDS = 20_000;
    private static final long SLACK_BYTES = 2048;
    /** Ethernet 14 + IPv4 20 + UDP 8: where the RTP header starts in CallFrames' frames. */
    private static final int RTP_OFFSET = 42;

    private final PacketEvent slot = new PacketEvent();
    private long seq;
    private long nowNs = CallFrames.T0;

    private void feed(CaptureRun run, byte[] frame, long timeNs) {
        slot.setPacket(timeNs, 1, frame, 0, frame.length, frame.length, 0, seq);
        run.feed(slot, seq++);
    }

    /** Patches sequence number and timestamp of a prebuilt RTP frame, then feeds it (no allocation here). */
    private void rtp(CaptureRun run, byte[] frame, int n) {
        frame[RTP_OFFSET + 2] = (byte) (n >> 8);
        frame[RTP_OFFSET + 3] = (byte) n;
        long ts = 160L * n;
        frame[RTP_OFFSET + 4] = (byte) (ts >> 24);
        frame[RTP_OFFSET + 5] = (byte) (ts >> 16);
        frame[RTP_OFFSET + 6] = (byte) (ts >> 8);
        frame[RTP_OFFSET + 7] = (byte) ts;
        feed(run, frame, nowNs);
    }

    @Test
    void rtpOfAnAnsweredCallAllocatesNothing() throws Exception {
        AnalyzerConfig cfg = new AnalyzerConfig().validate();
        CaptureRun run = new CaptureRun(MatrixLoader.loadNamed(
                Captures.repoRoot().resolve("examples/demo-matrix.yaml").toString(), java.util.List.of()), cfg);
        CallFrames c = new CallFrames("alloc@test");
        String invite = c.request("INVITE", 1, false, CallFrames.sdp(CallFrames.CALLER, CallFrames.CALLER_RTP, null));
        String ok = c.response(200, "OK", "INVITE", 1, true,
                CallFrames.sdp(CallFrames.CALLEE, CallFrames.CALLEE_RTP, null));
        feed(run, Frames.udp(CallFrames.CALLER, 5060, CallFrames.CALLEE, 5060, invite), nowNs);
        feed(run, Frames.udp(CallFrames.CALLEE, 5060, CallFrames.CALLER, 5060, ok), nowNs + 1_000_000);
        byte[] up = Frames.udp(CallFrames.CALLER, CallFrames.CALLER_RTP, CallFrames.CALLEE, CallFrames.CALLEE_RTP,
                CallFrames.rtp(8, 0, 0, 0x1111));
        byte[] down = Frames.udp(CallFrames.CALLEE, CallFrames.CALLEE_RTP, CallFrames.CALLER, CallFrames.CALLER_RTP,
                CallFrames.rtp(8, 0, 0, 0x2222));
        int n = 0;
        for (int i = 0; i < ROUNDS; i++, n++) { // warm-up: the JIT compiles, the grace deadline passes
            nowNs += 10_000_000L;
            rtp(run, (i & 1) == 0 ? up : down, n >> 1);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ROUNDS; i++, n++) {
            nowNs += 10_000_000L;
            rtp(run, (i & 1) == 0 ? up : down, n >> 1);
        }
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(1, run.calls.calls().size(), "one call tracked");
        assertEquals(2L * ROUNDS, run.calls.calls().totalPackets[0] + run.calls.calls().totalPackets[1]);
        assertEquals(0, run.ofType("one_way_audio").size() + run.ofType("no_audio").size(), run.events.toString());
        assertTrue(bytes < SLACK_BYTES, "RTP through CallAnalyzer allocated " + bytes + " bytes for " + ROUNDS
                + " packets");
    }
}

package org.voipwatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.ring.PacketEventFactory;

/**
 * Allocation guard on the capture thread (STYLE.md guideline 13): on {@code lo}, after a warm-up, the bytes the
 * capture thread allocates ({@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}) over a few thousand
 * real captured frames, per frame. The direct path must stay near zero; pcap4j's loop(), measured the same way,
 * must show its known ~0.5 KB per frame, which proves the measurement sees allocation at all. Needs capture
 * rights on lo; skips otherwise. No timing assertions.
 */
class LiveCaptureAllocationTest {
    private static final String SERVER = "127.0.77.1";
    private static final int PORT = 40021;
    private static final int WARM_UP = 30_000;
    private static final int MEASURED = 20_000;
    /** Budget per frame on the direct path: nothing per frame, a little slack for one-off JIT/JNA bookkeeping. */
    private static final double DIRECT_MAX_BYTES_PER_FRAME = 4.0;
    /** pcap4j's callback makes a byte[], a Timestamp, an Integer and JNA glue per frame (STYLE.md: ~0.5 KB). */
    private static final double PCAP4J_MIN_BYTES_PER_FRAME = 200.0;

    @Test
    @Timeout(60)
    void directPathAllocatesNothingPerFrame() throws Exception {
        double perFrame = bytesPerFrame(LiveCaptureConfig.API_DIRECT);
        assertTrue(perFrame <= DIRECT_MAX_BYTES_PER_FRAME, "direct path allocated " + perFrame + " bytes/frame");
    }

    @Test
    @Timeout(60)
    void batchPathAllocatesNothingPerFrame() throws Exception {
        double perFrame = bytesPerFrame(LiveCaptureConfig.API_BATCH);
        assertTrue(perFrame <= DIRECT_MAX_BYTES_PER_FRAME, "batch path allocated " + perFrame + " bytes/frame");
    }

    @Test
    @Timeout(60)
    void pcap4jPathAllocatesPerFrameAsMeasuredBefore() throws Exception {
        double perFrame = bytesPerFrame(LiveCaptureConfig.API_PCAP4J);
        assertTrue(perFrame >= PCAP4J_MIN_BYTES_PER_FRAME, "pcap4j path allocated only " + perFrame
                + " bytes/frame: is the allocation measurement blind?");
    }

    private static double bytesPerFrame(String api) throws Exception {
        LiveCaptureConfig c = new LiveCaptureConfig();
        c.interfaces.add("lo");
        c.bpf = "udp and dst host " + SERVER + " and dst port " + PORT;
        c.api = api;
        LivePacketSource src;
        try {
            src = LivePacketSource.open(c, m -> { });
        } catch (LiveCaptureException e) {
            Assumptions.assumeTrue(false, "live capture on lo is not possible here: " + e.getMessage());
            return 0;
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported(), "thread allocation counters not supported");
        mx.setThreadAllocatedMemoryEnabled(true);
        assertEquals(LiveCaptureConfig.API_DIRECT.equals(api), src.readsDirect(0), "read path of " + api);
        assertEquals(LiveCaptureConfig.API_BATCH.equals(api), src.readsBatch(0), "read path of " + api);
        Disruptor<PacketEvent> d = new Disruptor<>(new PacketEventFactory(), 4096, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, new BlockingWaitStrategy());
        d.handleEventsWith((e, seq, last) -> { });
        RingBuffer<PacketEvent> ring = d.start();
        Thread pipeline = new Thread(() -> src.publishInto(ring), "test-publish");
        pipeline.start();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.77.2", 0))) {
            DatagramPacket dp = new DatagramPacket(new byte[172], 172, InetAddress.getByName(SERVER), PORT);
            send(s, dp, WARM_UP);
            long warm = awaitPublished(src, WARM_UP);
            Thread capture = src.captureThread(0);
            long before = mx.getThreadAllocatedBytes(capture.getId());
            send(s, dp, MEASURED);
            long after = awaitPublished(src, warm + MEASURED);
            long allocated = mx.getThreadAllocatedBytes(capture.getId()) - before;
            long frames = after - warm;
            assertTrue(frames >= MEASURED / 2, "only " + frames + " frames captured in the measured window");
            double perFrame = (double) allocated / frames;
            System.out.printf("LiveCaptureAllocationTest: %s path, %d frames, %d bytes allocated by the capture "
                    + "thread, %.2f bytes/frame%n", api, frames, allocated, perFrame);
            return perFrame;
        } finally {
            src.stop();
            pipeline.join(5000);
            src.close();
            d.shutdown();
        }
    }

    /** Paced in bursts so lo's socket and the 16 MiB capture buffer keep up on a shared 2-core machine. */
    private static void send(DatagramSocket s, DatagramPacket dp, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            s.send(dp);
            if (i % 500 == 499) {
                Thread.sleep(2);
            }
        }
    }

    /** Waits (bounded) until {@code target} frames are published or the count stops moving; returns the count. */
    private static long awaitPublished(LivePacketSource src, long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long p = src.stats().get(0).published();
            if (p >= target) {
                return p;
            }
            if (p != last) {
                last = p;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                return p; // the kernel dropped some; the test divides by what was captured
            }
            Thread.sleep(20);
        }
        return src.stats().get(0).published();
    }
}

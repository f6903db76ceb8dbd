package org.voipwatch.capture.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.ring.PacketEventFactory;

/**
 * LivePacketSource on {@code lo}, driven directly into a ring: what the slots carry is checked against the
 * datagrams the test sent (payload bytes at the end of the frame, lengths from the Ethernet/IPv4/UDP header sizes).
 * Needs capture rights on lo; skips otherwise.
 */
class LivePacketSourceTest {
    private static final String SERVER = "127.0.77.1";
    private static final int PORT = 40020;
    /** Ethernet 14 + IPv4 20 (no options) + UDP 8. */
    private static final int HEADERS = 14 + 20 + 8;

    private static LiveCaptureConfig loConfig(String api) {
        LiveCaptureConfig c = loConfig();
        c.api = api;
        return c;
    }

    private static LiveCaptureConfig loConfig() {
        LiveCaptureConfig c = new LiveCaptureConfig();
        c.interfaces.add("lo");
        c.bpf = "udp and dst host " + SERVER + " and dst port " + PORT;
        return c;
    }

    private static LivePacketSource openOrSkip(LiveCaptureConfig c) {
        try {
            return LivePacketSource.open(c, m -> { });
        } catch (LiveCaptureException e) {
            Assumptions.assumeTrue(false, "live capture on lo is not possible here: " + e.getMessage());
            return null;
        }
    }

    /** A copy of one slot, taken by the consumer thread. */
    private static final class Seen {
        final int kind;
        final long timeNs;
        final int linkType;
        final byte[] frame;
        final int originalLength;
        final int sourceIndex;
        final long frameNumber;

        Seen(PacketEvent e) {
            kind = e.kind;
            timeNs = e.timestampNs;
            linkType = e.linkType;
            frame = Arrays.copyOf(e.data, e.capturedLength);
            originalLength = e.originalLength;
            sourceIndex = e.sourceIndex;
            frameNumber = e.frameNumber;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {LiveCaptureConfig.API_DIRECT, LiveCaptureConfig.API_BATCH, LiveCaptureConfig.API_PCAP4J})
    @Timeout(20)
    void framesTicksAndOneEndReachTheRing(String api) throws Exception {
        LivePacketSource src = openOrSkip(loConfig(api));
        assertEquals(LiveCaptureConfig.API_DIRECT.equals(api), src.readsDirect(0));
        assertEquals(LiveCaptureConfig.API_BATCH.equals(api), src.readsBatch(0));
        String path = LiveCaptureConfig.API_DIRECT.equals(api) ? "pcap_next_ex)"
                : LiveCaptureConfig.API_BATCH.equals(api) ? "pcap_dispatch batch)" : "pcap4j loop)";
        assertTrue(src.describe().contains(path), src.describe());
        assertEquals(LinkType.ETHERNET, src.linkType(0));
        assertTrue(src.multiProducer());
        List<Seen> seen = new ArrayList<>();
        CountDownLatch end = new CountDownLatch(1);
        Disruptor<PacketEvent> d = new Disruptor<>(new PacketEventFactory(), 256, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, new BlockingWaitStrategy());
        d.handleEventsWith((e, seq, last) -> {
            synchronized (seen) {
                seen.add(new Seen(e));
            }
            if (e.kind == PacketEvent.KIND_END) {
                end.countDown();
            }
        });
        RingBuffer<PacketEvent> ring = d.start();
        long[] published = new long[1];
        Thread pipeline = new Thread(() -> published[0] = src.publishInto(ring), "test-publish");
        pipeline.start();
        String[] payloads = {"one", "two two", "three three three"};
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.77.2", 0))) {
            for (String p : payloads) {
                byte[] b = p.getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(b, b.length, InetAddress.getByName(SERVER), PORT));
            }
        }
        Thread.sleep(800); // quiet wire: at least two idle periods of 200 ms after the last packet
        src.stop();
        pipeline.join(5000);
        assertFalse(pipeline.isAlive(), "publishInto did not return after stop()");
        assertTrue(end.await(5, TimeUnit.SECONDS));
        src.close();
        d.shutdown();

        assertEquals(3, published[0]);
        List<Seen> packets = new ArrayList<>();
        int ticks = 0;
        int ends = 0;
        synchronized (seen) {
            for (Seen s : seen) {
                if (s.kind == PacketEvent.KIND_PACKET) {
                    packets.add(s);
                } else if (s.kind == PacketEvent.KIND_TICK) {
                    ticks++;
                } else {
                    ends++;
                }
            }
            assertEquals(PacketEvent.KIND_END, seen.get(seen.size() - 1).kind, "END comes last");
        }
        assertEquals(1, ends);
        assertTrue(ticks >= 2, "expected idle ticks during 800 ms of silence, got " + ticks);
        assertEquals(3, packets.size());
        for (int i = 0; i < 3; i++) {
            Seen p = packets.get(i);
            byte[] payload = payloads[i].getBytes(StandardCharsets.US_ASCII);
            assertEquals(HEADERS + payload.length, p.frame.length);
            assertEquals(p.frame.length, p.originalLength);
            assertArrayEquals(payload, Arrays.copyOfRange(p.frame, HEADERS, p.frame.length));
            assertEquals(LinkType.ETHERNET, p.linkType);
            assertEquals(0, p.sourceIndex);
            assertEquals(i + 1, p.frameNumber);
            assertEquals(0x0800, ((p.frame[12] & 0xff) << 8) | (p.frame[13] & 0xff), "EtherType IPv4");
        }
        long last = packets.get(2).timeNs;
        long prev = Long.MIN_VALUE;
        synchronized (seen) {
            for (Seen s : seen) {
                if (s.kind == PacketEvent.KIND_TICK) {
                    assertTrue(s.timeNs > last, "a tick moves the clock past the last packet");
                    assertTrue(s.timeNs > prev, "ticks go forward");
                    prev = s.timeNs;
                }
            }
            // the END time estimates "now": at least the last tick, and within the run's few seconds of the packets
            long endNs = seen.get(seen.size() - 1).timeNs;
            assertTrue(endNs >= prev && endNs - last < TimeUnit.SECONDS.toNanos(10), "END at " + endNs);
        }
        // capture time is the kernel's wall clock: within a minute of ours
        long nowNs = System.currentTimeMillis() * 1_000_000L;
        assertTrue(Math.abs(nowNs - last) < TimeUnit.MINUTES.toNanos(1), "packet time " + last + " vs " + nowNs);

        CaptureStats st = src.stats().get(0);
        assertEquals("lo", st.interfaceName());
        assertEquals(3, st.published());
        assertEquals(0, st.ringFull());
        assertEquals(0, st.dropped());
    }

    /**
     * Frames captured just before stop() still sit in a TPACKET_V3 block the kernel has not handed over yet; the
     * stop waits one read timeout for it instead of breaking the loop at once.
     */
    @ParameterizedTest
    @ValueSource(strings = {LiveCaptureConfig.API_DIRECT, LiveCaptureConfig.API_BATCH, LiveCaptureConfig.API_PCAP4J})
    @Timeout(20)
    void framesCapturedJustBeforeStopAreNotLost(String api) throws Exception {
        LivePacketSource src = openOrSkip(loConfig(api));
        Disruptor<PacketEvent> d = new Disruptor<>(new PacketEventFactory(), 64, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, new BlockingWaitStrategy());
        d.handleEventsWith((e, seq, last) -> { });
        RingBuffer<PacketEvent> ring = d.start();
        long[] published = new long[1];
        Thread pipeline = new Thread(() -> published[0] = src.publishInto(ring), "test-publish");
        pipeline.start();
        Thread.sleep(300); // the capture thread is in pcap_loop by now (the socket captured from open() anyway)
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.77.2", 0))) {
            for (int i = 0; i < 5; i++) {
                s.send(new DatagramPacket(new byte[] {(byte) i}, 1, InetAddress.getByName(SERVER), PORT));
            }
        }
        src.stop();
        pipeline.join(5000);
        src.close();
        d.shutdown();
        assertEquals(5, published[0]);
    }

    /**
     * A 9,000-byte datagram on lo (MTU 65,536) makes a frame larger than a slot's initial 2 KiB: the slot grows once
     * and the whole frame arrives, on both read paths and in immediate mode (TPACKET_V2) as well as the default.
     */
    @ParameterizedTest
    @CsvSource({"direct,false", "batch,false", "pcap4j,false", "direct,true", "batch,true", "pcap4j,true"})
    @Timeout(20)
    void aFrameLargerThanASlotArrivesWhole(String api, boolean immediate) throws Exception {
        LiveCaptureConfig c = loConfig(api);
        c.immediate = immediate;
        LivePacketSource src = openOrSkip(c);
        List<Seen> seen = new ArrayList<>();
        Disruptor<PacketEvent> d = new Disruptor<>(new PacketEventFactory(), 64, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, new BlockingWaitStrategy());
        d.handleEventsWith((e, seq, last) -> {
            if (e.kind == PacketEvent.KIND_PACKET) {
                synchronized (seen) {
                    seen.add(new Seen(e));
                }
            }
        });
        RingBuffer<PacketEvent> ring = d.start();
        Thread pipeline = new Thread(() -> src.publishInto(ring), "test-publish");
        pipeline.start();
        byte[] big = new byte[9000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.77.2", 0))) {
            s.send(new DatagramPacket(big, big.length, InetAddress.getByName(SERVER), PORT));
            s.send(new DatagramPacket(new byte[] {42}, 1, InetAddress.getByName(SERVER), PORT));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (src.stats().get(0).published() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10); // immediate mode has no drain at stop: let the capture thread take both first
        }
        src.stop();
        pipeline.join(5000);
        src.close();
        d.shutdown();
        synchronized (seen) {
            assertEquals(2, seen.size());
            Seen p = seen.get(0);
            assertEquals(HEADERS + big.length, p.frame.length);
            assertEquals(p.frame.length, p.originalLength);
            assertArrayEquals(big, Arrays.copyOfRange(p.frame, HEADERS, p.frame.length));
            assertArrayEquals(new byte[] {42}, Arrays.copyOfRange(seen.get(1).frame, HEADERS, HEADERS + 1));
            assertEquals(HEADERS + 1, seen.get(1).frame.length);
        }
        assertEquals(0, src.stats().get(0).framesCut());
    }

    @Test
    @Timeout(20)
    void stopBeforeStartPublishesOnlyEndAndCloseIsIdempotent() throws Exception {
        LivePacketSource src = openOrSkip(loConfig());
        Disruptor<PacketEvent> d = new Disruptor<>(new PacketEventFactory(), 16, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, new BlockingWaitStrategy());
        List<Integer> kinds = new ArrayList<>();
        d.handleEventsWith((e, seq, last) -> {
            synchronized (kinds) {
                kinds.add(e.kind);
            }
        });
        RingBuffer<PacketEvent> ring = d.start();
        src.stop();
        assertEquals(0, src.publishInto(ring));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            synchronized (kinds) {
                if (!kinds.isEmpty()) {
                    break;
                }
            }
            Thread.sleep(10);
        }
        synchronized (kinds) {
            assertEquals(List.of(PacketEvent.KIND_END), kinds);
        }
        src.close();
        src.close();
        assertThrows(IllegalStateException.class, () -> src.publishInto(ring));
        assertThrows(UnsupportedOperationException.class, () -> src.nextInto(new PacketEvent(64)));
        d.shutdown();
    }

    @Test
    void configErrorsNameTheFieldAndValue() {
        LiveCaptureConfig c = loConfig();
        c.snaplen = 10;
        LiveCaptureException e = assertThrows(LiveCaptureException.class, () -> LivePacketSource.open(c, m -> { }));
        assertEquals("snaplen must be in 64..65600, got 10", e.getMessage());
        LiveCaptureConfig none = new LiveCaptureConfig();
        assertThrows(LiveCaptureException.class, () -> LivePacketSource.open(none, m -> { }));
        LiveCaptureConfig twice = loConfig();
        twice.interfaces.add("lo");
        e = assertThrows(LiveCaptureException.class, () -> LivePacketSource.open(twice, m -> { }));
        assertTrue(e.getMessage().startsWith("interfaces must not repeat a name"), e.getMessage());
        LiveCaptureConfig badApi = loConfig("jnr");
        e = assertThrows(LiveCaptureException.class, () -> LivePacketSource.open(badApi, m -> { }));
        assertEquals("api must be direct, batch or pcap4j, got 'jnr'", e.getMessage());
    }

    @Test
    void permissionMessagesSayHowToGrantTheRight() {
        // libpcap 1.10's text for EPERM on socket(), as seen when run as nobody
        String m = LivePacketSource.openError("eth0", "socket: Operation not permitted");
        assertTrue(m.startsWith("no permission to capture on eth0 (socket: Operation not permitted)"), m);
        assertTrue(m.contains("sudo setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))"), m);
        assertTrue(m.contains("run as root"), m);
        assertEquals("cannot capture on eth9: No such device exists",
                LivePacketSource.openError("eth9", "No such device exists"));
        assertEquals("syntax error", LivePacketSource.libpcapMessage("Error occurred in pcap_compile: syntax error"));
    }
}

package org.voipwatch.capture.source;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import java.sql.Timestamp;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.time.IdleTicker;

/**
 * One interface of a {@link LivePacketSource}: its pcap handle, its capture thread's read loop and its health
 * counters. Two read paths, chosen at open ({@link LiveCaptureConfig#api}):
 * <ul>
 *   <li>direct (default): the capture thread runs {@link #readDirect()}, a loop of {@code pcap_next_ex} called
 *       through {@link PcapDirectReader}, which copies each frame from libpcap's buffer straight into the claimed
 *       ring slot (no Java object per packet);</li>
 *   <li>pcap4j: the capture thread runs {@code handle.loop(-1, this)}; libpcap calls {@link #gotPacket} for each
 *       frame, already copied by pcap4j into a fresh array, which is copied again into the slot.</li>
 * </ul>
 * Either way the frame is stamped with the capture header time, copied into a ring slot and published. When the
 * ring is full the thread waits a bounded time for the analyzer (see {@link #awaitSlot()}), then counts the frame
 * in {@link #ringFull()} and drops it; the counters mean the same on both paths.
 *
 * <p>Threads: {@link #readDirect}, {@link #gotPacket} and the published/ringFull/framesCut counters belong to the
 * capture thread (single writer, release stores); {@link #sample()} and the pcap_stats fields to the ticker thread;
 * the getters are for anyone.
 */
final class LiveInterface implements RawPacketListener, CaptureStats {
    /** Pause between claims while the ring is full: about one analyzer batch of small packets. */
    private static final long RING_RETRY_NANOS = 20_000L;
    final String name;
    final int index;
    final PcapHandle handle;
    final int linkType;
    /** The direct read path on this handle, or null (batch or pcap4j's loop()). */
    final PcapDirectReader direct;
    /** The batched read path on this handle (experimental), or null. */
    final PcapBatchReader batch;
    private final IdleTicker ticker;
    private final LivePacketSource owner;
    private final long ringWaitNanos;
    private RingBuffer<PacketEvent> ring;
    private long frameNumber;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong ringFull = new AtomicLong();
    private final AtomicLong framesCut = new AtomicLong();
    private volatile long received;
    private volatile long dropped;
    private volatile long ifDropped;
    private volatile long sampledAtNanos;
    Thread thread;

    LiveInterface(String name, int index, PcapHandle handle, int linkType, PcapDirectReader direct,
                  PcapBatchReader batch, IdleTicker ticker, LivePacketSource owner, long ringWaitNanos) {
        this.ringWaitNanos = ringWaitNanos;
        this.direct = direct;
        this.batch = batch;
        this.name = name;
        this.index = index;
        this.handle = handle;
        this.linkType = linkType;
        this.ticker = ticker;
        this.owner = owner;
    }

    /** Called once before the capture thread starts (the thread start publishes the field to it). */
    void attach(RingBuffer<PacketEvent> ring) {
        this.ring = ring;
    }

    /**
     * Capture thread, direct path: reads with pcap_next_ex until {@code breakLoop()} (libpcap answers
     * PCAP_ERROR_BREAK, and {@link LivePacketSource#breaking()} is already set), or an error. Returns null when
     * asked to stop, otherwise libpcap's error text.
     */
    String readDirect() {
        PcapDirectReader r = direct;
        while (!owner.breaking()) {
            int rc = r.next();
            if (rc == NativePcap.PCAP_NEXT_PACKET) {
                onNativeFrame(r);
            } else if (rc == NativePcap.PCAP_ERROR_BREAK) {
                return null;
            } else if (rc != NativePcap.PCAP_NEXT_TIMEOUT) {
                return "pcap_next_ex failed (" + rc + "): " + r.lastError();
            }
        }
        return null;
    }

    /**
     * Capture thread, batch path (experimental): pcap_dispatch fills the reader's buffer with every frame that is
     * ready, then each goes into a slot. Frames read before a break are still published. Returns as
     * {@link #readDirect()}.
     */
    String readBatch() {
        PcapBatchReader r = batch;
        while (!owner.breaking()) {
            int rc = r.read();
            while (r.nextRecord()) {
                onNativeFrame(r);
            }
            if (rc == NativePcap.PCAP_ERROR_BREAK) {
                return null;
            } else if (rc < 0) {
                return "pcap_dispatch failed (" + rc + "): " + r.lastError();
            }
        }
        return null;
    }

    /** Capture thread: a frame a native reader holds goes from libpcap's buffer into a slot, no array between. */
    private void onNativeFrame(LiveFrame r) {
        long ns = r.timestampNs();
        int captured = r.capturedLength();
        int orig = r.originalLength();
        long seq = claim(ns);
        if (seq < 0) {
            return;
        }
        PacketEvent slot = ring.get(seq);
        // as PacketEvent.setPacket: a slot grows once to the largest frame, longer ones are cut and counted
        if (captured > slot.data.length && slot.data.length < PacketEvent.MAX_FRAME_BYTES) {
            slot.data = new byte[PacketEvent.MAX_FRAME_BYTES];
        }
        if (captured > PacketEvent.MAX_FRAME_BYTES) {
            framesCut.lazySet(framesCut.get() + 1);
        }
        int len = Math.min(captured, slot.data.length);
        r.copyFrame(slot.data, len);
        slot.kind = PacketEvent.KIND_PACKET;
        slot.timestampNs = ns;
        slot.linkType = linkType;
        slot.capturedLength = len;
        slot.originalLength = orig;
        slot.sourceIndex = index;
        slot.frameNumber = frameNumber;
        commit(seq);
    }

    /**
     * Capture thread, pcap4j path: libpcap's callback. pcap4j has already copied the frame into a fresh array (see
     * docs/live.md).
     */
    @Override
    public void gotPacket(byte[] frame) {
        // pcap4j keeps the current header's time and length in thread-locals of the calling (capture) thread
        Timestamp ts = handle.getTimestamp();
        long ns = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
        Integer orig = handle.getOriginalLength();
        long seq = claim(ns);
        if (seq < 0) {
            return;
        }
        PacketEvent slot = ring.get(seq);
        if (frame.length > PacketEvent.MAX_FRAME_BYTES) {
            framesCut.lazySet(framesCut.get() + 1);
        }
        slot.setPacket(ns, linkType, frame, 0, frame.length, orig == null ? frame.length : orig, index, frameNumber);
        commit(seq);
    }

    /**
     * Capture thread: numbers the frame and claims a slot for it, waiting a bounded time when the ring is full.
     * Returns the sequence, or -1 when the frame was dropped (counted in ringFull).
     */
    private long claim(long ns) {
        ticker.onPacket(ns);
        ++frameNumber;
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException e) {
            long seq = awaitSlot();
            if (seq < 0) {
                ringFull.lazySet(ringFull.get() + 1);
            }
            return seq;
        }
    }

    /** Capture thread: publishes a filled slot and counts it. */
    private void commit(long seq) {
        ring.publish(seq);
        long p = published.get() + 1;
        published.lazySet(p);
        if (p == 1) {
            owner.firstPacket();
        }
    }

    /**
     * The ring is full: wait for the analyzer a little rather than drop at once. libpcap hands over a whole
     * TPACKET_V3 block at a time (thousands of frames after a busy 100 ms), which overflows a 1024-slot ring even
     * when the analyzer is many times faster than capture on average. While this thread waits, the kernel keeps
     * filling its own buffer (--buffer-mb), which is much larger, and counts what it cannot keep (ps_drop). Bounded
     * by {@link #ringWaitNanos} so a stuck analyzer cannot hold capture for ever. Returns the claimed sequence, or -1.
     */
    private long awaitSlot() {
        long deadline = System.nanoTime() + ringWaitNanos;
        do {
            LockSupport.parkNanos(RING_RETRY_NANOS);
            try {
                return ring.tryNext();
            } catch (InsufficientCapacityException again) {
                // still full
            }
        } while (System.nanoTime() - deadline < 0 && !owner.breaking());
        return -1;
    }

    /** Ticker thread: reads pcap_stats into the volatile fields. Returns an error text, or null. */
    String sample() {
        try {
            PcapStat s = handle.getStats();
            received = s.getNumPacketsReceived();
            dropped = s.getNumPacketsDropped();
            ifDropped = s.getNumPacketsDroppedByIf();
            sampledAtNanos = System.nanoTime();
            return null;
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            return name + ": pcap_stats failed: " + e.getMessage();
        }
    }

    @Override
    public String interfaceName() {
        return name;
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public long dropped() {
        return dropped;
    }

    @Override
    public long ifDropped() {
        return ifDropped;
    }

    @Override
    public long published() {
        return published.get();
    }

    @Override
    public long ringFull() {
        return ringFull.get();
    }

    @Override
    public long framesCut() {
        return framesCut.get();
    }

    @Override
    public long sampledAtNanos() {
        return sampledAtNanos;
    }

    @Override
    public String toString() {
        return name + ": received " + received + ", dropped " + dropped + ", if-dropped " + ifDropped
                + ", published " + published() + ", ring full " + ringFull() + ", cut " + framesCut();
    }
}

package org.voipwatch.capture.source;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.time.IdleTicker;

/**
 * Live capture on one or more interfaces: handles opened through pcap4j's builder, frames read either with
 * {@code pcap_next_ex} called directly on pcap4j's {@code pcap_t} (the default, {@link PcapDirectReader}: each
 * frame copied from libpcap's buffer straight into its ring slot) or with pcap4j's raw {@code loop()} (the fallback,
 * {@link LiveCaptureConfig#api}); never pcap4j's packet object model.
 *
 * <p>Threads (see docs/live.md): one capture thread per interface reads and publishes each frame straight into the
 * packet ring; one ticker thread publishes idle ticks (see {@link IdleTicker}) and samples {@code pcap_stats} every
 * {@link LiveCaptureConfig#statsIntervalNanos}; the pipeline's thread blocks in {@link #publishInto} until
 * {@link #stop()}. Several threads publish, so the ring must be multi-producer ({@link #multiProducer()} is true).
 * Stopping waits one read timeout (so the kernel hands over the frames it still holds), then sets
 * {@link #breaking()} and calls {@code breakLoop()} (which wakes libpcap's poll(), where a capture thread sits on a
 * quiet wire whichever path it reads with), and joins each capture thread with a deadline. A handle is closed only
 * once its thread has left libpcap: pcap4j's {@code close()} under its own loop deadlocks, and under the direct
 * path it would free the pcap_t the thread is reading.
 *
 * <p>Everything the user can get wrong (unknown interface, missing capture permission, bad filter) fails in
 * {@link #open} with a {@link LiveCaptureException} whose message says what to do.
 */
public final class LivePacketSource implements RingPublishingSource {
    /** Extra wait beyond the read timeout for the last block to be handed over at stop. */
    private static final long DRAIN_MARGIN_MILLIS = 50;
    private final LiveCaptureConfig config;
    private final Consumer<String> log;
    private final IdleTicker ticker;
    private final List<LiveInterface> interfaces = new ArrayList<>();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean breaking;
    private volatile long firstPacketNanos;
    private boolean started;
    private boolean closed;
    private Thread tickerThread;
    // ticker thread only: totals at the previous sample, to log only what changed
    private long[] lastDropped;
    private long ticksDropped;

    private LivePacketSource(LiveCaptureConfig config, Consumer<String> log) {
        this.config = config;
        this.log = log;
        // in immediate mode frames are handed over at once; otherwise a block waits up to the read timeout
        long lagNanos = config.immediate ? 0 : TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis);
        this.ticker = new IdleTicker(config.idleTickNanos, lagNanos, System::nanoTime);
    }

    /**
     * Opens every interface of {@code config} (handles built and activated, filter compiled and set) without
     * starting to capture; {@link #publishInto} starts the threads.
     *
     * @param log where health messages go (drops seen by pcap_stats, capture errors); any thread may call it
     */
    public static LivePacketSource open(LiveCaptureConfig config, Consumer<String> log) throws LiveCaptureException {
        try {
            config.validate();
        } catch (IllegalArgumentException e) {
            throw new LiveCaptureException(e.getMessage());
        }
        List<String> available = availableInterfaces();
        for (String name : config.interfaces) {
            if (!available.contains(name)) {
                throw new LiveCaptureException("no capture interface '" + name + "'; available: "
                        + (available.isEmpty() ? "none (is libpcap allowed to list them? see docs/live.md)"
                        : String.join(", ", available)));
            }
        }
        LivePacketSource src = new LivePacketSource(config, log);
        try {
            for (int i = 0; i < config.interfaces.size(); i++) {
                String name = config.interfaces.get(i);
                PcapHandle h = openHandle(name, config);
                int linkType;
                try {
                    linkType = linkTypeOf(h);
                } catch (LiveCaptureException e) {
                    h.close();
                    throw e;
                }
                PcapBatchReader batch = LiveCaptureConfig.API_BATCH.equals(config.api) ? batchOrLog(name, h, log)
                        : null;
                PcapDirectReader direct = batch == null && !LiveCaptureConfig.API_PCAP4J.equals(config.api)
                        ? directOrLog(name, h, log) : null;
                src.interfaces.add(new LiveInterface(name, i, h, linkType, direct, batch, src.ticker, src,
                        config.ringWaitNanos));
            }
        } catch (LiveCaptureException e) {
            src.close();
            throw e;
        }
        src.lastDropped = new long[src.interfaces.size()];
        return src;
    }

    /** The direct read path on {@code h}, or null (and a log line saying why) to fall back to pcap4j's loop(). */
    static PcapDirectReader directOrLog(String name, PcapHandle h, Consumer<String> log) {
        return openOrLog(() -> PcapDirectReader.open(h), log, "capture " + name
                + ": direct pcap_next_ex read path unavailable (", "); reading through pcap4j loop() instead");
    }

    /** The batched read path on {@code h}, or null (and a log line saying why) to fall back to the direct path. */
    static PcapBatchReader batchOrLog(String name, PcapHandle h, Consumer<String> log) {
        return openOrLog(() -> PcapBatchReader.open(h), log, "capture " + name
                + ": batched pcap_dispatch read path unavailable (", "); trying pcap_next_ex");
    }

    /** Opens a native read path; when the platform lacks it, logs {@code before + reason + after} and gives null. */
    private static <T> T openOrLog(Supplier<T> open, Consumer<String> log, String before, String after) {
        try {
            return open.get();
        } catch (UnsupportedOperationException e) {
            log.accept(before + e.getMessage() + after);
            return null;
        }
    }

    /** Interface names libpcap can capture on (pcap_findalldevs), in its order. */
    public static List<String> availableInterfaces() throws LiveCaptureException {
        try {
            List<String> names = new ArrayList<>();
            for (PcapNetworkInterface nif : Pcaps.findAllDevs()) {
                names.add(nif.getName());
            }
            return names;
        } catch (PcapNativeException | RuntimeException | UnsatisfiedLinkError e) {
            throw new LiveCaptureException("libpcap cannot list interfaces: " + e.getMessage()
                    + " (is libpcap installed? Debian: apt-get install libpcap0.8)");
        }
    }

    private static PcapHandle openHandle(String name, LiveCaptureConfig c) throws LiveCaptureException {
        PcapHandle h;
        try {
            h = new PcapHandle.Builder(name)
                    .snaplen(c.snaplen)
                    .bufferSize(c.bufferBytes)
                    .promiscuousMode(c.promiscuous ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(c.timeoutMillis)
                    .immediateMode(c.immediate)
                    // nanosecond stamps where the platform has them (Linux); pcap4j falls back to micro otherwise
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .build();
        } catch (PcapNativeException e) {
            throw new LiveCaptureException(openError(name, e.getMessage()));
        }
        if (c.bpf != null && !c.bpf.isBlank()) {
            try {
                h.setFilter(c.bpf, BpfProgram.BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException | NotOpenException e) {
                h.close();
                throw new LiveCaptureException("bad capture filter '" + c.bpf + "' on " + name + ": "
                        + libpcapMessage(e.getMessage()));
            }
        }
        return h;
    }

    /** The user-facing text for a failed pcap_create/pcap_activate; permission problems say how to fix them. */
    static String openError(String name, String libpcapMessage) {
        String m = libpcapMessage == null ? "" : libpcapMessage;
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("permission") || lower.contains("operation not permitted")) {
            return "no permission to capture on " + name + " (" + m.trim() + "). Either run as root or give the "
                    + "JVM the capture capabilities: sudo setcap cap_net_raw,cap_net_admin=eip "
                    + "$(readlink -f $(which java))";
        }
        return "cannot capture on " + name + ": " + m.trim();
    }

    /** pcap4j prefixes libpcap's text with its own wording; keep what libpcap said. */
    static String libpcapMessage(String pcap4jMessage) {
        if (pcap4jMessage == null) {
            return "(no message)";
        }
        String m = pcap4jMessage;
        int colon = m.indexOf("pcap_compile:");
        if (colon < 0) {
            colon = m.indexOf("pcap_setfilter:");
        }
        if (colon >= 0) {
            m = m.substring(m.indexOf(':', colon) + 1);
        }
        return m.trim();
    }

    /**
     * The handle's link type, asked from libpcap ({@code pcap_datalink}) on pcap4j's native pointer so that no
     * class of {@code org.pcap4j.packet} is touched. pcap_datalink gives DLT_* values, which equal LINKTYPE_*
     * for everything voipwatch decodes (DLT_RAW 12/14 is mapped by {@link LinkType}). Once per interface.
     */
    static int linkTypeOf(PcapHandle h) throws LiveCaptureException {
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            Pointer p = (Pointer) f.get(h);
            NativeLibrary lib = NativeLibrary.getInstance(System.getProperty("org.pcap4j.core.pcapLibName", "pcap"));
            return lib.getFunction("pcap_datalink").invokeInt(new Object[] {p});
        } catch (ReflectiveOperationException | RuntimeException | UnsatisfiedLinkError e) {
            throw new LiveCaptureException("cannot read the link type of the capture handle (pcap4j "
                    + "internals changed?): " + e);
        }
    }

    @Override
    public boolean multiProducer() {
        return true;
    }

    @Override
    public long publishInto(RingBuffer<PacketEvent> ring) {
        synchronized (this) {
            if (started || closed) {
                throw new IllegalStateException("publishInto may be called once, before close()");
            }
            started = true;
        }
        boolean interrupted = false;
        if (!stopping) {
            running.set(interfaces.size());
            for (LiveInterface li : interfaces) {
                li.attach(ring);
                li.thread = new Thread(() -> capture(li), "voipwatch-capture-" + li.name);
                // daemon: a thread stuck in native code must not keep the JVM alive after the deadline
                li.thread.setDaemon(true);
                li.thread.start();
            }
            tickerThread = new Thread(() -> tick(ring), "voipwatch-ticker");
            tickerThread.setDaemon(true);
            tickerThread.start();
            try {
                finished.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        stop();
        interrupted |= drain();
        breakAll();
        interrupted |= joinCaptureThreads();
        if (tickerThread != null) {
            tickerThread.interrupt();
            interrupted |= join(tickerThread, TimeUnit.SECONDS.toNanos(1));
        }
        sampleAll(false);
        long total = 0;
        for (LiveInterface li : interfaces) {
            total += li.published();
            summarizeLosses(li);
        }
        long endNs = ticker.nowEstimateNs();
        long seq = ring.next();
        ring.get(seq).setEnd(endNs == IdleTicker.NO_TICK ? 0 : endNs);
        ring.publish(seq);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return total;
    }

    private void capture(LiveInterface li) {
        try {
            if (stopping) {
                return;
            }
            if (li.direct != null || li.batch != null) {
                String error = li.batch != null ? li.readBatch() : li.readDirect();
                if (error != null && !stopping) {
                    String w = li.name + ": capture stopped: " + error;
                    warnings.add(w);
                    log.accept(w);
                }
            } else {
                li.handle.loop(-1, li);
            }
        } catch (InterruptedException e) {
            // pcap_loop returned PCAP_ERROR_BREAK: breakLoop() asked us to stop
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            if (!stopping) {
                String w = li.name + ": capture stopped: " + e.getMessage();
                warnings.add(w);
                log.accept(w);
            }
        } finally {
            if (running.decrementAndGet() == 0) {
                finished.countDown();
            }
        }
    }

    private void tick(RingBuffer<PacketEvent> ring) {
        long pollMillis = Math.max(1, Math.min(50, config.idleTickNanos / 4_000_000L));
        long nextStats = System.nanoTime() + config.statsIntervalNanos;
        while (!stopping) {
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                return;
            }
            long t = ticker.poll();
            if (t != IdleTicker.NO_TICK) {
                try {
                    long seq = ring.tryNext();
                    ring.get(seq).setTick(t);
                    ring.publish(seq);
                } catch (InsufficientCapacityException e) {
                    ticksDropped++; // the ring is full of packets, and they carry the time anyway
                }
            }
            long now = System.nanoTime();
            if (now - nextStats >= 0) {
                nextStats = now + config.statsIntervalNanos;
                sampleAll(true);
            }
        }
    }

    /** Ticker thread (or the pipeline thread once the ticker has ended): pcap_stats into every interface. */
    private void sampleAll(boolean logChanges) {
        for (int i = 0; i < interfaces.size(); i++) {
            LiveInterface li = interfaces.get(i);
            String err = li.sample();
            if (err != null) {
                if (logChanges) {
                    log.accept(err);
                }
                continue;
            }
            long lost = li.dropped() + li.ifDropped() + li.ringFull();
            if (logChanges && lost > lastDropped[i]) {
                log.accept(String.format(Locale.ROOT, "capture %s: %,d packets lost in the last %d s "
                        + "(%s)", li.name, lost - lastDropped[i], config.statsIntervalNanos / 1_000_000_000L, li));
            }
            lastDropped[i] = lost;
        }
    }

    private void summarizeLosses(LiveInterface li) {
        if (li.dropped() > 0 || li.ifDropped() > 0) {
            warnings.add(String.format(Locale.ROOT, "%s: libpcap reports %,d packets dropped by the kernel and "
                    + "%,d by the interface out of %,d received (raise --buffer-mb or narrow --bpf)", li.name,
                    li.dropped(), li.ifDropped(), li.received()));
        }
        if (li.ringFull() > 0) {
            warnings.add(String.format(Locale.ROOT, "%s: %,d frames dropped because the analyzer fell behind "
                    + "(packet ring full)", li.name, li.ringFull()));
        }
        if (li.framesCut() > 0) {
            warnings.add(String.format(Locale.ROOT, "%s: %,d frames longer than a ring slot were cut", li.name,
                    li.framesCut()));
        }
    }

    /** Returns true when the calling thread was interrupted while waiting. */
    private boolean joinCaptureThreads() {
        long deadline = System.nanoTime() + config.joinDeadlineNanos;
        boolean interrupted = false;
        for (LiveInterface li : interfaces) {
            if (li.thread == null) {
                continue;
            }
            interrupted |= join(li.thread, Math.max(1, deadline - System.nanoTime()));
            if (li.thread.isAlive()) {
                warnings.add(li.name + ": capture thread did not leave libpcap within "
                        + config.joinDeadlineNanos / 1_000_000 + " ms of breakLoop(); its handle is left open");
            }
        }
        return interrupted;
    }

    private static boolean join(Thread t, long nanos) {
        long deadline = System.nanoTime() + nanos;
        boolean interrupted = false;
        while (t.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /** True once breakLoop() has been called: a capture thread waiting for a ring slot gives up. */
    boolean breaking() {
        return breaking;
    }

    /**
     * Lets the capture threads run one read timeout more before breakLoop(): frames captured before the stop may
     * still sit in a TPACKET_V3 block that the kernel hands over only when the block times out, and breakLoop()
     * would leave them unread. Returns true when interrupted.
     */
    private boolean drain() {
        if (config.immediate || running.get() == 0) {
            return false;
        }
        try {
            Thread.sleep(config.timeoutMillis + DRAIN_MARGIN_MILLIS);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private void breakAll() {
        breaking = true;
        for (LiveInterface li : interfaces) {
            try {
                li.handle.breakLoop();
            } catch (NotOpenException | RuntimeException e) {
                // already closed: nothing to break
            }
        }
    }

    void firstPacket() {
        if (firstPacketNanos == 0) {
            firstPacketNanos = System.nanoTime();
        }
    }

    @Override
    public long firstPacketNanos() {
        return firstPacketNanos;
    }

    /** Live sources publish from their own threads: use {@link #publishInto}. */
    @Override
    public boolean nextInto(PacketEvent slot) {
        throw new UnsupportedOperationException("LivePacketSource publishes from its own threads; drive it with "
                + "publishInto(ring) (CaptureLoop does), and do not wrap it in a pulling PacketSource");
    }

    /** Health per interface, in the order of {@link LiveCaptureConfig#interfaces}; readable from any thread. */
    public List<CaptureStats> stats() {
        return List.copyOf(interfaces);
    }

    /** True when interface {@code index} is read through the direct pcap_next_ex path (tests, describe()). */
    boolean readsDirect(int index) {
        return interfaces.get(index).direct != null;
    }

    /** True when interface {@code index} is read through the batched pcap_dispatch path (tests). */
    boolean readsBatch(int index) {
        return interfaces.get(index).batch != null;
    }

    /** The capture thread of interface {@code index}, null before {@link #publishInto} (allocation tests). */
    Thread captureThread(int index) {
        return interfaces.get(index).thread;
    }

    /** LINKTYPE_* of interface {@code index}. */
    public int linkType(int index) {
        return interfaces.get(index).linkType;
    }

    /** One line per interface for the start-up message. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (LiveInterface li : interfaces) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(li.name).append(" (").append(LinkType.name(li.linkType)).append(", snaplen ")
                    .append(config.snaplen).append(", buffer ").append(config.bufferBytes >> 20).append(" MiB")
                    .append(config.promiscuous ? ", promiscuous" : "")
                    .append(", ").append(li.handle.getTimestampPrecision().name().toLowerCase(Locale.ROOT))
                    .append("second stamps, ").append(li.batch != null ? "pcap_dispatch batch"
                            : li.direct != null ? "pcap_next_ex" : "pcap4j loop")
                    .append(')');
        }
        if (config.bpf != null && !config.bpf.isBlank()) {
            sb.append(", filter '").append(config.bpf).append('\'');
        }
        return sb.toString();
    }

    @Override
    public List<String> warnings() {
        synchronized (warnings) {
            List<String> copy = new ArrayList<>(warnings);
            if (ticksDropped > 0) {
                copy.add(ticksDropped + " idle ticks skipped (packet ring full)");
            }
            return Collections.unmodifiableList(copy);
        }
    }

    /**
     * Asks {@link #publishInto} to finish: it lets the capture threads hand over what the kernel still holds (one
     * read timeout), then makes them leave libpcap with breakLoop(). Returns at once. Thread-safe.
     */
    @Override
    public void stop() {
        stopping = true;
        finished.countDown();
    }

    /** Stops if needed and closes every handle whose thread has left libpcap (closing under a loop deadlocks). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stop();
        breakAll();
        joinCaptureThreads();
        for (LiveInterface li : interfaces) {
            if (li.thread == null || !li.thread.isAlive()) {
                if (li.batch != null) {
                    li.batch.close(); // its memory stream; the pcap_t stays pcap4j's to close
                }
                li.handle.close();
            }
        }
    }
}

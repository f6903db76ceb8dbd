package org.voipwatch.capture.source;

import java.util.ArrayList;
import java.util.List;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.time.IdleTicker;

/**
 * Settings of a live capture, every default named, validated once by {@link #validate()} (the error names the
 * field and the bad value). Filled by the CLI before the capture starts; not changed afterwards.
 */
public final class LiveCaptureConfig {
    /** Whole frames: VoIP signalling (SIP over UDP with SDP) easily exceeds the old 1514/9000-byte habits. */
    public static final int SNAPLEN_DEFAULT = 65_535;
    /** Kernel capture buffer per interface: 16 MiB absorbs about 0.1 s of a busy gigabit link. */
    public static final int BUFFER_BYTES_DEFAULT = 16 << 20;
    /**
     * libpcap read timeout: the longest a captured frame waits in a TPACKET_V3 block before it is handed over (the
     * latency of events), and how long a capture thread sleeps in poll() on a quiet wire, so {@code breakLoop()} is
     * noticed even on libpcap builds whose breakloop does not wake poll() (before 1.10).
     */
    public static final int TIMEOUT_MILLIS_DEFAULT = 100;
    public static final long STATS_INTERVAL_NANOS_DEFAULT = 5_000_000_000L;
    /**
     * How long a capture thread waits for a free ring slot before dropping the frame (counted as ring-full).
     * Meanwhile the kernel buffer takes the backlog; see LiveInterface.awaitSlot.
     */
    public static final long RING_WAIT_NANOS_DEFAULT = 100_000_000L;
    /** Read path: pcap_next_ex called directly, copying each frame straight into its ring slot (docs/live.md). */
    public static final String API_DIRECT = "direct";
    /**
     * Read path, experimental: pcap_dispatch with libpcap's pcap_dump as the native callback writing into a memory
     * stream, many frames per native call (PcapBatchReader); falls back to {@link #API_DIRECT}.
     */
    public static final String API_BATCH = "batch";
    /** Read path: pcap4j's {@code loop()} with a raw listener (a Java array and more per packet); the fallback. */
    public static final String API_PCAP4J = "pcap4j";
    /** System property that sets the default of {@link #api} (the CLI's --capture-api overrides it). */
    public static final String API_PROP_NAME = "voipwatch.live.api";
    public static final String API_DEFAULT = API_DIRECT;
    /** How long stop() waits for each capture thread to leave libpcap before giving up on it. */
    public static final long JOIN_DEADLINE_NANOS_DEFAULT = 2_000_000_000L;

    /** Interfaces to capture on, as libpcap names them; at least one. */
    public final List<String> interfaces = new ArrayList<>();
    /** BPF capture filter (tcpdump syntax), or null for everything. */
    public String bpf;
    public int snaplen = SNAPLEN_DEFAULT;
    public int bufferBytes = BUFFER_BYTES_DEFAULT;
    public boolean promiscuous;
    /**
     * libpcap immediate mode: each frame delivered at once, but on Linux it forces TPACKET_V2, whose ring has one
     * snaplen-sized slot per frame (16 MiB / 64 KiB = 256 frames: measured 11 % kernel drops at 10 k packets/s on
     * lo). Off by default: TPACKET_V3 packs frames into blocks handed over when full or after
     * {@link #timeoutMillis}, so events come at most that much later and the same buffer holds ~100 k small frames.
     */
    public boolean immediate;
    public int timeoutMillis = TIMEOUT_MILLIS_DEFAULT;
    public long idleTickNanos = IdleTicker.IDLE_NANOS_DEFAULT;
    public long statsIntervalNanos = STATS_INTERVAL_NANOS_DEFAULT;
    public long joinDeadlineNanos = JOIN_DEADLINE_NANOS_DEFAULT;
    public long ringWaitNanos = RING_WAIT_NANOS_DEFAULT;
    /**
     * How the capture threads read: {@link #API_DIRECT}, {@link #API_BATCH} or {@link #API_PCAP4J}; by default from the system property
     * {@link #API_PROP_NAME}, else {@link #API_DEFAULT}. When the direct path cannot be set up on a handle (another
     * OS, a pcap4j whose internals changed), that interface falls back to pcap4j with a log line.
     */
    public String api = System.getProperty(API_PROP_NAME, API_DEFAULT);

    /** Throws IllegalArgumentException naming the first bad field. */
    public LiveCaptureConfig validate() {
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("interfaces must name at least one interface");
        }
        for (String i : interfaces) {
            if (i == null || i.isBlank()) {
                throw new IllegalArgumentException("interfaces must not contain an empty name, got " + interfaces);
            }
        }
        if (interfaces.size() != interfaces.stream().distinct().count()) {
            throw new IllegalArgumentException("interfaces must not repeat a name, got " + interfaces);
        }
        if (snaplen < 64 || snaplen > PacketEvent.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("snaplen must be in 64.." + PacketEvent.MAX_FRAME_BYTES + ", got "
                    + snaplen);
        }
        if (bufferBytes < 65_536) {
            throw new IllegalArgumentException("bufferBytes must be at least 65536, got " + bufferBytes);
        }
        if (timeoutMillis < 1 || timeoutMillis > 1000) {
            throw new IllegalArgumentException("timeoutMillis must be in 1..1000, got " + timeoutMillis);
        }
        positive("idleTickNanos", idleTickNanos);
        if (!immediate && idleTickNanos <= timeoutMillis * 1_000_000L) {
            throw new IllegalArgumentException("idleTickNanos must exceed the read timeout (" + timeoutMillis
                    + " ms) when not in immediate mode, got " + idleTickNanos);
        }
        positive("statsIntervalNanos", statsIntervalNanos);
        positive("joinDeadlineNanos", joinDeadlineNanos);
        positive("ringWaitNanos", ringWaitNanos);
        if (!API_DIRECT.equals(api) && !API_BATCH.equals(api) && !API_PCAP4J.equals(api)) {
            throw new IllegalArgumentException("api must be " + API_DIRECT + ", " + API_BATCH + " or " + API_PCAP4J
                    + ", got '" + api + "'");
        }
        return this;
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }
}

package org.voipwatch.capture.source;

/**
 * Health of one live capture interface, readable from any thread (metrics, the summary). libpcap's counters are
 * sampled from {@code pcap_stats} on a timer ({@link LiveCaptureConfig#statsIntervalNanos}); the others are kept
 * by the capture thread as it goes. Values are monotonic for the life of the capture.
 */
public interface CaptureStats {
    /** Interface name as given to libpcap (e.g. {@code eth0}). */
    String interfaceName();

    /** Packets the kernel passed the filter (pcap_stat.ps_recv; on Linux, counted whether or not dropped). */
    long received();

    /** Packets the kernel dropped because the capture buffer was full (pcap_stat.ps_drop). */
    long dropped();

    /** Packets dropped by the interface or its driver (pcap_stat.ps_ifdrop; not supported everywhere: then 0). */
    long ifDropped();

    /** Frames handed to the ring. */
    long published();

    /** Frames lost because the ring was full (the analyzer fell behind); capture never waits for it. */
    long ringFull();

    /** Frames longer than the largest ring slot ({@code PacketEvent.MAX_FRAME_BYTES}), cut to it. */
    long framesCut();

    /** System.nanoTime() of the last pcap_stats sample, 0 before the first. */
    long sampledAtNanos();
}

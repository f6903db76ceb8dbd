package org.voipwatch.analyzer.config;

/**
 * Every tunable of the analysis, with named defaults, validated once by {@link #validate()} (the error names
 * the field and the bad value). Durations are nanoseconds of packet time.
 */
public final class AnalyzerConfig {
    public static final int MAX_FLOWS_DEFAULT = 262_144;
    public static final long UDP_IDLE_TIMEOUT_NS_DEFAULT = 120_000_000_000L;
    public static final long TCP_IDLE_TIMEOUT_NS_DEFAULT = 3_600_000_000_000L;
    public static final long TCP_CLOSED_TIMEOUT_NS_DEFAULT = 30_000_000_000L;
    public static final long OTHER_IDLE_TIMEOUT_NS_DEFAULT = 60_000_000_000L;
    public static final long SYN_TIMEOUT_NS_DEFAULT = 3_000_000_000L;
    public static final long UDP_UNANSWERED_TIMEOUT_NS_DEFAULT = 10_000_000_000L;
    public static final long SWEEP_INTERVAL_NS_DEFAULT = 1_000_000_000L;
    /** RFC 8489 §6.2.1 (RTO 500 ms): by 5 s a UDP client has sent a request 4 times; it gives up at 39.5 s. */
    public static final long STUN_TRANSACTION_TIMEOUT_NS_DEFAULT = 5_000_000_000L;
    public static final int STUN_MAX_TRANSACTIONS_DEFAULT = 16_384;
    public static final int STUN_MAX_FLOWS_DEFAULT = 16_384;
    public static final int TURN_MAX_ALLOCATIONS_DEFAULT = 4096;
    /** RFC 8656 §7.2: the server's maximum lifetime is 3600 s by default; refreshed allocations stay active. */
    public static final long TURN_ALLOCATION_IDLE_TIMEOUT_NS_DEFAULT = 3_660_000_000_000L;
    /**
     * 4096, not 1024: the frames of 4096 slots (about 1 MiB of touched cache lines) no longer fit in the analyzer
     * core's 512 KiB L2, so by the time the capture thread rewrites a slot the analyzer's copy of its lines is gone
     * and the write needs no cross-core invalidation. Flows-only analysis went from a median of 2.94 to 3.46 M
     * packets/s (benchmarks/README.md, run 8); 8192 was slower again.
     */
    public static final int PACKET_RING_SIZE_DEFAULT = 4096;
    public static final int EVENT_RING_SIZE_DEFAULT = 16_384;
    public static final long MEDIA_GRACE_NS_DEFAULT = 5_000_000_000L;
    public static final long SIP_UNANSWERED_TIMEOUT_NS_DEFAULT = 4_000_000_000L;
    public static final int MAX_CALLS_DEFAULT = 16_384;
    public static final int MAX_RTP_STREAMS_DEFAULT = 16_384;
    public static final int MAX_SIP_TRANSACTIONS_DEFAULT = 16_384;
    public static final int SIP_TCP_STREAMS_DEFAULT = 64;
    public static final long CALL_IDLE_TIMEOUT_NS_DEFAULT = 300_000_000_000L;
    public static final long CALL_MAX_AGE_NS_DEFAULT = 14_400_000_000_000L;
    public static final long CALL_LINGER_NS_DEFAULT = 32_000_000_000L;
    public static final long RTP_STREAM_IDLE_TIMEOUT_NS_DEFAULT = 120_000_000_000L;

    public int maxFlows = MAX_FLOWS_DEFAULT;
    public long udpIdleTimeoutNs = UDP_IDLE_TIMEOUT_NS_DEFAULT;
    public long tcpIdleTimeoutNs = TCP_IDLE_TIMEOUT_NS_DEFAULT;
    public long tcpClosedTimeoutNs = TCP_CLOSED_TIMEOUT_NS_DEFAULT;
    public long otherIdleTimeoutNs = OTHER_IDLE_TIMEOUT_NS_DEFAULT;
    /** A SYN without SYN-ACK for this long is a blocked flow (reason tcp_syn_unanswered). */
    public long synTimeoutNs = SYN_TIMEOUT_NS_DEFAULT;
    /** A UDP request/response flow with packets one way only for this long is blocked (udp_unanswered). */
    public long udpUnansweredTimeoutNs = UDP_UNANSWERED_TIMEOUT_NS_DEFAULT;
    public long sweepIntervalNs = SWEEP_INTERVAL_NS_DEFAULT;
    /**
     * A STUN request (Binding, Allocate) with no response for this long is unanswered (blocked_flow reason
     * stun_unanswered); also how long a failed Allocate waits for a later success before turn_allocation_failure.
     */
    public long stunTransactionTimeoutNs = STUN_TRANSACTION_TIMEOUT_NS_DEFAULT;
    /** Open STUN request transactions kept (oldest evicted and counted when full). */
    public int stunMaxTransactions = STUN_MAX_TRANSACTIONS_DEFAULT;
    /** Flows with STUN/TURN state (addresses, ICE pair counts, report flags) kept (least recently active evicted). */
    public int stunMaxFlows = STUN_MAX_FLOWS_DEFAULT;
    /** TURN client flows with allocation state kept (least recently active evicted). */
    public int turnMaxAllocations = TURN_MAX_ALLOCATIONS_DEFAULT;
    /** Allocation state without Allocate/Refresh activity for this long is forgotten. */
    public long turnAllocationIdleTimeoutNs = TURN_ALLOCATION_IDLE_TIMEOUT_NS_DEFAULT;
    /** Ring slots between capture and analyzer (power of two); each slot holds one maximal frame. */
    public int packetRingSize = PACKET_RING_SIZE_DEFAULT;
    public int eventRingSize = EVENT_RING_SIZE_DEFAULT;
    /** Packet time after a call's answer (or renegotiation) before its media is judged (one_way_audio, no_audio). */
    public long mediaGraceNs = MEDIA_GRACE_NS_DEFAULT;
    /** A SIP request sent at least twice with no response at all for this long is sip_unanswered (Timer A/B). */
    public long sipUnansweredTimeoutNs = SIP_UNANSWERED_TIMEOUT_NS_DEFAULT;
    /** Call table bound (dialogs by Call-ID). */
    public int maxCalls = MAX_CALLS_DEFAULT;
    /** RTP stream table bound (src, dst, SSRC), candidates of the heuristic included. */
    public int maxRtpStreams = MAX_RTP_STREAMS_DEFAULT;
    public int maxSipTransactions = MAX_SIP_TRANSACTIONS_DEFAULT;
    /** Directions of TCP connections reassembled for SIP at once (64 KiB each). */
    public int sipTcpStreams = SIP_TCP_STREAMS_DEFAULT;
    /** A call with no SIP and no RTP for this long is ended (media inactivity). */
    public long callIdleTimeoutNs = CALL_IDLE_TIMEOUT_NS_DEFAULT;
    /** A call older than this is ended whatever it does (a lost BYE must not keep it forever). */
    public long callMaxAgeNs = CALL_MAX_AGE_NS_DEFAULT;
    /** An ended call stays in the table this long to absorb retransmissions (RFC 3261 64*T1). */
    public long callLingerNs = CALL_LINGER_NS_DEFAULT;
    public long rtpStreamIdleTimeoutNs = RTP_STREAM_IDLE_TIMEOUT_NS_DEFAULT;
    /** Replace SIP user parts in events by a truncated SHA-256 (privacy). */
    public boolean hashUsers;
    /** Name of this capture point, carried by every event. */
    public String probe = "voipwatch";
    /**
     * Record the SIP messages of the first calls for the HTML report's ladder diagrams (bounded; offline
     * reporting only, off by default because it allocates per recorded message).
     */
    public boolean recordSipLadder;
    /** Run the call detectors (SIP dialogs, SDP, RTP streams, one-way/no audio, wrong-port media, call summaries). */
    public boolean detectCalls = true;
    /** Run the STUN/TURN/ICE detectors (transactions, allocations, relayed media). */
    public boolean detectStun = true;

    /** The detector names {@link #detectors(String)} accepts, besides {@code all} and {@code none}. */
    public static final String DETECTOR_NAMES = "calls, stun";

    /**
     * Selects the detectors that run after flow classification from a comma list: {@code all} (the default),
     * {@code none} (read, decode and classify against the matrix only: unexpected and blocked flows), or any of
     * {@code calls} and {@code stun}. Throws IllegalArgumentException naming an unknown entry.
     */
    public AnalyzerConfig detectors(String list) {
        boolean calls = false;
        boolean stun = false;
        for (String raw : list.split(",", -1)) {
            String d = raw.trim();
            switch (d) {
                case "all": calls = true; stun = true; break;
                case "none": break;
                case "calls": calls = true; break;
                case "stun": stun = true; break;
                default:
                    throw new IllegalArgumentException("--detectors: unknown detector '" + d + "' (known: all, none, "
                            + DETECTOR_NAMES + ")");
            }
        }
        detectCalls = calls;
        detectStun = stun;
        return this;
    }

    /** Throws IllegalArgumentException naming the first bad field. */
    public AnalyzerConfig validate() {
        positive("maxFlows", maxFlows);
        positive("udpIdleTimeoutNs", udpIdleTimeoutNs);
        positive("tcpIdleTimeoutNs", tcpIdleTimeoutNs);
        positive("tcpClosedTimeoutNs", tcpClosedTimeoutNs);
        positive("otherIdleTimeoutNs", otherIdleTimeoutNs);
        positive("synTimeoutNs", synTimeoutNs);
        positive("sweepIntervalNs", sweepIntervalNs);
        positive("udpUnansweredTimeoutNs", udpUnansweredTimeoutNs);
        positive("mediaGraceNs", mediaGraceNs);
        positive("sipUnansweredTimeoutNs", sipUnansweredTimeoutNs);
        positive("maxCalls", maxCalls);
        positive("maxRtpStreams", maxRtpStreams);
        positive("maxSipTransactions", maxSipTransactions);
        positive("sipTcpStreams", sipTcpStreams);
        positive("callIdleTimeoutNs", callIdleTimeoutNs);
        positive("callMaxAgeNs", callMaxAgeNs);
        positive("callLingerNs", callLingerNs);
        positive("rtpStreamIdleTimeoutNs", rtpStreamIdleTimeoutNs);
        positive("stunTransactionTimeoutNs", stunTransactionTimeoutNs);
        positive("stunMaxTransactions", stunMaxTransactions);
        positive("stunMaxFlows", stunMaxFlows);
        positive("turnMaxAllocations", turnMaxAllocations);
        positive("turnAllocationIdleTimeoutNs", turnAllocationIdleTimeoutNs);
        powerOfTwo("packetRingSize", packetRingSize);
        powerOfTwo("eventRingSize", eventRingSize);
        if (maxFlows < 16) {
            throw new IllegalArgumentException("maxFlows must be at least 16, got " + maxFlows);
        }
        return this;
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }

    private static void powerOfTwo(String name, int v) {
        if (v <= 0 || Integer.bitCount(v) != 1) {
            throw new IllegalArgumentException(name + " must be a power of two, got " + v);
        }
    }
}

package org.voipwatch.analyzer.track;

/**
 * STUN/TURN/ICE counters (plain longs, single writer: the analyzer thread; the summary reads them at the end, a
 * metrics scrape may read them racily). Indices: message class 0-3 (request, indication, success, error, as in
 * RFC 8489 §5), method 1-12 (Binding .. ConnectionAttempt; 0 = any other method), error code 300-699.
 */
public final class StunCounters {
    public static final int CLASSES = 4;
    public static final int METHODS = 13;
    public static final int MIN_ERROR_CODE = 300;
    public static final int MAX_ERROR_CODE = 699;
    /** Rfc9443Demux codes (empty, unknown, stun, zrtp, dtls, turn_channel, quic, rtp_rtcp). */
    public static final int DEMUX_CODES = 8;
    /** StunStatus codes. */
    public static final int STATUS_CODES = 19;

    /** Messages by [class][method] (cookie STUN and classic RFC 3489 alike). */
    public final long[][] messages = new long[CLASSES][METHODS];
    /**
     * Packets that held at least one STUN message or ChannelData (a TCP segment may hold several messages; ICMP
     * errors quoting a STUN datagram are not counted). tshark's "stun" layer counts the same packets.
     */
    public long stunPackets;
    /** Packets holding a TURN-method message (Allocate .. ConnectionAttempt) or ChannelData. */
    public long turnPackets;
    public long channelDataPackets;
    /** Packets whose STUN header is valid but whose body is broken (counted by reason in {@link #malformed}). */
    public long malformedStunPackets;
    /** Of those, packets with a TURN method in the header (e.g. WhatsApp's Allocate, length not a multiple of 4). */
    public long malformedTurnPackets;
    /** ICMP errors quoting a UDP datagram that holds a STUN header (a request or answer the network refused). */
    public long icmpQuotedStun;
    /** Of those, quoting a TURN-method message. */
    public long icmpQuotedTurn;
    /** Classic RFC 3489 messages (accepted on known STUN ports only). */
    public long classicMessages;
    public long tcpMessages;
    /** Messages found behind an RFC 4571 2-byte length (ICE-TCP, RFC 6544). */
    public long rfc4571Framed;
    /** Error responses by ERROR-CODE (index code - 300); codes outside 300-699 or absent in {@link #errorOther}. */
    public final long[] errorCodes = new long[MAX_ERROR_CODE - MIN_ERROR_CODE + 1];
    public long errorOther;
    /** STUN/ChannelData that was recognised but broken, by StunStatus code. */
    public final long[] malformed = new long[STATUS_CODES];

    public long channelData;
    /** ChannelData on channels 0x5000-0x7FFF (RFC 5766 range, narrowed by RFC 8656), accepted on a TURN flow. */
    public long channelDataLegacyRange;
    public long channelDataTcp;
    /** Send and Data indications (relayed data inside STUN). */
    public long relayIndications;

    /** Requests (first transmissions), retransmissions, and their outcomes. */
    public long requests;
    public long retransmissions;
    public long successResponses;
    public long errorResponses;
    /** Responses with no open request (late, duplicate, or the request was not captured). */
    public long unmatchedResponses;
    /** Requests closed by the timeout without a response. */
    public long unanswered;
    /** Open requests dropped because the transaction table was full. */
    public long transactionsEvicted;

    public long allocationsSucceeded;
    /** 401 answering an Allocate without credentials: the normal long-term-credential challenge. */
    public long allocationChallenges;
    /** Allocate error responses that are failures (see AllocationTracker.classifyError). */
    public long allocationErrors;
    public long allocationsEvicted;
    /** Undocumented relay ↔ peer flows attributed to a live allocation instead of reported as unexpected. */
    public long relayedFlows;

    /** ICE connectivity checks: Binding requests with PRIORITY, USE-CANDIDATE or ICE-CONTROLLING/-CONTROLLED. */
    public long iceChecks;
    /** Checks carrying USE-CANDIDATE (nomination, RFC 8445 §8.1.1). */
    public long iceNominations;
    /** Success responses to ICE checks. */
    public long iceChecksAnswered;
    /** Distinct candidate pairs (5-tuples) that carried checks, while they fitted in the per-flow table. */
    public long icePairs;
    /** Candidate pairs whose checks got at least one success response. */
    public long icePairsSucceeded;

    /** First-byte classes (RFC 9443) of datagrams on UDP flows whose first payload was STUN or ChannelData. */
    public final long[] demux = new long[DEMUX_CODES];

    /** Per-flow STUN records dropped because their table was full. */
    public long flowsEvicted;

    public long unansweredEvents;
    public long allocationFailureEvents;
    public long relayOutsideRangeEvents;

    /** Total messages over all classes and methods. */
    public long totalMessages() {
        long n = 0;
        for (long[] row : messages) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }
}

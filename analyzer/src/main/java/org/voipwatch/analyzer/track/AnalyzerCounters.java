package org.voipwatch.analyzer.track;

import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.decode.DecodeStatus;

/**
 * Plain counters written by the analyzer thread only (single writer) and read by the summary at the end
 * or by a metrics scrape (a racy read of a monotonic counter is acceptable there). No locks, no boxing.
 */
public final class AnalyzerCounters {
    public long packets;
    public long bytes;
    public final long[] packetsByClass = new long[ProtocolClass.COUNT];
    public final long[] bytesByClass = new long[ProtocolClass.COUNT];
    public final long[] decodeStatus = new long[DecodeStatus.COUNT];
    public long ticks;
    public long flowsCreated;
    public long tcpFlows;
    public long udpFlows;
    /** Flows known only from an ICMP error's quoted datagram. */
    public long flowsFromIcmp;
    /** ICMP errors for a responder's datagram or an answered flow: port closed by an endpoint, not blocked. */
    public long icmpAfterAnswer;
    public long flowsExpired;
    /** Flows not tracked because the table was full even after an emergency sweep. */
    public long flowTableFull;
    public long flowsEvictedEmergency;
    /** Flows whose rule was found only after they began (SNI taught the responder's role). */
    public long flowsReclassified;
    /** DNS responses read for host-name learning, and those that were malformed. */
    public long dnsResponses;
    public long dnsMalformed;
    /** TLS ClientHello server names seen. */
    public long sniNames;
    /** Addresses learned for DNS-named roles (new entries), and entries evicted early because the table was full. */
    public long addressesLearned;
    public long learnedAddressesEvicted;
    /** Undocumented flows an {@link UnexpectedFlowFilter} explained (not reported as unexpected). */
    public long flowsExplained;
    /** STUN/TURN/ICE counters, written by the STUN analyzer. */
    public final StunCounters stun = new StunCounters();
    /** IP fragment reassembly (copied from the decoder's reassembler on ticks and at the end). */
    public long fragmentsEvicted;
    public long fragmentsExpired;
    public long fragmentOverlaps;
    public long eventsEmitted;
    public long eventsDropped;
    public long handlerErrors;
    // calls and media (detect.call); calls by verdict in CallVerdicts order: ok, one_way_audio, no_audio, failed,
    // unanswered
    public long callsCreated;
    public long callsActive;
    public long callsEnded;
    public long callsExpired;
    /** Of {@link #callsExpired}, calls ended because they outlived the maximum call age (the rest: idle). */
    public long callsMaxAge;
    /** INVITEs not tracked because the call table was full. */
    public long callTableFull;
    public final long[] callsByVerdict = new long[5];
    public long rtpStreamsCreated;
    public long rtpStreamsConfirmed;
    public long rtpStreamsActive;
    public long rtpStreamsExpired;
    public long rtpStreamTableFull;
    public long rtpPackets;
    /** SIP messages parsed (UDP datagrams and messages framed out of TCP). */
    public long sipMessages;
    public long sipMalformed;
    /** Requests by {@link org.voipwatch.analyzer.protocol.sip.SipMethod} code. */
    public final long[] sipRequests = new long[org.voipwatch.analyzer.protocol.sip.SipMethod.COUNT];
    /** Responses by status code (100..699; other codes in slot 0). */
    public final long[] sipResponses = new long[700];
    public long sipRequestRetransmissions;
    public long sipTcpStreamsEvicted;
    /** SIP transactions not tracked because the transaction table was full (copied from the table). */
    public long sipTransactionsFull;
    /** Media quality of finished calls (call_summary figures), per direction. */
    public final MediaQuality mediaQuality = new MediaQuality();
    public long sdpMalformed;
    public long firstPacketNs;
    public long lastPacketNs;
}

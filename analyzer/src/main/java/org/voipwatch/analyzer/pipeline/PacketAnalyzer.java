package org.voipwatch.analyzer.pipeline;

import org.voipwatch.analyzer.decode.DecodedPacket;

/**
 * A protocol analysis stage plugged into the analyzer thread after flow tracking (SIP/SDP calls and RTP
 * media, STUN/TURN...). It sees every decoded IP packet with its flow already looked up, and is told the time.
 * Implementations are owned by the analyzer thread, must not allocate per packet, must not read the wall
 * clock, and publish findings through the {@link org.voipwatch.analyzer.event.EventEmitter} they were given.
 */
public interface PacketAnalyzer {
    /**
     * One decoded packet.
     *
     * @param p             the packet (valid during the call only)
     * @param protocolClass the payload's {@link org.voipwatch.analyzer.classify.ProtocolClass}
     * @param flowSlot      the packet's slot in the {@link org.voipwatch.analyzer.track.FlowTable}, or negative
     *                      when the flow is not tracked (table full, ICMP error)
     * @param fromInitiator true when the packet was sent by the flow's initiator
     */
    void onPacket(DecodedPacket p, int protocolClass, int flowSlot, boolean fromInitiator);

    /**
     * The packet clock moved forward to {@code nowNs}: run timers. Called after a packet when the clock has moved
     * {@link AnalyzerStage#TIMER_RESOLUTION_NS} (1 ms) since the last call, on every idle tick and at the end.
     */
    void onTime(long nowNs);

    /** End of input: decide what can be decided, emit summaries; {@code nowNs} is the last packet time. */
    void onEnd(long nowNs);
}

package org.voipwatch.analyzer.track;

/**
 * Lets a protocol analyzer explain a flow that no matrix rule documents before {@link FlowTracker} reports it as
 * {@code unexpected_flow}. Example: a TURN server relays a client's media from its relayed transport address to a
 * peer (RFC 8656 §2); that relay ↔ peer flow is opened by the server on the client's behalf, so it is attributed
 * to the client's allocation (which the matrix documents) rather than reported on its own.
 *
 * <p>Consulted once per new undocumented flow, on the analyzer thread, with packet time; must not allocate. A flow
 * explained this way is marked {@link FlowTable#F_EXPLAINED}, counted in {@link AnalyzerCounters#flowsExplained},
 * and left out of the unexpected-flow groups; it still appears in the coverage row "(no rule)".
 */
@FunctionalInterface
public interface UnexpectedFlowFilter {
    /**
     * True when the flow (initiator → responder, 128-bit addresses as in {@link FlowTable}) is legitimate although
     * undocumented, and must not be reported as unexpected.
     */
    boolean explains(int ipProtocol, long initHi, long initLo, int initPort, long respHi, long respLo, int respPort,
                     long nowNs);
}

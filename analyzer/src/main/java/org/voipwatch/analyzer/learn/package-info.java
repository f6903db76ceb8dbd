/**
 * {@code voipwatch matrix learn}: {@link org.voipwatch.analyzer.learn.FlowCollector} records the flows a run saw
 * (through {@link org.voipwatch.analyzer.track.FlowTracker.FlowObserver}) and
 * {@link org.voipwatch.analyzer.learn.MatrixDraft} turns the undocumented ones into roles, services and rules of a
 * draft matrix YAML. Offline tooling: it allocates per flow (not per packet) and is bounded by
 * {@link org.voipwatch.analyzer.learn.FlowCollector#MAX_ENDPOINT_PAIRS}.
 */
package org.voipwatch.analyzer.learn;

package org.voipwatch.analyzer.event;

/** Event type names (snake_case, stable: dashboards, alerts and consumers key on them). See docs/events.md. */
public final class EventType {
    public static final String UNEXPECTED_FLOW = "unexpected_flow";
    public static final String BLOCKED_FLOW = "blocked_flow";
    public static final String ONE_WAY_AUDIO = "one_way_audio";
    public static final String NO_AUDIO = "no_audio";
    public static final String WRONG_PORT_MEDIA = "wrong_port_media";
    public static final String TURN_ALLOCATION_FAILURE = "turn_allocation_failure";
    public static final String CALL_SUMMARY = "call_summary";
    public static final String CAPTURE_LOSS = "capture_loss";

    private EventType() {
    }
}

package org.voipwatch.analyzer.event;

/** Event severities; {@code critical} makes {@code voipwatch analyze} exit 1. */
public final class Severity {
    public static final String CRITICAL = "critical";
    public static final String WARNING = "warning";
    public static final String INFO = "info";

    private Severity() {
    }
}

package org.voipwatch.analyzer.event;

import org.voipwatch.analyzer.util.IpAddresses;

/**
 * Writes a {@link MonitorEvent} as one JSON object (docs/events.md). Reuses one builder; owned by the sink
 * thread. Member order is fixed so that lines diff well.
 */
public final class EventJson {
    /** Version of the event schema; bump on incompatible changes. */
    public static final int SCHEMA_VERSION = 1;

    private final StringBuilder sb = new StringBuilder(512);
    private final String probe;
    private final String matrix;

    public EventJson(String probe, String matrix) {
        this.probe = probe;
        this.matrix = matrix;
    }

    /** Returns the JSON text of {@code e} (valid until the next call). */
    public CharSequence toJson(MonitorEvent e) {
        StringBuilder b = sb;
        b.setLength(0);
        b.append("{\"type\":");
        Json.appendString(b, e.type);
        b.append(",\"severity\":");
        Json.appendString(b, e.severity);
        b.append(",\"time\":\"");
        appendIsoMicros(b, e.timeNs);
        b.append("\",\"proto\":");
        string(b, e.proto);
        if (e.hasAddresses) {
            b.append(",\"src\":\"");
            IpAddresses.appendTo(b, e.srcHi, e.srcLo);
            b.append("\",\"sport\":").append(e.srcPort).append(",\"dst\":\"");
            IpAddresses.appendTo(b, e.dstHi, e.dstLo);
            b.append("\",\"dport\":").append(e.dstPort);
        } else {
            b.append(",\"src\":null,\"sport\":null,\"dst\":null,\"dport\":null");
        }
        b.append(",\"srcRole\":");
        string(b, e.srcRole);
        b.append(",\"dstRole\":");
        string(b, e.dstRole);
        b.append(",\"rule\":");
        string(b, e.rule);
        b.append(",\"matrix\":");
        string(b, matrix);
        if (e.reason != null) {
            b.append(",\"reason\":");
            Json.appendString(b, e.reason);
        }
        if (!e.fields.isEmpty()) {
            b.append(',').append(e.fields.text());
        }
        b.append(",\"probe\":");
        string(b, probe);
        b.append(",\"schema\":").append(SCHEMA_VERSION).append('}');
        return b;
    }

    /** Kafka key: the Call-ID for call events, else the flow "proto:src:sport-dst:dport". */
    public String keyOf(MonitorEvent e) {
        if (e.key != null) {
            return e.key;
        }
        if (!e.hasAddresses) {
            return e.type;
        }
        StringBuilder k = new StringBuilder(64);
        k.append(e.proto).append(':');
        IpAddresses.appendTo(k, e.srcHi, e.srcLo);
        k.append(':').append(e.srcPort).append('-');
        IpAddresses.appendTo(k, e.dstHi, e.dstLo);
        k.append(':').append(e.dstPort);
        return k.toString();
    }

    private static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
        } else {
            Json.appendString(b, s);
        }
    }

    /** ISO-8601 UTC with microseconds, e.g. 2026-11-22T16:41:47.123456Z, without java.time allocations. */
    public static void appendIsoMicros(StringBuilder b, long epochNs) {
        long secs = Math.floorDiv(epochNs, 1_000_000_000L);
        long micros = Math.floorMod(epochNs, 1_000_000_000L) / 1000;
        long days = Math.floorDiv(secs, 86_400L);
        long sod = Math.floorMod(secs, 86_400L);
        // civil_from_days (H. Hinnant): proleptic Gregorian date from days since 1970-01-01
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        pad(b, y, 4).append('-');
        pad(b, m, 2).append('-');
        pad(b, d, 2).append('T');
        pad(b, sod / 3600, 2).append(':');
        pad(b, (sod / 60) % 60, 2).append(':');
        pad(b, sod % 60, 2).append('.');
        pad(b, micros, 6).append('Z');
    }

    private static StringBuilder pad(StringBuilder b, long v, int width) {
        long p = 1;
        for (int i = 1; i < width; i++) {
            p *= 10;
        }
        while (p > 1 && v < p) {
            b.append('0');
            p /= 10;
        }
        return b.append(v);
    }
}

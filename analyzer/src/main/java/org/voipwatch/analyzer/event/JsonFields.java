package org.voipwatch.analyzer.event;

/**
 * Extra JSON members of one event, appended as text into a reused builder ({@code "name":value} pairs,
 * comma-separated, no braces). Detectors call {@code put} with constant names; nothing is allocated unless
 * a value is itself a new String.
 */
public final class JsonFields {
    private final StringBuilder sb = new StringBuilder(256);

    public void clear() {
        sb.setLength(0);
    }

    public boolean isEmpty() {
        return sb.length() == 0;
    }

    /** The members as JSON text without braces, e.g. {@code "callId":"a@b","retransmissions":3}. */
    public CharSequence text() {
        return sb;
    }

    public JsonFields put(String name, long value) {
        name(name).append(value);
        return this;
    }

    public JsonFields put(String name, double value) {
        name(name);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            sb.append("null");
        } else {
            sb.append(Math.round(value * 1000.0) / 1000.0);
        }
        return this;
    }

    public JsonFields put(String name, boolean value) {
        name(name).append(value);
        return this;
    }

    /** A string value (JSON-escaped), or null. */
    public JsonFields put(String name, CharSequence value) {
        name(name);
        if (value == null) {
            sb.append("null");
        } else {
            Json.appendString(sb, value);
        }
        return this;
    }

    /** A value that is already JSON text (an object or array built by the caller). */
    public JsonFields putRaw(String name, CharSequence json) {
        name(name).append(json);
        return this;
    }

    /** Appends members given as JSON text (no braces). */
    public void putRawMembers(CharSequence members) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(members);
    }

    private StringBuilder name(String name) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        Json.appendString(sb, name);
        return sb.append(':');
    }
}

package org.voipwatch.analyzer.classify;

/** One documented flow of the matrix: from-roles → to-roles on a service, with its purpose and provenance. */
public final class Rule {
    private final int index;
    private final String id;
    private final long fromMask;
    private final long toMask;
    private final Service service;
    private final String purpose;
    private final boolean media;
    private final String provenance;
    private final int line;
    private final String fromText;
    private final String toText;

    Rule(int index, String id, long fromMask, long toMask, Service service, String purpose, boolean media,
         String provenance, int line) {
        this(index, id, fromMask, toMask, service, purpose, media, provenance, line, "", "");
    }

    Rule(int index, String id, long fromMask, long toMask, Service service, String purpose, boolean media,
         String provenance, int line, String fromText, String toText) {
        this.fromText = fromText;
        this.toText = toText;
        this.index = index;
        this.id = id;
        this.fromMask = fromMask;
        this.toMask = toMask;
        this.service = service;
        this.purpose = purpose;
        this.media = media;
        this.provenance = provenance;
        this.line = line;
    }

    public int index() {
        return index;
    }

    public String id() {
        return id;
    }

    /** Bit mask of role indices allowed to initiate ({@link FlowMatrix#ANY_MASK} for "any"). */
    public long fromMask() {
        return fromMask;
    }

    public long toMask() {
        return toMask;
    }

    public Service service() {
        return service;
    }

    public String purpose() {
        return purpose;
    }

    /** Symmetric media: either side may send first; the port range applies to the "to" side's port. */
    public boolean media() {
        return media;
    }

    /** Where the rule comes from (vendor document and row), or null. */
    public String provenance() {
        return provenance;
    }

    /** Line in the matrix file where the rule starts (0 when built in code). */
    public int line() {
        return line;
    }

    /** The from-role names as written in the matrix ("trunk, sbc", "any"), for tables and events. */
    public String fromText() {
        return fromText;
    }

    /** The to-role names as written in the matrix. */
    public String toText() {
        return toText;
    }
}

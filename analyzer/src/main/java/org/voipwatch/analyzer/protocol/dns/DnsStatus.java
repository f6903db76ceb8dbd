package org.voipwatch.analyzer.protocol.dns;

/**
 * Result codes of {@link DnsMessage#wrap} and {@link DnsMessage#readName}: plain ints, never an exception.
 * Codes at or above {@link #FIRST_MALFORMED} mean "DNS, but broken"; the caller counts them under
 * {@link #name(int)} (stable snake_case). Stateless; any thread.
 */
public final class DnsStatus {
    /** Header, question and every answer record were read. */
    public static final int OK = 0;
    /** More answer records than {@link DnsMessage#MAX_RECORDS}: the first ones are indexed, the rest ignored. */
    public static final int TOO_MANY_RECORDS = 1;

    public static final int FIRST_MALFORMED = 10;
    /** Fewer than 12 bytes. */
    public static final int TRUNCATED_HEADER = 10;
    /** The question section runs past the end of the message. */
    public static final int TRUNCATED_QUESTION = 11;
    /** An answer record runs past the end; the records before it are indexed. */
    public static final int TRUNCATED_RECORD = 12;
    /** A compression pointer that points forward, to itself, or more hops than the budget (a loop). */
    public static final int BAD_POINTER = 13;
    /** A name longer than 255 bytes or with more labels than the budget. */
    public static final int NAME_TOO_LONG = 14;
    /** A label type other than length (00) or pointer (11): RFC 6891 deprecated extended labels. */
    public static final int BAD_LABEL_TYPE = 15;
    /** No question although the message is a response (nothing to match against role patterns). */
    public static final int NO_QUESTION = 16;
    /** One past the largest code: size of per-reason counter arrays. */
    public static final int COUNT = 17;

    private static final String[] NAMES = new String[COUNT];

    static {
        NAMES[OK] = "ok";
        NAMES[TOO_MANY_RECORDS] = "too_many_records";
        NAMES[TRUNCATED_HEADER] = "truncated_header";
        NAMES[TRUNCATED_QUESTION] = "truncated_question";
        NAMES[TRUNCATED_RECORD] = "truncated_record";
        NAMES[BAD_POINTER] = "bad_pointer";
        NAMES[NAME_TOO_LONG] = "name_too_long";
        NAMES[BAD_LABEL_TYPE] = "bad_label_type";
        NAMES[NO_QUESTION] = "no_question";
        for (int i = 0; i < COUNT; i++) {
            if (NAMES[i] == null) {
                NAMES[i] = "code_" + i;
            }
        }
    }

    private DnsStatus() {
    }

    public static boolean isMalformed(int status) {
        return status >= FIRST_MALFORMED;
    }

    public static String name(int status) {
        return status >= 0 && status < COUNT ? NAMES[status] : "unknown";
    }
}

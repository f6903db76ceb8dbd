package org.voipwatch.analyzer.protocol.sip;

/**
 * What {@link SipMessage#wrap} made of some bytes: an int code, no allocation, no exception. Codes at or above
 * {@link #FIRST_MALFORMED} are anomalies, counted by reason under their stable snake_case {@link #name(int)}.
 * Stateless; any thread.
 */
public final class SipStatus {
    /** A complete, well-formed message; the accessors are valid. */
    public static final int OK = 0;
    /** Stream framing only: the bytes so far are a valid prefix of a message; wait for more. */
    public static final int NEED_MORE_DATA = 1;
    /** The bytes do not start with a SIP request or status line token ("probe failed"). */
    public static final int NOT_SIP = 2;

    public static final int FIRST_MALFORMED = 10;
    /** Start line is not "Method SP Request-URI SP SIP/2.0" or "SIP/2.0 SP 3DIGIT SP Reason". */
    public static final int BAD_START_LINE = 10;
    /** A version other than SIP/2.0 (RFC 4475 "badvers"). */
    public static final int BAD_VERSION = 11;
    /** One header line (with its folded continuations) longer than {@link SipMessage#MAX_HEADER_BYTES}. */
    public static final int HEADER_TOO_LONG = 12;
    /** More than {@link SipMessage#MAX_HEADERS} header fields. */
    public static final int TOO_MANY_HEADERS = 13;
    /** A header line without a colon or with a name that is not a token. */
    public static final int BAD_HEADER_LINE = 14;
    /** Content-Length not a decimal number, too large, or two Content-Length headers that disagree. */
    public static final int BAD_CONTENT_LENGTH = 15;
    /** Datagram: fewer body bytes than Content-Length says (RFC 3261 §18.3 "discard"). */
    public static final int BODY_TRUNCATED = 16;
    /** Headers or whole message larger than {@link SipMessage#MAX_MESSAGE_BYTES}. */
    public static final int MESSAGE_TOO_LARGE = 17;
    /** Datagram: no empty line ending the header section. */
    public static final int HEADERS_TRUNCATED = 18;
    /** Call-ID, From, To, CSeq or Via missing (RFC 3261 §8.1.1; RFC 4475 "insuf"). */
    public static final int MISSING_HEADER = 19;
    /** Call-ID, From, To or CSeq present more than once (RFC 4475 "multi01"). */
    public static final int DUPLICATE_HEADER = 20;
    /** A request whose CSeq method differs from its method (RFC 3261 §8.1.1.5; RFC 4475 "mismatch01"). */
    public static final int CSEQ_METHOD_MISMATCH = 21;
    /** One past the largest code: size of per-reason counter arrays. */
    public static final int COUNT = 22;

    private static final String[] NAMES = new String[COUNT];

    static {
        NAMES[OK] = "ok";
        NAMES[NEED_MORE_DATA] = "need_more_data";
        NAMES[NOT_SIP] = "not_sip";
        NAMES[BAD_START_LINE] = "bad_start_line";
        NAMES[BAD_VERSION] = "bad_version";
        NAMES[HEADER_TOO_LONG] = "header_too_long";
        NAMES[TOO_MANY_HEADERS] = "too_many_headers";
        NAMES[BAD_HEADER_LINE] = "bad_header_line";
        NAMES[BAD_CONTENT_LENGTH] = "bad_content_length";
        NAMES[BODY_TRUNCATED] = "body_truncated";
        NAMES[MESSAGE_TOO_LARGE] = "message_too_large";
        NAMES[HEADERS_TRUNCATED] = "headers_truncated";
        NAMES[MISSING_HEADER] = "missing_header";
        NAMES[DUPLICATE_HEADER] = "duplicate_header";
        NAMES[CSEQ_METHOD_MISMATCH] = "cseq_method_mismatch";
        for (int i = 0; i < COUNT; i++) {
            if (NAMES[i] == null) {
                NAMES[i] = "code_" + i;
            }
        }
    }

    private SipStatus() {
    }

    public static String name(int code) {
        return code >= 0 && code < COUNT ? NAMES[code] : "code_" + code;
    }

    public static boolean isMalformed(int code) {
        return code >= FIRST_MALFORMED;
    }

    /**
     * True when the message was framed despite the anomaly (its length, start line, headers and body are valid):
     * OK, {@link #MISSING_HEADER}, {@link #DUPLICATE_HEADER}, {@link #CSEQ_METHOD_MISMATCH}.
     */
    public static boolean isFramed(int code) {
        return code == OK || code == MISSING_HEADER || code == DUPLICATE_HEADER || code == CSEQ_METHOD_MISMATCH;
    }
}

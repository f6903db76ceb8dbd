package org.voipwatch.analyzer.protocol.sip;

import java.nio.charset.StandardCharsets;

/**
 * Header name codes and the name table, with RFC 3261 §7.3.3 compact forms ({@code i f t m l v c k s e}) and
 * RFC 3515/3891/4028 ones ({@code r o u x}) mapped to the same codes. Names compare case-insensitively byte by
 * byte (RFC 3261 §7.3.1). Stateless after class initialisation; any thread.
 */
public final class SipHeader {
    /** A header not in the table. */
    public static final int OTHER = 0;
    public static final int VIA = 1;
    public static final int FROM = 2;
    public static final int TO = 3;
    public static final int CALL_ID = 4;
    public static final int CSEQ = 5;
    public static final int CONTACT = 6;
    public static final int CONTENT_LENGTH = 7;
    public static final int CONTENT_TYPE = 8;
    public static final int SUPPORTED = 9;
    public static final int SUBJECT = 10;
    public static final int CONTENT_ENCODING = 11;
    public static final int MAX_FORWARDS = 12;
    public static final int ROUTE = 13;
    public static final int RECORD_ROUTE = 14;
    public static final int EXPIRES = 15;
    public static final int USER_AGENT = 16;
    public static final int SERVER = 17;
    public static final int ALLOW = 18;
    public static final int REFER_TO = 19;
    public static final int EVENT = 20;
    public static final int SESSION_EXPIRES = 21;
    public static final int REASON = 22;
    public static final int AUTHORIZATION = 23;
    public static final int WWW_AUTHENTICATE = 24;
    public static final int PROXY_AUTHENTICATE = 25;
    public static final int PROXY_AUTHORIZATION = 26;
    public static final int REQUIRE = 27;
    public static final int P_ASSERTED_IDENTITY = 28;
    /** One past the largest code: size of per-header arrays. */
    public static final int COUNT = 29;

    private static final String[] NAMES = {"", "via", "from", "to", "call-id", "cseq", "contact", "content-length",
        "content-type", "supported", "subject", "content-encoding", "max-forwards", "route", "record-route",
        "expires", "user-agent", "server", "allow", "refer-to", "event", "session-expires", "reason",
        "authorization", "www-authenticate", "proxy-authenticate", "proxy-authorization", "require",
        "p-asserted-identity"};
    /** Compact forms, each a pair (letter, code). */
    private static final String COMPACT = "vVfFtTiImMlLcCkKsSeErRoOxX";
    private static final int[] COMPACT_CODES = new int[128];
    private static final int MAX_NAME = 19;
    /** Lower-case names bucketed by length, so a look-up compares at most a handful of candidates. */
    private static final byte[][][] BY_LENGTH = new byte[MAX_NAME + 1][][];
    private static final int[][] CODES_BY_LENGTH = new int[MAX_NAME + 1][];

    static {
        int[] counts = new int[MAX_NAME + 1];
        for (int c = 1; c < COUNT; c++) {
            counts[NAMES[c].length()]++;
        }
        for (int l = 0; l <= MAX_NAME; l++) {
            BY_LENGTH[l] = new byte[counts[l]][];
            CODES_BY_LENGTH[l] = new int[counts[l]];
            counts[l] = 0;
        }
        for (int c = 1; c < COUNT; c++) {
            int l = NAMES[c].length();
            BY_LENGTH[l][counts[l]] = NAMES[c].getBytes(StandardCharsets.US_ASCII);
            CODES_BY_LENGTH[l][counts[l]++] = c;
        }
        int[] compactTargets = {VIA, FROM, TO, CALL_ID, CONTACT, CONTENT_LENGTH, CONTENT_TYPE, SUPPORTED, SUBJECT,
            CONTENT_ENCODING, REFER_TO, EVENT, SESSION_EXPIRES};
        for (int i = 0; i < compactTargets.length; i++) {
            COMPACT_CODES[COMPACT.charAt(2 * i)] = compactTargets[i];
            COMPACT_CODES[COMPACT.charAt(2 * i + 1)] = compactTargets[i];
        }
    }

    private SipHeader() {
    }

    /** Canonical lower-case name of a code ("" for {@link #OTHER}). */
    public static String name(int code) {
        return code > 0 && code < COUNT ? NAMES[code] : "";
    }

    /** Code of the header name at {@code buf[off, off+len)}, case-insensitive, compact forms included. */
    public static int classify(byte[] buf, int off, int len) {
        if (len == 1) {
            int b = buf[off] & 0xff;
            return b < 128 ? COMPACT_CODES[b] : OTHER;
        }
        if (len <= 0 || len > MAX_NAME) {
            return OTHER;
        }
        byte[][] candidates = BY_LENGTH[len];
        for (int i = 0; i < candidates.length; i++) {
            if (equalsIgnoreCase(buf, off, candidates[i])) {
                return CODES_BY_LENGTH[len][i];
            }
        }
        return OTHER;
    }

    /** ASCII case-insensitive compare of {@code buf[off..]} with a lower-case pattern of the same length. */
    static boolean equalsIgnoreCase(byte[] buf, int off, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if (toLower(buf[off + i]) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b | 0x20) : b;
    }
}

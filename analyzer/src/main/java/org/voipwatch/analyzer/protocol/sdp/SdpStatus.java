package org.voipwatch.analyzer.protocol.sdp;

/**
 * Result of {@link SdpMessage#parse}: OK, or the first anomaly met (parsing goes on past anomalies, so the
 * {@link SdpSession} holds everything that could be read). Stable snake_case names for counters. Stateless.
 */
public final class SdpStatus {
    public static final int OK = 0;
    /** Does not start with "v=0" (RFC 4566 §5: the version line comes first). */
    public static final int NOT_SDP = 1;

    public static final int FIRST_ANOMALY = 10;
    /** A line that is not "&lt;letter&gt;=&lt;value&gt;". */
    public static final int BAD_LINE = 10;
    /** A c= line that is not "IN IP4|IP6 &lt;address&gt;" or whose literal does not parse. */
    public static final int BAD_CONNECTION = 11;
    /** An m= line without media, numeric port and transport. */
    public static final int BAD_MEDIA_LINE = 12;
    /** More than {@link SdpSession#MAX_MEDIA} m= sections; the extra ones are ignored. */
    public static final int TOO_MANY_MEDIA = 13;
    /** More than {@link SdpSession#MAX_PAYLOAD_TYPES} formats on an m= line; the extra ones are ignored. */
    public static final int TOO_MANY_PAYLOAD_TYPES = 14;
    /** More than {@link SdpSession#MAX_CANDIDATES} candidates in a media section; the extra ones are ignored. */
    public static final int TOO_MANY_CANDIDATES = 15;
    /** A malformed rtpmap, rtcp or candidate attribute (skipped). */
    public static final int BAD_ATTRIBUTE = 16;
    /** More than {@link SdpMessage#MAX_LINES} lines; the rest is ignored. */
    public static final int TOO_MANY_LINES = 17;
    public static final int COUNT = 18;

    private static final String[] NAMES = new String[COUNT];

    static {
        NAMES[OK] = "ok";
        NAMES[NOT_SDP] = "not_sdp";
        NAMES[BAD_LINE] = "bad_line";
        NAMES[BAD_CONNECTION] = "bad_connection";
        NAMES[BAD_MEDIA_LINE] = "bad_media_line";
        NAMES[TOO_MANY_MEDIA] = "too_many_media";
        NAMES[TOO_MANY_PAYLOAD_TYPES] = "too_many_payload_types";
        NAMES[TOO_MANY_CANDIDATES] = "too_many_candidates";
        NAMES[BAD_ATTRIBUTE] = "bad_attribute";
        NAMES[TOO_MANY_LINES] = "too_many_lines";
        for (int i = 0; i < COUNT; i++) {
            if (NAMES[i] == null) {
                NAMES[i] = "code_" + i;
            }
        }
    }

    private SdpStatus() {
    }

    public static String name(int code) {
        return code >= 0 && code < COUNT ? NAMES[code] : "code_" + code;
    }
}

package org.voipwatch.analyzer.protocol.rtp;

import java.nio.charset.StandardCharsets;

/**
 * Codec codes: from an RFC 3551 static payload type or from an SDP {@code a=rtpmap} encoding name (compared
 * case-insensitively as bytes, RFC 4566 §6). Used for clock rates and MOS estimates. Stateless; any thread.
 */
public final class Codec {
    public static final int UNKNOWN = 0;
    public static final int PCMU = 1;
    public static final int PCMA = 2;
    public static final int G722 = 3;
    public static final int G729 = 4;
    public static final int GSM = 5;
    public static final int G723 = 6;
    public static final int ILBC = 7;
    public static final int OPUS = 8;
    public static final int SPEEX = 9;
    public static final int AMR = 10;
    public static final int AMR_WB = 11;
    public static final int L16 = 12;
    public static final int G726 = 13;
    public static final int TELEPHONE_EVENT = 14;
    public static final int CN = 15;
    /** Any video encoding we name (H261, H263, H264, H265, VP8, VP9, AV1, JPEG, MPV). */
    public static final int VIDEO = 16;
    public static final int COUNT = 17;

    private static final String[] NAMES = {"unknown", "PCMU", "PCMA", "G722", "G729", "GSM", "G723", "iLBC", "opus",
        "speex", "AMR", "AMR-WB", "L16", "G726", "telephone-event", "CN", "video"};
    /** Encoding names (lower case) and their codes; G726 has bit-rate suffixes so it matches by prefix. */
    private static final String[] ENCODINGS = {"pcmu", "pcma", "g722", "g729", "g729a", "g729ab", "gsm", "g723",
        "ilbc", "opus", "speex", "amr", "amr-wb", "l16", "telephone-event", "cn", "h261", "h263", "h263-1998",
        "h263-2000", "h264", "h265", "vp8", "vp9", "av1", "jpeg", "mpv"};
    private static final int[] ENCODING_CODES = {PCMU, PCMA, G722, G729, G729, G729, GSM, G723, ILBC, OPUS, SPEEX,
        AMR, AMR_WB, L16, TELEPHONE_EVENT, CN, VIDEO, VIDEO, VIDEO, VIDEO, VIDEO, VIDEO, VIDEO, VIDEO, VIDEO, VIDEO,
        VIDEO};
    private static final byte[][] ENCODING_BYTES = new byte[ENCODINGS.length][];
    private static final byte[] G726_PREFIX = {'g', '7', '2', '6', '-'};

    static {
        for (int i = 0; i < ENCODINGS.length; i++) {
            ENCODING_BYTES[i] = ENCODINGS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Codec() {
    }

    public static String name(int codec) {
        return codec >= 0 && codec < COUNT ? NAMES[codec] : NAMES[UNKNOWN];
    }

    /** RFC 3551 §6 table 4/5 static assignments; UNKNOWN for dynamic (96-127) and unassigned types. */
    public static int fromStaticPayloadType(int pt) {
        switch (pt) {
            case 0: return PCMU;
            case 3: return GSM;
            case 4: return G723;
            case 8: return PCMA;
            case 9: return G722;
            case 11: return L16;
            case 13: return CN;
            case 18: return G729;
            case 26: case 31: case 32: case 34: return VIDEO;
            default: return UNKNOWN;
        }
    }

    /** RFC 3551 §6 RTP clock rate of a static payload type (G.722 is 8000 by the RFC's historical error), or 0. */
    public static int staticClockRate(int pt) {
        switch (pt) {
            case 0: case 3: case 4: case 5: case 7: case 8: case 9: case 12: case 13: case 15: case 18:
                return 8000;
            case 6: return 16000;
            case 10: case 11: return 44100;
            case 14: case 25: case 26: case 28: case 31: case 32: case 33: case 34: return 90000;
            case 16: return 11025;
            case 17: return 22050;
            default: return 0;
        }
    }

    /** Codec of an encoding name at {@code b[off, off+len)} (case-insensitive), UNKNOWN when not listed. */
    public static int classify(byte[] b, int off, int len) {
        for (int i = 0; i < ENCODING_BYTES.length; i++) {
            byte[] e = ENCODING_BYTES[i];
            if (e.length == len && equalsIgnoreCase(b, off, e)) {
                return ENCODING_CODES[i];
            }
        }
        if (len > G726_PREFIX.length && equalsIgnoreCase(b, off, G726_PREFIX)) {
            return G726;
        }
        return UNKNOWN;
    }

    private static boolean equalsIgnoreCase(byte[] b, int off, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            int c = b[off + i];
            if (c >= 'A' && c <= 'Z') {
                c |= 0x20;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }
}

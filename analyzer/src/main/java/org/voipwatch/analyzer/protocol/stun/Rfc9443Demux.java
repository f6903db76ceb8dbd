package org.voipwatch.analyzer.protocol.stun;

/**
 * First-byte demultiplexing of a datagram on a 5-tuple shared by STUN, ZRTP, DTLS, TURN channels, RTP/RTCP and
 * QUIC (RFC 7983 as updated by RFC 9443 §3):
 *
 * <pre>
 *   [0..3]     STUN            [16..19]   ZRTP           [20..63]   DTLS
 *   [64..79]   TURN channel    [80..127]  QUIC (short)   [128..191] RTP/RTCP
 *   [192..255] QUIC (long)     [4..15]    unassigned: drop
 * </pre>
 *
 * <p>The first byte only says which parser to try: {@link StunMessage#wrap} and {@link ChannelData#wrap} still
 * decide. (QUIC short headers can also start with 64-79; RFC 9443 §3 resolves that by the TURN channel's presence,
 * which only a caller with allocation state knows.) Stateless; any thread.
 */
public final class Rfc9443Demux {
    public static final int EMPTY = 0;
    public static final int UNKNOWN = 1;
    public static final int STUN = 2;
    public static final int ZRTP = 3;
    public static final int DTLS = 4;
    public static final int TURN_CHANNEL = 5;
    public static final int QUIC = 6;
    public static final int RTP_RTCP = 7;
    public static final int COUNT = 8;

    private static final byte[] TABLE = new byte[256];
    private static final String[] NAMES = {"empty", "unknown", "stun", "zrtp", "dtls", "turn_channel", "quic",
        "rtp_rtcp"};

    static {
        for (int b = 0; b < 256; b++) {
            TABLE[b] = (byte) codeOf(b);
        }
    }

    private Rfc9443Demux() {
    }

    private static int codeOf(int b) {
        if (b <= 3) {
            return STUN;
        } else if (b >= 16 && b <= 19) {
            return ZRTP;
        } else if (b >= 20 && b <= 63) {
            return DTLS;
        } else if (b >= 64 && b <= 79) {
            return TURN_CHANNEL;
        } else if (b >= 80 && b <= 127) {
            return QUIC;
        } else if (b >= 128 && b <= 191) {
            return RTP_RTCP;
        } else if (b >= 192) {
            return QUIC;
        }
        return UNKNOWN;
    }

    /** Code for a first byte (0-255; only the low 8 bits are used). */
    public static int classifyFirstByte(int firstByte) {
        return TABLE[firstByte & 0xff];
    }

    /** Code for the datagram {@code buf[off, off+len)}; {@link #EMPTY} when len is 0 or the range is invalid. */
    public static int classify(byte[] buf, int off, int len) {
        if (buf == null || len <= 0 || off < 0 || off >= buf.length) {
            return EMPTY;
        }
        return TABLE[buf[off] & 0xff];
    }

    public static String name(int code) {
        return code >= 0 && code < COUNT ? NAMES[code] : "code_" + code;
    }
}

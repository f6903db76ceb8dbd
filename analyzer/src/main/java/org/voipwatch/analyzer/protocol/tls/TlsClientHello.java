package org.voipwatch.analyzer.protocol.tls;

/**
 * Finds the SNI host name in a TLS ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2, RFC 6066 §3) at the start of
 * a buffer, normally the first payload segment the client sends. One instance per analyzer thread; {@link #wrap}
 * neither allocates nor throws.
 *
 * <pre>
 * record:    ContentType 22 (1) | ProtocolVersion 0x03xx (2) | length (2)          RECORD_HEADER_LENGTH 5
 * handshake: msg_type 1 (1) | length (3)                                           HANDSHAKE_HEADER_LENGTH 4
 * hello:     client_version (2) | random (32) | session_id &lt;0..32&gt; (1-byte length)
 *            | cipher_suites (2-byte length) | compression_methods (1-byte length)
 *            | extensions (2-byte length): type (2) | length (2) | data
 * server_name extension (type 0): list length (2) | name_type 0 (1) | HostName length (2) | bytes
 * </pre>
 *
 * <p>Only the bytes present are read: a ClientHello split over several TCP segments (large post-quantum key
 * shares put the SNI beyond the first segment) yields {@link #TRUNCATED} when the server_name extension lies in
 * the missing part. No reassembly: the caller may retry on the next segment of the flow. Extension walk budget
 * {@link #MAX_EXTENSIONS}.
 */
public final class TlsClientHello {
    public static final int RECORD_HEADER_LENGTH = 5;
    public static final int HANDSHAKE_HEADER_LENGTH = 4;
    public static final int CONTENT_TYPE_HANDSHAKE = 22;
    public static final int HANDSHAKE_CLIENT_HELLO = 1;
    public static final int EXTENSION_SERVER_NAME = 0;
    public static final int RANDOM_LENGTH = 32;
    public static final int MAX_EXTENSIONS = 64;
    /** RFC 6066: a DNS host name, at most 253 characters as text. */
    public static final int MAX_HOST_NAME_LENGTH = 253;

    /** The host name was found: {@link #nameOffset()} and {@link #nameLength()} are valid. */
    public static final int OK = 0;
    /** Not a TLS handshake record carrying a ClientHello. */
    public static final int NOT_CLIENT_HELLO = 1;
    /** A complete ClientHello without a server_name extension (or without a host_name entry). */
    public static final int NO_SNI = 2;
    /** The bytes end before the server_name extension was reached. */
    public static final int TRUNCATED = 3;
    /** A length inside the ClientHello disagrees with its container or the budget ran out. */
    public static final int MALFORMED = 4;

    private byte[] buf;
    private int helloEnd;
    private int nameOffset;
    private int nameLength;

    /** Looks for the SNI in {@code buffer[offset, offset+length)}. */
    public int wrap(byte[] buffer, int offset, int length) {
        buf = buffer;
        nameOffset = -1;
        nameLength = 0;
        int end = offset + Math.max(0, Math.min(length, buffer.length - offset));
        if (end - offset < RECORD_HEADER_LENGTH + 1) {
            return end - offset >= 1 && (buffer[offset] & 0xff) == CONTENT_TYPE_HANDSHAKE ? TRUNCATED
                    : NOT_CLIENT_HELLO;
        }
        if ((buffer[offset] & 0xff) != CONTENT_TYPE_HANDSHAKE || (buffer[offset + 1] & 0xff) != 3
                || (buffer[offset + RECORD_HEADER_LENGTH] & 0xff) != HANDSHAKE_CLIENT_HELLO) {
            return NOT_CLIENT_HELLO;
        }
        int recordEnd = offset + RECORD_HEADER_LENGTH + u16(offset + 3);
        int p = offset + RECORD_HEADER_LENGTH;
        if (p + HANDSHAKE_HEADER_LENGTH > end) {
            return TRUNCATED;
        }
        helloEnd = p + HANDSHAKE_HEADER_LENGTH + u24(p + 1);
        // the hello's own length bounds the walk; the bytes present and its first record cut it (a hello that
        // continues in a second record would need record reassembly: TRUNCATED)
        int limit = Math.min(Math.min(end, helloEnd), recordEnd);
        p += HANDSHAKE_HEADER_LENGTH + 2 + RANDOM_LENGTH;
        p = skip(p, 1, limit);
        p = p < 0 ? p : skip(p, 2, limit);
        p = p < 0 ? p : skip(p, 1, limit);
        if (p < 0) {
            return -p;
        }
        if (p == helloEnd) {
            return NO_SNI; // RFC 5246: the extensions block may be absent altogether
        }
        if (p + 2 > limit) {
            return p + 2 > helloEnd ? MALFORMED : TRUNCATED;
        }
        int extEnd = p + 2 + u16(p);
        if (extEnd > helloEnd) {
            return MALFORMED;
        }
        p += 2;
        for (int n = 0; p < extEnd; n++) {
            if (n == MAX_EXTENSIONS) {
                return MALFORMED;
            }
            if (p + 4 > limit) {
                return TRUNCATED;
            }
            int type = u16(p);
            int extLen = u16(p + 2);
            int data = p + 4;
            if (data + extLen > extEnd) {
                return MALFORMED;
            }
            if (type == EXTENSION_SERVER_NAME) {
                return serverName(data, data + extLen, limit);
            }
            p = data + extLen;
        }
        return NO_SNI;
    }

    private int serverName(int p, int extEnd, int limit) {
        if (extEnd > limit) {
            return TRUNCATED;
        }
        if (p + 2 > extEnd) {
            return MALFORMED;
        }
        int listEnd = p + 2 + u16(p);
        if (listEnd > extEnd) {
            return MALFORMED;
        }
        p += 2;
        for (int n = 0; p < listEnd && n < MAX_EXTENSIONS; n++) {
            if (p + 3 > listEnd) {
                return MALFORMED;
            }
            int type = buf[p] & 0xff;
            int len = u16(p + 1);
            if (p + 3 + len > listEnd) {
                return MALFORMED;
            }
            if (type == 0) {
                if (len == 0 || len > MAX_HOST_NAME_LENGTH) {
                    return MALFORMED;
                }
                nameOffset = p + 3;
                nameLength = len;
                return OK;
            }
            p += 3 + len;
        }
        return NO_SNI;
    }

    /** Skips a vector with a {@code lengthBytes}-byte length; returns the position after it or -status. */
    private int skip(int p, int lengthBytes, int limit) {
        if (p + lengthBytes > limit) {
            return p + lengthBytes > helloEnd ? -MALFORMED : -TRUNCATED;
        }
        int n = lengthBytes == 1 ? buf[p] & 0xff : u16(p);
        int next = p + lengthBytes + n;
        if (next > helloEnd) {
            return -MALFORMED;
        }
        return next > limit ? -TRUNCATED : next;
    }

    /** Absolute offset of the host name in the wrapped buffer (valid after {@link #OK}). */
    public int nameOffset() {
        return nameOffset;
    }

    public int nameLength() {
        return nameLength;
    }

    /**
     * Copies the host name into {@code out[outOff..]} in lower case ('.' kept, a trailing dot dropped); returns the
     * length written. {@code out} needs {@link #MAX_HOST_NAME_LENGTH} bytes.
     */
    public int copyName(byte[] out, int outOff) {
        int n = nameLength;
        if (n > 0 && buf[nameOffset + n - 1] == '.') {
            n--;
        }
        for (int i = 0; i < n; i++) {
            int c = buf[nameOffset + i] & 0xff;
            out[outOff + i] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        return n;
    }

    private int u16(int p) {
        return ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
    }

    private int u24(int p) {
        return ((buf[p] & 0xff) << 16) | ((buf[p + 1] & 0xff) << 8) | (buf[p + 2] & 0xff);
    }
}

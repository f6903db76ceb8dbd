package org.voipwatch.analyzer.protocol.stun;

import java.util.zip.CRC32;

import org.voipwatch.analyzer.util.IpAddresses;

/**
 * Flyweight over one STUN message (RFC 8489, RFC 5389; classic RFC 3489 on request) in a caller's buffer.
 * One instance per analyzer thread, reused for every packet; {@link #wrap} neither allocates nor throws.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |   TYPE_OFFSET 0, LENGTH_OFFSET 2
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |   COOKIE_OFFSET 4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |   TRANSACTION_ID_OFFSET 8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Message type: M11..M7 C1 M6..M4 C0 M3..M0 (RFC 8489 §5, Figure 3).
 * Attribute: Type (16) | Length (16) | Value, padded to a multiple of 4 bytes (RFC 8489 §14).
 * </pre>
 *
 * <p>Probe (RFC 8489 §6.3, RFC 9443): the top two bits are zero, the cookie is {@code 0x2112A442}, the length is a
 * multiple of 4 and (UDP) equals the datagram length minus 20, and the attribute TLVs tile the body exactly (walked
 * once at wrap with a budget of {@link #MAX_ATTRIBUTES}). Over TCP ({@link #TCP_FRAMING}) the buffer may hold more
 * than one message: {@link #messageLength()} says where the next one starts. RFC 4571 / RFC 6544 framing (a 2-byte
 * length before each message, used by ICE-TCP) is the caller's business: strip it and wrap at {@code off + 2}.
 *
 * <p>Classic STUN (RFC 3489) has no cookie, so any 20 bytes could pass for it; it is accepted only with
 * {@link #ALLOW_CLASSIC}, which the caller sets when the port is a known STUN port ({@link #isKnownStunPort}), and
 * then with stricter checks: a known RFC 3489 message type, the exact length, attribute lengths multiple of 4,
 * comprehension-required attribute types from RFC 3489 only. A classic candidate that fails them is NOT_STUN.
 *
 * <p>Header accessors are valid when wrap returned OK or a malformed code from {@link StunStatus#BAD_LENGTH} on
 * ({@link #headerValid()}); the attribute cursor then walks only the attributes that were well formed.
 */
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    public static final int TYPE_OFFSET = 0;
    public static final int LENGTH_OFFSET = 2;
    public static final int COOKIE_OFFSET = 4;
    public static final int TRANSACTION_ID_OFFSET = 8;
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** Attribute-walk budget. RFC 8489 sets no limit; real messages carry fewer than 20 (ICE ones about 8). */
    public static final int MAX_ATTRIBUTES = 64;

    /** wrap flag: TCP/TLS stream framing (buffer may hold more than the message). */
    public static final int TCP_FRAMING = 1;
    /** wrap flag: also accept classic RFC 3489 STUN (no cookie); set only for known STUN ports. */
    public static final int ALLOW_CLASSIC = 2;

    public static final int CLASS_REQUEST = 0;
    public static final int CLASS_INDICATION = 1;
    public static final int CLASS_SUCCESS = 2;
    public static final int CLASS_ERROR = 3;

    public static final int METHOD_BINDING = 0x001;
    /** RFC 3489 only (removed in RFC 5389). */
    public static final int METHOD_SHARED_SECRET = 0x002;
    public static final int METHOD_ALLOCATE = 0x003;
    public static final int METHOD_REFRESH = 0x004;
    public static final int METHOD_SEND = 0x006;
    public static final int METHOD_DATA = 0x007;
    public static final int METHOD_CREATE_PERMISSION = 0x008;
    public static final int METHOD_CHANNEL_BIND = 0x009;
    public static final int METHOD_CONNECT = 0x00a;
    public static final int METHOD_CONNECTION_BIND = 0x00b;
    public static final int METHOD_CONNECTION_ATTEMPT = 0x00c;

    public static final int ATTR_MAPPED_ADDRESS = 0x0001;
    public static final int ATTR_RESPONSE_ADDRESS = 0x0002;
    public static final int ATTR_CHANGE_REQUEST = 0x0003;
    public static final int ATTR_SOURCE_ADDRESS = 0x0004;
    public static final int ATTR_CHANGED_ADDRESS = 0x0005;
    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_PASSWORD = 0x0007;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_ERROR_CODE = 0x0009;
    public static final int ATTR_UNKNOWN_ATTRIBUTES = 0x000a;
    public static final int ATTR_REFLECTED_FROM = 0x000b;
    public static final int ATTR_CHANNEL_NUMBER = 0x000c;
    public static final int ATTR_LIFETIME = 0x000d;
    public static final int ATTR_XOR_PEER_ADDRESS = 0x0012;
    public static final int ATTR_DATA = 0x0013;
    public static final int ATTR_REALM = 0x0014;
    public static final int ATTR_NONCE = 0x0015;
    public static final int ATTR_XOR_RELAYED_ADDRESS = 0x0016;
    public static final int ATTR_REQUESTED_ADDRESS_FAMILY = 0x0017;
    public static final int ATTR_EVEN_PORT = 0x0018;
    public static final int ATTR_REQUESTED_TRANSPORT = 0x0019;
    public static final int ATTR_DONT_FRAGMENT = 0x001a;
    public static final int ATTR_MESSAGE_INTEGRITY_SHA256 = 0x001c;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    public static final int ATTR_RESERVATION_TOKEN = 0x0022;
    public static final int ATTR_PRIORITY = 0x0024;
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    public static final int ATTR_CONNECTION_ID = 0x002a;
    /** XOR-MAPPED-ADDRESS as numbered by pre-RFC 5389 drafts; still sent by old clients, decoded like 0x0020. */
    public static final int ATTR_XOR_MAPPED_ADDRESS_OLD = 0x8020;
    public static final int ATTR_SOFTWARE = 0x8022;
    public static final int ATTR_ALTERNATE_SERVER = 0x8023;
    public static final int ATTR_FINGERPRINT = 0x8028;
    public static final int ATTR_ICE_CONTROLLED = 0x8029;
    public static final int ATTR_ICE_CONTROLLING = 0x802a;
    public static final int ATTR_RESPONSE_ORIGIN = 0x802b;
    public static final int ATTR_OTHER_ADDRESS = 0x802c;

    /** Address family codes in address attributes (RFC 8489 §14.1). */
    public static final int FAMILY_IPV4 = 1;
    public static final int FAMILY_IPV6 = 2;

    /** RFC 8489 §14.7: the FINGERPRINT CRC-32 is XOR-ed with this ("STUN"). */
    public static final int FINGERPRINT_XOR = 0x5354554e;

    private static final int PRESENT_MESSAGE_INTEGRITY = 1;
    private static final int PRESENT_MESSAGE_INTEGRITY_SHA256 = 1 << 1;
    private static final int PRESENT_FINGERPRINT = 1 << 2;
    private static final int PRESENT_USE_CANDIDATE = 1 << 3;
    private static final int PRESENT_ICE_CONTROLLED = 1 << 4;
    private static final int PRESENT_ICE_CONTROLLING = 1 << 5;

    private final CRC32 crc = new CRC32();

    private byte[] buf;
    private int off;
    private boolean headerValid;
    private boolean classic;
    private int type;
    private int bodyLength;
    private long txHi;
    private long txLo;
    private int present;
    private int attributeCount;
    private int fingerprintOffset = -1;
    /** End of the last attribute that was well formed: the cursor never walks beyond it. */
    private int attributesEnd;

    private int cursor;
    private int cursorBudget;
    private int attrType = -1;
    private int attrOffset;
    private int attrLength;

    private int addressFamily;
    private int addressPort;
    private long addressHi;
    private long addressLo;

    /** {@code wrap(buf, off, len, 0)}: a UDP datagram, no classic STUN. */
    public int wrap(byte[] buf, int off, int len) {
        return wrap(buf, off, len, 0);
    }

    /**
     * Probes and wraps the bytes {@code buf[off, off+len)}; {@code flags} is a sum of {@link #TCP_FRAMING} and
     * {@link #ALLOW_CLASSIC}. Returns a {@link StunStatus} code.
     */
    public int wrap(byte[] buf, int off, int len, int flags) {
        this.buf = buf;
        this.off = off;
        headerValid = false;
        classic = false;
        present = 0;
        attributeCount = 0;
        fingerprintOffset = -1;
        attributesEnd = off + HEADER_LENGTH;
        attrType = -1;
        cursor = attributesEnd;
        cursorBudget = MAX_ATTRIBUTES;
        if (buf == null || off < 0 || len <= 0 || len > buf.length - off) {
            return StunStatus.NOT_STUN;
        }
        if ((buf[off] & 0xc0) != 0) {
            return StunStatus.NOT_STUN;
        }
        boolean tcp = (flags & TCP_FRAMING) != 0;
        if (len < HEADER_LENGTH) {
            return shortHeader(len, tcp);
        }
        type = u16(off + TYPE_OFFSET);
        bodyLength = u16(off + LENGTH_OFFSET);
        if (i32(off + COOKIE_OFFSET) != MAGIC_COOKIE) {
            return (flags & ALLOW_CLASSIC) != 0 ? wrapClassic(len, tcp) : StunStatus.NOT_STUN;
        }
        txHi = i32(off + TRANSACTION_ID_OFFSET) & 0xffff_ffffL;
        txLo = i64(off + TRANSACTION_ID_OFFSET + 4);
        headerValid = true;
        if ((bodyLength & 3) != 0) {
            return StunStatus.BAD_LENGTH;
        }
        int total = HEADER_LENGTH + bodyLength;
        if (len < total) {
            return tcp ? StunStatus.NEED_MORE_DATA : StunStatus.TRUNCATED_MESSAGE;
        }
        if (!tcp && len > total) {
            return StunStatus.TRAILING_BYTES;
        }
        return scanAttributes(off + total, false);
    }

    private int shortHeader(int len, boolean tcp) {
        boolean cookieSeen = len >= COOKIE_OFFSET + 4;
        boolean cookieMatches = cookieSeen && i32(off + COOKIE_OFFSET) == MAGIC_COOKIE;
        if (tcp && (!cookieSeen || cookieMatches)) {
            return StunStatus.NEED_MORE_DATA;
        }
        return cookieMatches ? StunStatus.TRUNCATED_HEADER : StunStatus.NOT_STUN;
    }

    private int wrapClassic(int len, boolean tcp) {
        if (!isClassicType(type) || (bodyLength & 3) != 0) {
            return StunStatus.NOT_STUN;
        }
        int total = HEADER_LENGTH + bodyLength;
        if (len < total) {
            return tcp ? StunStatus.NEED_MORE_DATA : StunStatus.NOT_STUN;
        }
        if (!tcp && len > total) {
            return StunStatus.NOT_STUN;
        }
        // RFC 3489 §11.1: the transaction id is the 128 bits after the length.
        txHi = i64(off + COOKIE_OFFSET);
        txLo = i64(off + COOKIE_OFFSET + 8);
        if (scanAttributes(off + total, true) != StunStatus.OK) {
            present = 0;
            attributeCount = 0;
            fingerprintOffset = -1;
            attributesEnd = off + HEADER_LENGTH;
            return StunStatus.NOT_STUN;
        }
        classic = true;
        headerValid = true;
        return StunStatus.OK;
    }

    private static boolean isClassicType(int t) {
        // Binding and Shared Secret: request, success response, error response (RFC 3489 §11.1).
        return t == 0x0001 || t == 0x0101 || t == 0x0111 || t == 0x0002 || t == 0x0102 || t == 0x0112;
    }

    private int scanAttributes(int end, boolean strictClassic) {
        int pos = off + HEADER_LENGTH;
        while (pos < end) {
            if (attributeCount == MAX_ATTRIBUTES) {
                return StunStatus.TOO_MANY_ATTRIBUTES;
            }
            if (end - pos < 4) {
                return StunStatus.ATTRIBUTE_OVERRUN;
            }
            int t = u16(pos);
            int l = u16(pos + 2);
            int next = pos + 4 + ((l + 3) & ~3);
            if (next > end) {
                return StunStatus.ATTRIBUTE_OVERRUN;
            }
            if (strictClassic && ((l & 3) != 0 || (t < 0x8000 && (t == 0 || t > ATTR_REFLECTED_FROM)))) {
                return StunStatus.NOT_STUN;
            }
            notePresence(t, pos);
            attributeCount++;
            pos = next;
            attributesEnd = pos;
        }
        return StunStatus.OK;
    }

    private void notePresence(int t, int pos) {
        switch (t) {
            case ATTR_MESSAGE_INTEGRITY -> present |= PRESENT_MESSAGE_INTEGRITY;
            case ATTR_MESSAGE_INTEGRITY_SHA256 -> present |= PRESENT_MESSAGE_INTEGRITY_SHA256;
            case ATTR_FINGERPRINT -> {
                present |= PRESENT_FINGERPRINT;
                fingerprintOffset = pos;
            }
            case ATTR_USE_CANDIDATE -> present |= PRESENT_USE_CANDIDATE;
            case ATTR_ICE_CONTROLLED -> present |= PRESENT_ICE_CONTROLLED;
            case ATTR_ICE_CONTROLLING -> present |= PRESENT_ICE_CONTROLLING;
            default -> {
            }
        }
    }

    // ---- header ----

    /** True when the header fields below are meaningful (wrap returned OK or a malformed-body code). */
    public boolean headerValid() {
        return headerValid;
    }

    /** True for a classic RFC 3489 message (accepted only with {@link #ALLOW_CLASSIC}). */
    public boolean isClassic() {
        return classic;
    }

    /** The 14-bit message type as on the wire. */
    public int messageType() {
        return type;
    }

    /** {@link #CLASS_REQUEST}, {@link #CLASS_INDICATION}, {@link #CLASS_SUCCESS} or {@link #CLASS_ERROR}. */
    public int messageClass() {
        return ((type >> 7) & 2) | ((type >> 4) & 1);
    }

    /** The 12-bit method ({@link #METHOD_BINDING}...). */
    public int method() {
        return (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
    }

    /** The Message Length field: bytes after the 20-byte header. */
    public int bodyLength() {
        return bodyLength;
    }

    /** Bytes of the whole message (20 + body): over TCP the next message starts this far after off. */
    public int messageLength() {
        return HEADER_LENGTH + bodyLength;
    }

    /**
     * High part of the transaction id: RFC 5389+ the first 4 of the 12 id bytes (unsigned, so below 2^32); classic
     * RFC 3489 the first 8 of its 16 id bytes (where the cookie would be).
     */
    public long transactionIdHi() {
        return txHi;
    }

    /** Low 8 bytes of the transaction id. */
    public long transactionIdLo() {
        return txLo;
    }

    /** Number of well-formed attributes found at wrap. */
    public int attributeCount() {
        return attributeCount;
    }

    public boolean hasMessageIntegrity() {
        return (present & PRESENT_MESSAGE_INTEGRITY) != 0;
    }

    public boolean hasMessageIntegritySha256() {
        return (present & PRESENT_MESSAGE_INTEGRITY_SHA256) != 0;
    }

    public boolean hasFingerprint() {
        return (present & PRESENT_FINGERPRINT) != 0;
    }

    public boolean hasUseCandidate() {
        return (present & PRESENT_USE_CANDIDATE) != 0;
    }

    public boolean hasIceControlled() {
        return (present & PRESENT_ICE_CONTROLLED) != 0;
    }

    public boolean hasIceControlling() {
        return (present & PRESENT_ICE_CONTROLLING) != 0;
    }

    /**
     * Checks FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the attribute, with the length field as
     * sent, XOR 0x5354554e. False when absent or malformed. No allocation (one reused CRC32).
     */
    public boolean fingerprintValid() {
        if (fingerprintOffset < 0 || u16(fingerprintOffset + 2) != 4) {
            return false;
        }
        crc.reset();
        crc.update(buf, off, fingerprintOffset - off);
        return ((int) crc.getValue() ^ FINGERPRINT_XOR) == i32(fingerprintOffset + 4);
    }

    // ---- attribute cursor ----

    /** Puts the cursor before the first attribute. wrap does this too. */
    public void rewindAttributes() {
        cursor = off + HEADER_LENGTH;
        cursorBudget = MAX_ATTRIBUTES;
        attrType = -1;
    }

    /** Advances to the next attribute; false at the end (or past the last well-formed attribute). */
    public boolean nextAttribute() {
        if (cursor >= attributesEnd || cursorBudget <= 0) {
            attrType = -2;
            return false;
        }
        cursorBudget--;
        attrType = u16(cursor);
        attrLength = u16(cursor + 2);
        attrOffset = cursor + 4;
        cursor = attrOffset + ((attrLength + 3) & ~3);
        return true;
    }

    /** Moves the cursor to the first attribute of this type; false (cursor at the end) when there is none. */
    public boolean findAttribute(int attributeType) {
        rewindAttributes();
        while (nextAttribute()) {
            if (attrType == attributeType) {
                return true;
            }
        }
        return false;
    }

    public int attributeType() {
        return attrType;
    }

    /** Offset in the buffer of the current attribute's value (after its 4-byte header). */
    public int attributeOffset() {
        return attrOffset;
    }

    /** Length of the current attribute's value, without padding (e.g. USERNAME, SOFTWARE byte range). */
    public int attributeLength() {
        return attrLength;
    }

    public byte[] buffer() {
        return buf;
    }

    /**
     * Decodes the current attribute as an address: MAPPED-ADDRESS and the other RFC 3489 addresses as is,
     * XOR-MAPPED-ADDRESS (also 0x8020), XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS un-XOR-ed with the cookie and
     * transaction id (RFC 8489 §14.2). Returns OK and fills {@link #addressFamily()}, {@link #addressPort()},
     * {@link #addressHi()}, {@link #addressLo()} (IPv4 as ::ffff:a.b.c.d), or {@link StunStatus#BAD_ADDRESS_ATTRIBUTE}.
     */
    public int decodeAddress() {
        if (attrType < 0 || attrLength < 8) {
            return StunStatus.BAD_ADDRESS_ATTRIBUTE;
        }
        int family = buf[attrOffset + 1] & 0xff;
        boolean xor = isXorAddress(attrType);
        int port = u16(attrOffset + 2);
        if (xor) {
            port ^= MAGIC_COOKIE >>> 16;
        }
        if (family == FAMILY_IPV4 && attrLength == 8) {
            int a = i32(attrOffset + 4);
            addressHi = 0;
            addressLo = IpAddresses.v4Lo(xor ? a ^ MAGIC_COOKIE : a);
        } else if (family == FAMILY_IPV6 && attrLength == 20) {
            long hi = i64(attrOffset + 4);
            long lo = i64(attrOffset + 12);
            if (xor) {
                // key = cookie || transaction id; for classic messages the cookie area is id, XOR with it as sent
                hi ^= i64(off + COOKIE_OFFSET);
                lo ^= i64(off + COOKIE_OFFSET + 8);
            }
            addressHi = hi;
            addressLo = lo;
        } else {
            return StunStatus.BAD_ADDRESS_ATTRIBUTE;
        }
        addressFamily = family;
        addressPort = port;
        return StunStatus.OK;
    }

    private static boolean isXorAddress(int t) {
        return t == ATTR_XOR_MAPPED_ADDRESS || t == ATTR_XOR_MAPPED_ADDRESS_OLD || t == ATTR_XOR_PEER_ADDRESS
                || t == ATTR_XOR_RELAYED_ADDRESS;
    }

    /** {@link #FAMILY_IPV4} or {@link #FAMILY_IPV6} after a successful {@link #decodeAddress()}. */
    public int addressFamily() {
        return addressFamily;
    }

    public int addressPort() {
        return addressPort;
    }

    public long addressHi() {
        return addressHi;
    }

    public long addressLo() {
        return addressLo;
    }

    /**
     * ERROR-CODE (RFC 8489 §14.8) of the current attribute as class * 100 + number (300..699), or -1 when the
     * attribute is short or the class/number is out of range. The reason phrase is the value from byte 4 on.
     */
    public int errorCode() {
        if (attrType != ATTR_ERROR_CODE || attrLength < 4) {
            return -1;
        }
        int cls = buf[attrOffset + 2] & 0x07;
        int number = buf[attrOffset + 3] & 0xff;
        return cls >= 3 && cls <= 6 && number < 100 ? cls * 100 + number : -1;
    }

    /** Convenience: the ERROR-CODE of this message (moves the cursor), or -1 when absent or malformed. */
    public int findErrorCode() {
        return findAttribute(ATTR_ERROR_CODE) ? errorCode() : -1;
    }

    /** A 4-byte unsigned value (LIFETIME seconds, PRIORITY), or -1 when the current attribute is not 4 bytes. */
    public long u32Value() {
        return attrType >= 0 && attrLength == 4 ? i32(attrOffset) & 0xffff_ffffL : -1;
    }

    /** CHANNEL-NUMBER (RFC 8656 §18.1): the channel (first 2 bytes), or -1 when not 4 bytes. */
    public int channelNumber() {
        return attrType == ATTR_CHANNEL_NUMBER && attrLength == 4 ? u16(attrOffset) : -1;
    }

    /** REQUESTED-TRANSPORT (RFC 8656 §18.7): IP protocol number (17 UDP, 6 TCP), or -1 when not 4 bytes. */
    public int requestedTransport() {
        return attrType == ATTR_REQUESTED_TRANSPORT && attrLength == 4 ? buf[attrOffset] & 0xff : -1;
    }

    /** ICE-CONTROLLING / ICE-CONTROLLED tie-breaker (RFC 8445 §16.1), or 0 when not 8 bytes. */
    public long tieBreaker() {
        return (attrType == ATTR_ICE_CONTROLLING || attrType == ATTR_ICE_CONTROLLED) && attrLength == 8
                ? i64(attrOffset) : 0;
    }

    // ---- helpers ----

    /** Ports where a caller may allow classic STUN: IANA stun/stuns (3478, 5349), RFC 3489 alternate 3479,
     * TURN-over-TLS alternate 5350, and Google's public STUN servers (19302). */
    public static boolean isKnownStunPort(int port) {
        return port == 3478 || port == 3479 || port == 5349 || port == 5350 || port == 19302;
    }

    /** Method name for events and summaries (not for the hot path's counters' keys: use the int). */
    public static String methodName(int method) {
        return switch (method) {
            case METHOD_BINDING -> "binding";
            case METHOD_SHARED_SECRET -> "shared_secret";
            case METHOD_ALLOCATE -> "allocate";
            case METHOD_REFRESH -> "refresh";
            case METHOD_SEND -> "send";
            case METHOD_DATA -> "data";
            case METHOD_CREATE_PERMISSION -> "create_permission";
            case METHOD_CHANNEL_BIND -> "channel_bind";
            case METHOD_CONNECT -> "connect";
            case METHOD_CONNECTION_BIND -> "connection_bind";
            case METHOD_CONNECTION_ATTEMPT -> "connection_attempt";
            default -> "method_0x" + Integer.toHexString(method);
        };
    }

    /** Class name for events: request, indication, success, error. */
    public static String className(int messageClass) {
        return switch (messageClass) {
            case CLASS_REQUEST -> "request";
            case CLASS_INDICATION -> "indication";
            case CLASS_SUCCESS -> "success";
            default -> "error";
        };
    }

    /** True for the TURN methods (RFC 8656, RFC 6062): Allocate through ConnectionAttempt. */
    public static boolean isTurnMethod(int method) {
        return method >= METHOD_ALLOCATE && method <= METHOD_CONNECTION_ATTEMPT && method != 0x005;
    }

    private int u16(int p) {
        return ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
    }

    private int i32(int p) {
        return ((buf[p] & 0xff) << 24) | ((buf[p + 1] & 0xff) << 16) | ((buf[p + 2] & 0xff) << 8) | (buf[p + 3] & 0xff);
    }

    private long i64(int p) {
        return ((long) i32(p) << 32) | (i32(p + 4) & 0xffff_ffffL);
    }
}

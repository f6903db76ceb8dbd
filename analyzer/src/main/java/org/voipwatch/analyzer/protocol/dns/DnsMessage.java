package org.voipwatch.analyzer.protocol.dns;

/**
 * Flyweight over one DNS message (RFC 1035 §4) in a caller's buffer: the header, the first question and the
 * answer records (up to {@link #MAX_RECORDS}) are indexed at {@link #wrap}; names are decoded only when asked
 * ({@link #readName}). One instance per analyzer thread; {@code wrap} neither allocates nor throws.
 *
 * <pre>
 *                                 1  1  1  1  1  1
 *   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |                      ID                       |   ID_OFFSET 0
 * |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |   FLAGS_OFFSET 2
 * |                    QDCOUNT                    |   QDCOUNT_OFFSET 4
 * |                    ANCOUNT                    |   ANCOUNT_OFFSET 6
 * |                    NSCOUNT                    |   NSCOUNT_OFFSET 8
 * |                    ARCOUNT                    |   ARCOUNT_OFFSET 10
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * question: QNAME | QTYPE (16) | QCLASS (16)
 * record:   NAME | TYPE (16) | CLASS (16) | TTL (32) | RDLENGTH (16) | RDATA
 * name:     labels (length byte 0-63, then the bytes), ending with a zero byte or a pointer
 *           (two bytes 11xxxxxx xxxxxxxx: a 14-bit offset from the start of the message, §4.1.4)
 * </pre>
 *
 * <p>Limits (loop budgets against crafted messages): a pointer must point strictly before the labels it follows
 * (RFC 1035 says "a prior occurrence"; each jump then lands lower than the last, which alone rules out loops),
 * and a name may take at most {@link #MAX_POINTER_HOPS} pointers and {@link #MAX_LABELS} labels, 255 bytes in
 * wire form. Questions after the first are skipped with the
 * same budget; authority and additional sections are not read.
 */
public final class DnsMessage {
    public static final int HEADER_LENGTH = 12;
    public static final int ID_OFFSET = 0;
    public static final int FLAGS_OFFSET = 2;
    public static final int QDCOUNT_OFFSET = 4;
    public static final int ANCOUNT_OFFSET = 6;
    public static final int NSCOUNT_OFFSET = 8;
    public static final int ARCOUNT_OFFSET = 10;
    /** Fixed part of a record after its name: TYPE, CLASS, TTL, RDLENGTH. */
    public static final int RECORD_FIXED_LENGTH = 10;
    public static final int QUESTION_FIXED_LENGTH = 4;

    public static final int TYPE_A = 1;
    public static final int TYPE_CNAME = 5;
    public static final int TYPE_AAAA = 28;
    public static final int CLASS_IN = 1;

    /** Answer records indexed per message; a resolver's answer for one name rarely holds more than 16. */
    public static final int MAX_RECORDS = 32;
    /** Questions walked (only the first is indexed); real messages have exactly one. */
    public static final int MAX_QUESTIONS = 4;
    public static final int MAX_POINTER_HOPS = 16;
    public static final int MAX_LABELS = 127;
    /** RFC 1035 §2.3.4: 255 octets in wire form; decoded text is at most 253 characters. */
    public static final int MAX_NAME_WIRE_LENGTH = 255;
    /** Size of a name buffer for {@link #readName}. */
    public static final int NAME_BUFFER_LENGTH = 256;

    private byte[] buf;
    private int off;
    private int len;
    private int questionNameOffset;
    private int questionType;
    private int records;
    private final int[] recordNameOffset = new int[MAX_RECORDS];
    private final int[] recordType = new int[MAX_RECORDS];
    private final int[] recordClass = new int[MAX_RECORDS];
    private final long[] recordTtl = new long[MAX_RECORDS];
    private final int[] recordDataOffset = new int[MAX_RECORDS];
    private final int[] recordDataLength = new int[MAX_RECORDS];
    /** Set by {@link #readName}/{@link #skipName} when they fail: the DnsStatus code. */
    private int nameError;

    /**
     * Indexes the message in {@code buf[off, off+len)}. Returns {@link DnsStatus#OK}, {@link
     * DnsStatus#TOO_MANY_RECORDS} or a malformed code; after a malformed code the header accessors are valid
     * when {@code len >= 12}, and the records indexed before the problem stay readable.
     */
    public int wrap(byte[] buffer, int offset, int length) {
        this.buf = buffer;
        this.off = offset;
        this.len = Math.max(0, Math.min(length, buffer.length - offset));
        this.records = 0;
        this.questionNameOffset = -1;
        this.questionType = 0;
        if (len < HEADER_LENGTH) {
            return DnsStatus.TRUNCATED_HEADER;
        }
        int pos = HEADER_LENGTH;
        int qd = questionCount();
        if (qd == 0 && isResponse()) {
            return DnsStatus.NO_QUESTION;
        }
        for (int q = 0; q < Math.min(qd, MAX_QUESTIONS); q++) {
            int nameAt = pos;
            pos = skipName(pos);
            if (pos < 0) {
                return nameError == DnsStatus.TRUNCATED_RECORD ? DnsStatus.TRUNCATED_QUESTION : nameError;
            }
            if (pos + QUESTION_FIXED_LENGTH > len) {
                return DnsStatus.TRUNCATED_QUESTION;
            }
            if (q == 0) {
                questionNameOffset = nameAt;
                questionType = u16(pos);
            }
            pos += QUESTION_FIXED_LENGTH;
        }
        if (qd > MAX_QUESTIONS) {
            return DnsStatus.TRUNCATED_QUESTION; // cannot know where the answers start
        }
        int an = answerCount();
        for (int r = 0; r < an; r++) {
            if (records == MAX_RECORDS) {
                return DnsStatus.TOO_MANY_RECORDS;
            }
            int nameAt = pos;
            pos = skipName(pos);
            if (pos < 0) {
                return nameError;
            }
            if (pos + RECORD_FIXED_LENGTH > len) {
                return DnsStatus.TRUNCATED_RECORD;
            }
            int rdLength = u16(pos + 8);
            int data = pos + RECORD_FIXED_LENGTH;
            if (data + rdLength > len) {
                return DnsStatus.TRUNCATED_RECORD;
            }
            recordNameOffset[records] = nameAt;
            recordType[records] = u16(pos);
            recordClass[records] = u16(pos + 2);
            recordTtl[records] = u32(pos + 4);
            recordDataOffset[records] = data;
            recordDataLength[records] = rdLength;
            records++;
            pos = data + rdLength;
        }
        return DnsStatus.OK;
    }

    public int id() {
        return u16(ID_OFFSET);
    }

    public int flags() {
        return u16(FLAGS_OFFSET);
    }

    public boolean isResponse() {
        return (flags() & 0x8000) != 0;
    }

    public int opcode() {
        return (flags() >>> 11) & 0xf;
    }

    /** TC: the server cut the answer to fit a datagram (the client will ask again over TCP). */
    public boolean isTruncatedFlag() {
        return (flags() & 0x0200) != 0;
    }

    public int rcode() {
        return flags() & 0xf;
    }

    public int questionCount() {
        return u16(QDCOUNT_OFFSET);
    }

    public int answerCount() {
        return u16(ANCOUNT_OFFSET);
    }

    /** Message-relative offset of the first question's name, or -1. */
    public int questionNameOffset() {
        return questionNameOffset;
    }

    public int questionType() {
        return questionType;
    }

    /** Answer records indexed by the last wrap. */
    public int records() {
        return records;
    }

    /** Message-relative offset of record {@code i}'s owner name (pass it to {@link #readName}). */
    public int recordNameOffset(int i) {
        return recordNameOffset[i];
    }

    public int recordType(int i) {
        return recordType[i];
    }

    public int recordClass(int i) {
        return recordClass[i];
    }

    /** TTL in seconds (RFC 2181 §8: values with the top bit set are treated as 0). */
    public long recordTtl(int i) {
        long t = recordTtl[i];
        return t > 0x7fff_ffffL ? 0 : t;
    }

    /** Message-relative offset of record {@code i}'s RDATA. */
    public int recordDataOffset(int i) {
        return recordDataOffset[i];
    }

    public int recordDataLength(int i) {
        return recordDataLength[i];
    }

    /** Byte at a message-relative offset (caller checked the bounds through the record accessors). */
    public int byteAt(int pos) {
        return buf[off + pos] & 0xff;
    }

    /** 64-bit big-endian word at a message-relative offset (for IPv6 RDATA). */
    public long longAt(int pos) {
        return (u32(pos) << 32) | u32(pos + 4);
    }

    /** 32-bit big-endian word at a message-relative offset, unsigned (for IPv4 RDATA). */
    public long u32(int pos) {
        int p = off + pos;
        return ((long) (buf[p] & 0xff) << 24) | ((buf[p + 1] & 0xff) << 16) | ((buf[p + 2] & 0xff) << 8)
                | (buf[p + 3] & 0xff);
    }

    /**
     * Decodes the name at message-relative {@code pos} into {@code out[outOff..]} as lower-case dotted text
     * without the final dot ("" for the root), following compression pointers. Returns the text length, or a
     * negated {@link DnsStatus} code. A '.' byte inside a label is written as '?' so that it can never pass
     * for a label boundary when the text is matched against patterns. {@code out} needs
     * {@link #NAME_BUFFER_LENGTH} bytes from {@code outOff}.
     */
    public int readName(int pos, byte[] out, int outOff) {
        int n = 0;
        int hops = 0;
        int labels = 0;
        int wire = 0;
        int p = pos;
        int segment = pos;
        while (true) {
            if (p < 0 || p >= len) {
                return -DnsStatus.TRUNCATED_RECORD;
            }
            int b = byteAt(p);
            int kind = b & 0xc0;
            if (kind == 0xc0) {
                if (p + 1 >= len) {
                    return -DnsStatus.TRUNCATED_RECORD;
                }
                int target = ((b & 0x3f) << 8) | byteAt(p + 1);
                // strictly before the labels just read: positions only decrease, so no loop can last
                if (target >= segment || ++hops > MAX_POINTER_HOPS) {
                    return -DnsStatus.BAD_POINTER;
                }
                p = target;
                segment = target;
                continue;
            }
            if (kind != 0) {
                return -DnsStatus.BAD_LABEL_TYPE;
            }
            if (b == 0) {
                return n;
            }
            wire += b + 1;
            if (++labels > MAX_LABELS || wire + 1 > MAX_NAME_WIRE_LENGTH) {
                return -DnsStatus.NAME_TOO_LONG;
            }
            if (p + 1 + b > len) {
                return -DnsStatus.TRUNCATED_RECORD;
            }
            if (n > 0) {
                out[outOff + n++] = '.';
            }
            for (int i = 1; i <= b; i++) {
                int c = byteAt(p + i);
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                } else if (c == '.') {
                    c = '?';
                }
                out[outOff + n++] = (byte) c;
            }
            p += 1 + b;
        }
    }

    /**
     * The message-relative offset just after the name at {@code pos} (a pointer ends the name in place), or -1
     * with the reason in {@link #nameError()}. Validates the whole name, pointers included.
     */
    int skipName(int pos) {
        int p = pos;
        int labels = 0;
        int wire = 0;
        while (true) {
            if (p >= len) {
                return fail(DnsStatus.TRUNCATED_RECORD);
            }
            int b = byteAt(p);
            if ((b & 0xc0) == 0xc0) {
                if (p + 1 >= len) {
                    return fail(DnsStatus.TRUNCATED_RECORD);
                }
                // the rest of the name lives earlier in the message: check it once, without recursion
                int status = checkPointedName(p, pos);
                return status == DnsStatus.OK ? p + 2 : fail(status);
            }
            if ((b & 0xc0) != 0) {
                return fail(DnsStatus.BAD_LABEL_TYPE);
            }
            if (b == 0) {
                return p + 1;
            }
            wire += b + 1;
            if (++labels > MAX_LABELS || wire + 1 > MAX_NAME_WIRE_LENGTH) {
                return fail(DnsStatus.NAME_TOO_LONG);
            }
            p += 1 + b;
        }
    }

    /** Follows the pointer at {@code p} (of the name starting at {@code nameStart}) like {@link #readName}. */
    private int checkPointedName(int p, int nameStart) {
        int hops = 0;
        int labels = 0;
        int q = p;
        int segment = nameStart;
        while (true) {
            if (q >= len) {
                return DnsStatus.TRUNCATED_RECORD;
            }
            int b = byteAt(q);
            if ((b & 0xc0) == 0xc0) {
                if (q + 1 >= len) {
                    return DnsStatus.TRUNCATED_RECORD;
                }
                int target = ((b & 0x3f) << 8) | byteAt(q + 1);
                if (target >= segment || ++hops > MAX_POINTER_HOPS) {
                    return DnsStatus.BAD_POINTER;
                }
                q = target;
                segment = target;
                continue;
            }
            if ((b & 0xc0) != 0) {
                return DnsStatus.BAD_LABEL_TYPE;
            }
            if (b == 0) {
                return DnsStatus.OK;
            }
            if (++labels > MAX_LABELS) {
                return DnsStatus.NAME_TOO_LONG;
            }
            q += 1 + b;
        }
    }

    private int fail(int status) {
        nameError = status;
        return -1;
    }

    /** The DnsStatus of the last failed name walk inside {@link #wrap}. */
    public int nameError() {
        return nameError;
    }

    private int u16(int pos) {
        int p = off + pos;
        return ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
    }
}

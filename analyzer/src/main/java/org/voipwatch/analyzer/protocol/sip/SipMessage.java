package org.voipwatch.analyzer.protocol.sip;

/**
 * Flyweight over one SIP message (RFC 3261 §7) in a caller's buffer. {@link #wrap} indexes the start line and
 * every header once into preallocated int arrays (name and value as offset/length, name classified through
 * {@link SipHeader}, compact forms included); Call-ID, tags, CSeq, Via branch, URI user parts and Content-Type are
 * parsed only when first asked for and then cached until the next wrap. Nothing here allocates or throws: a
 * malformed message is a {@link SipStatus} code.
 *
 * <pre>
 *   start-line CRLF              Method SP Request-URI SP SIP/2.0 | SIP/2.0 SP 3DIGIT SP Reason-Phrase
 *   *( name HCOLON value CRLF )  a line starting with SP/HT continues the previous value (folding)
 *   CRLF
 *   body                         Content-Length bytes (stream), or Content-Length / rest of datagram (UDP)
 * </pre>
 *
 * Ranges that are absent have offset -1 and length 0. Offsets are absolute indices into {@link #buffer()}.
 * Limits: {@link #MAX_HEADERS} headers, {@link #MAX_HEADER_BYTES} per header line, {@link #MAX_MESSAGE_BYTES}.
 * Not thread-safe: one instance per analyzer thread, reused for every message.
 */
public final class SipMessage {
    public static final int MAX_HEADERS = 128;
    public static final int MAX_HEADER_BYTES = 8192;
    public static final int MAX_MESSAGE_BYTES = 65536;
    /** Longest start line accepted while waiting for its end on a stream. */
    public static final int MAX_START_LINE_BYTES = 4096;

    private static final byte[] SIP_2_0 = {'S', 'I', 'P', '/', '2', '.', '0'};
    private static final byte[] APPLICATION = {'a', 'p', 'p', 'l', 'i', 'c', 'a', 't', 'i', 'o', 'n'};
    private static final byte[] SDP = {'s', 'd', 'p'};
    private static final byte[] TAG = {'t', 'a', 'g'};
    private static final byte[] BRANCH = {'b', 'r', 'a', 'n', 'c', 'h'};

    private byte[] buf;
    private int start;
    private int status = SipStatus.NOT_SIP;
    private int messageLength;
    private boolean request;
    private int method;
    private int methodOff;
    private int methodLen;
    private int uriOff;
    private int uriLen;
    private int statusCode;
    private int reasonOff;
    private int reasonLen;
    private int headerCount;
    private final int[] nameOff = new int[MAX_HEADERS];
    private final int[] nameLen = new int[MAX_HEADERS];
    private final int[] valueOff = new int[MAX_HEADERS];
    private final int[] valueLen = new int[MAX_HEADERS];
    private final int[] type = new int[MAX_HEADERS];
    private final int[] firstOfType = new int[SipHeader.COUNT];
    private final int[] countOfType = new int[SipHeader.COUNT];
    private int contentLength;
    private int bodyOff;
    private int bodyLen;
    private boolean unterminatedHeaders;
    private long oversizeLength;

    // lazily parsed details; valid when detailsParsed
    private boolean detailsParsed;
    private int fromTagOff;
    private int fromTagLen;
    private int toTagOff;
    private int toTagLen;
    private int fromUserOff;
    private int fromUserLen;
    private int toUserOff;
    private int toUserLen;
    private int branchOff;
    private int branchLen;
    private int cseqNumber;
    private int cseqMethod;
    private boolean sdp;
    /** Scratch results of the name-addr and parameter scanners (avoids returning objects). */
    private int scanA;
    private int scanB;

    /**
     * Cheap probe: a known method followed by SP, "SIP/2.0 ", or an extension-method token followed by SP whose
     * first line ends in " SIP/2.0". No allocation.
     */
    public static boolean looksLikeSip(byte[] b, int off, int len) {
        if (len < 8) {
            return false;
        }
        if (b[off] == 'S' && b[off + 1] == 'I' && b[off + 2] == 'P' && b[off + 3] == '/' && b[off + 4] == '2'
                && b[off + 5] == '.' && b[off + 6] == '0' && b[off + 7] == ' ') {
            return true;
        }
        if (SipMethod.startsWithKnownMethod(b, off, len)) {
            return true;
        }
        return looksLikeExtensionRequest(b, off, len);
    }

    private static boolean looksLikeExtensionRequest(byte[] b, int off, int len) {
        int limit = off + Math.min(len, MAX_START_LINE_BYTES);
        int p = off;
        while (p < limit && isTokenChar(b[p])) {
            p++;
        }
        if (p == off || p >= limit || b[p] != ' ') {
            return false;
        }
        while (p < limit && b[p] != '\n') {
            p++;
        }
        if (p >= limit) {
            return false;
        }
        int e = p > off && b[p - 1] == '\r' ? p - 1 : p;
        return e - off >= 9 && b[e - 8] == ' ' && matches(b, e - 7, SIP_2_0);
    }

    /** Wraps a datagram (UDP): the message may not be cut, a missing Content-Length means "rest of datagram". */
    public int wrap(byte[] buffer, int off, int len) {
        return wrap(buffer, off, len, false);
    }

    /**
     * Wraps the start of a byte stream (TCP, TLS plaintext): returns {@link SipStatus#NEED_MORE_DATA} when the
     * bytes are a valid prefix; a missing Content-Length means an empty body (RFC 3261 §18.3 makes it mandatory on
     * streams; we accept it). On {@link SipStatus#OK} the message is {@code buffer[off, off+messageLength())}.
     */
    public int wrapStream(byte[] buffer, int off, int len) {
        return wrap(buffer, off, len, true);
    }

    private int wrap(byte[] buffer, int off, int len, boolean stream) {
        reset(buffer, off);
        status = parse(off, len, stream);
        return status;
    }

    private void reset(byte[] buffer, int off) {
        buf = buffer;
        start = off;
        messageLength = 0;
        request = false;
        method = SipMethod.OTHER;
        methodOff = -1;
        methodLen = 0;
        uriOff = -1;
        uriLen = 0;
        statusCode = 0;
        reasonOff = -1;
        reasonLen = 0;
        headerCount = 0;
        for (int i = 0; i < SipHeader.COUNT; i++) {
            firstOfType[i] = -1;
            countOfType[i] = 0;
        }
        contentLength = -1;
        bodyOff = -1;
        bodyLen = 0;
        unterminatedHeaders = false;
        oversizeLength = 0;
        detailsParsed = false;
    }

    private int parse(int off, int len, boolean stream) {
        if (buf == null || off < 0 || len <= 0 || off + len > buf.length) {
            return stream && len == 0 ? SipStatus.NEED_MORE_DATA : SipStatus.NOT_SIP;
        }
        int end = off + len;
        int lineEnd = indexOfLf(off, Math.min(end, off + MAX_START_LINE_BYTES));
        if (lineEnd < 0) {
            if (stream && len < MAX_START_LINE_BYTES && plausiblePrefix(off, end)) {
                return SipStatus.NEED_MORE_DATA;
            }
            return looksLikeSip(buf, off, len) ? SipStatus.BAD_START_LINE : SipStatus.NOT_SIP;
        }
        if (!looksLikeSip(buf, off, len)) {
            return SipStatus.NOT_SIP;
        }
        int rc = parseStartLine(off, trimCr(off, lineEnd));
        if (rc != SipStatus.OK) {
            return rc;
        }
        int limit = Math.min(end, off + MAX_MESSAGE_BYTES);
        rc = parseHeaders(lineEnd + 1, limit);
        if (rc < 0 && !stream && end - off < MAX_MESSAGE_BYTES && buf[end - 1] == '\n') {
            // a datagram ending right after a complete header line: some UAs omit the empty line; Wireshark
            // accepts it too, so we take it as the end of the headers with no body and flag it
            unterminatedHeaders = true;
            bodyOff = end;
            rc = SipStatus.OK;
        }
        if (rc < 0) {
            // header section not finished within the bytes we have
            if (end - off >= MAX_MESSAGE_BYTES) {
                return SipStatus.MESSAGE_TOO_LARGE;
            }
            return stream ? SipStatus.NEED_MORE_DATA : SipStatus.HEADERS_TRUNCATED;
        }
        if (rc != SipStatus.OK) {
            return rc;
        }
        return frameBody(end, stream);
    }

    /** While waiting for a stream's first line: only printable ASCII is worth waiting for. */
    private boolean plausiblePrefix(int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if ((b < 0x20 && b != '\r') || b == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private int parseStartLine(int ls, int le) {
        if (le - ls >= 8 && matches(buf, ls, SIP_2_0) && buf[ls + 7] == ' ') {
            return parseStatusLine(ls + 8, le);
        }
        if (le - ls >= 4 && buf[ls] == 'S' && buf[ls + 1] == 'I' && buf[ls + 2] == 'P' && buf[ls + 3] == '/') {
            return SipStatus.BAD_VERSION;
        }
        int p = ls;
        while (p < le && isTokenChar(buf[p])) {
            p++;
        }
        if (p == ls || p >= le || buf[p] != ' ') {
            return SipStatus.BAD_START_LINE;
        }
        methodOff = ls;
        methodLen = p - ls;
        method = SipMethod.classify(buf, ls, methodLen);
        int lastSp = le - 1;
        while (lastSp > p && buf[lastSp] != ' ') {
            lastSp--;
        }
        int verOff = lastSp + 1;
        if (lastSp == p) {
            return SipStatus.BAD_START_LINE;
        }
        if (!(le - verOff == 7 && matches(buf, verOff, SIP_2_0))) {
            boolean sipSlash = le - verOff >= 4 && buf[verOff] == 'S' && buf[verOff + 1] == 'I'
                    && buf[verOff + 2] == 'P' && buf[verOff + 3] == '/';
            return sipSlash ? SipStatus.BAD_VERSION : SipStatus.BAD_START_LINE;
        }
        uriOff = p + 1;
        uriLen = lastSp - uriOff;
        for (int i = uriOff; i < lastSp; i++) {
            if (buf[i] == ' ' || buf[i] == '\t') {
                // exactly one SP around the Request-URI (RFC 4475 "lwsstart")
                return SipStatus.BAD_START_LINE;
            }
        }
        if (uriLen == 0 || buf[uriOff] == '<') {
            // a Request-URI is never in angle brackets (RFC 4475 "ltgtruri")
            return SipStatus.BAD_START_LINE;
        }
        request = true;
        return SipStatus.OK;
    }

    private int parseStatusLine(int p, int le) {
        if (le - p < 3 || !isDigit(buf[p]) || !isDigit(buf[p + 1]) || !isDigit(buf[p + 2])
                || (le - p > 3 && buf[p + 3] != ' ')) {
            return SipStatus.BAD_START_LINE;
        }
        int code = (buf[p] - '0') * 100 + (buf[p + 1] - '0') * 10 + (buf[p + 2] - '0');
        if (code < 100) {
            return SipStatus.BAD_START_LINE;
        }
        statusCode = code;
        reasonOff = Math.min(p + 4, le);
        reasonLen = le - reasonOff;
        request = false;
        return SipStatus.OK;
    }

    /** Returns OK, a malformed code, or -1 when the empty line ending the headers is not within limit. */
    private int parseHeaders(int p, int limit) {
        while (true) {
            int lf = indexOfLf(p, limit);
            if (lf < 0) {
                if (limit - p > MAX_HEADER_BYTES) {
                    return SipStatus.HEADER_TOO_LONG;
                }
                return -1;
            }
            int le = trimCr(p, lf);
            if (le == p) {
                bodyOff = lf + 1;
                return SipStatus.OK;
            }
            int rc = buf[p] == ' ' || buf[p] == '\t' ? continueHeader(p, le) : startHeader(p, le);
            if (rc != SipStatus.OK) {
                return rc;
            }
            p = lf + 1;
        }
    }

    private int startHeader(int p, int le) {
        if (headerCount == MAX_HEADERS) {
            return SipStatus.TOO_MANY_HEADERS;
        }
        if (le - p > MAX_HEADER_BYTES) {
            return SipStatus.HEADER_TOO_LONG;
        }
        int n = p;
        while (n < le && isTokenChar(buf[n])) {
            n++;
        }
        int colon = skipWs(n, le);
        if (n == p || colon >= le || buf[colon] != ':') {
            return SipStatus.BAD_HEADER_LINE;
        }
        int v = skipWs(colon + 1, le);
        int ve = trimWsEnd(v, le);
        int i = headerCount++;
        nameOff[i] = p;
        nameLen[i] = n - p;
        valueOff[i] = v;
        valueLen[i] = ve - v;
        int t = SipHeader.classify(buf, p, n - p);
        type[i] = t;
        if (firstOfType[t] < 0) {
            firstOfType[t] = i;
        }
        countOfType[t]++;
        return SipStatus.OK;
    }

    private int continueHeader(int p, int le) {
        if (headerCount == 0) {
            return SipStatus.BAD_HEADER_LINE;
        }
        int i = headerCount - 1;
        int v = skipWs(p, le);
        if (v == le) {
            return SipStatus.OK;
        }
        if (valueLen[i] == 0) {
            valueOff[i] = v;
        }
        int ve = trimWsEnd(v, le);
        if (ve - nameOff[i] > MAX_HEADER_BYTES) {
            return SipStatus.HEADER_TOO_LONG;
        }
        valueLen[i] = ve - valueOff[i];
        return SipStatus.OK;
    }

    private int frameBody(int end, boolean stream) {
        int rc = readContentLength();
        if (rc != SipStatus.OK) {
            return rc;
        }
        int available = end - bodyOff;
        if (contentLength < 0) {
            bodyLen = stream ? 0 : Math.min(available, start + MAX_MESSAGE_BYTES - bodyOff);
        } else {
            if (bodyOff - start + (long) contentLength > MAX_MESSAGE_BYTES) {
                // framing is still known: a stream reader can skip this message and stay in sync
                oversizeLength = bodyOff - start + (long) contentLength;
                return SipStatus.MESSAGE_TOO_LARGE;
            }
            if (contentLength > available) {
                return stream ? SipStatus.NEED_MORE_DATA : SipStatus.BODY_TRUNCATED;
            }
            bodyLen = contentLength;
        }
        messageLength = bodyOff + bodyLen - start;
        if (countOfType[SipHeader.CALL_ID] == 0 || countOfType[SipHeader.FROM] == 0
                || countOfType[SipHeader.TO] == 0 || countOfType[SipHeader.CSEQ] == 0
                || countOfType[SipHeader.VIA] == 0) {
            return SipStatus.MISSING_HEADER;
        }
        if (countOfType[SipHeader.CALL_ID] > 1 || countOfType[SipHeader.FROM] > 1
                || countOfType[SipHeader.TO] > 1 || countOfType[SipHeader.CSEQ] > 1) {
            return SipStatus.DUPLICATE_HEADER;
        }
        if (request && !cseqMethodMatches()) {
            return SipStatus.CSEQ_METHOD_MISMATCH;
        }
        return SipStatus.OK;
    }

    /** The CSeq method token equals the request method, byte for byte (methods are case-sensitive). */
    private boolean cseqMethodMatches() {
        int i = firstOfType[SipHeader.CSEQ];
        int p = valueOff[i];
        int end = p + valueLen[i];
        while (p < end && isDigit(buf[p])) {
            p++;
        }
        p = skipWs(p, end);
        int e = p;
        while (e < end && isTokenChar(buf[e])) {
            e++;
        }
        if (e - p != methodLen) {
            return false;
        }
        for (int k = 0; k < methodLen; k++) {
            if (buf[p + k] != buf[methodOff + k]) {
                return false;
            }
        }
        return true;
    }

    private int readContentLength() {
        if (countOfType[SipHeader.CONTENT_LENGTH] == 0) {
            return SipStatus.OK;
        }
        for (int i = firstOfType[SipHeader.CONTENT_LENGTH]; i < headerCount; i++) {
            if (type[i] != SipHeader.CONTENT_LENGTH) {
                continue;
            }
            int v = parseDecimal(valueOff[i], valueOff[i] + valueLen[i], 9);
            if (v < 0 || (contentLength >= 0 && v != contentLength)) {
                // RFC 4475 "ncl" (negative) and "mcl01" (two values)
                contentLength = -1;
                return SipStatus.BAD_CONTENT_LENGTH;
            }
            contentLength = v;
        }
        return SipStatus.OK;
    }

    // ------------------------------------------------------------------ accessors

    /** Status of the last wrap. */
    public int status() {
        return status;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Offset of the message's first byte (the wrap offset). */
    public int offset() {
        return start;
    }

    /**
     * Start line + headers + empty line + body: the bytes to consume from a stream. Valid (non-zero) when
     * {@link SipStatus#isFramed} holds for the status.
     */
    public int messageLength() {
        return messageLength;
    }

    public boolean isRequest() {
        return request;
    }

    /** {@link SipMethod} code of a request; {@link SipMethod#OTHER} for responses and extension methods. */
    public int method() {
        return method;
    }

    public int methodOffset() {
        return methodOff;
    }

    public int methodLength() {
        return methodLen;
    }

    public int requestUriOffset() {
        return uriOff;
    }

    public int requestUriLength() {
        return uriLen;
    }

    /** Status code of a response (100..999), 0 for a request. */
    public int statusCode() {
        return statusCode;
    }

    public int reasonOffset() {
        return reasonOff;
    }

    public int reasonLength() {
        return reasonLen;
    }

    public int headerCount() {
        return headerCount;
    }

    /** {@link SipHeader} code of header {@code i} (0-based, message order). */
    public int headerType(int i) {
        return type[i];
    }

    public int headerNameOffset(int i) {
        return nameOff[i];
    }

    public int headerNameLength(int i) {
        return nameLen[i];
    }

    /** Value without surrounding whitespace; folded values span their CRLF+WS continuations. */
    public int headerValueOffset(int i) {
        return valueOff[i];
    }

    public int headerValueLength(int i) {
        return valueLen[i];
    }

    /** Index of the first header of a {@link SipHeader} type, or -1. */
    public int firstHeader(int headerType) {
        return headerType > 0 && headerType < SipHeader.COUNT ? firstOfType[headerType] : -1;
    }

    /** Content-Length value, -1 when absent. */
    public int contentLength() {
        return contentLength;
    }

    /**
     * For {@link SipStatus#MESSAGE_TOO_LARGE} caused by Content-Length: the whole message's length in bytes (so a
     * stream reader can skip it); 0 otherwise.
     */
    public long oversizeLength() {
        return oversizeLength;
    }

    /** Datagram whose header section ended at the end of the datagram without the empty line (accepted). */
    public boolean unterminatedHeaders() {
        return unterminatedHeaders;
    }

    public int bodyOffset() {
        return bodyOff;
    }

    public int bodyLength() {
        return bodyLen;
    }

    public int callIdOffset() {
        int i = firstOfType[SipHeader.CALL_ID];
        return i < 0 ? -1 : valueOff[i];
    }

    public int callIdLength() {
        int i = firstOfType[SipHeader.CALL_ID];
        return i < 0 ? 0 : valueLen[i];
    }

    public int fromTagOffset() {
        details();
        return fromTagOff;
    }

    public int fromTagLength() {
        details();
        return fromTagLen;
    }

    public int toTagOffset() {
        details();
        return toTagOff;
    }

    public int toTagLength() {
        details();
        return toTagLen;
    }

    /** User part of the From URI (between "scheme:" and '@' or ':' password; a tel: number), raw, not unescaped. */
    public int fromUserOffset() {
        details();
        return fromUserOff;
    }

    public int fromUserLength() {
        details();
        return fromUserLen;
    }

    public int toUserOffset() {
        details();
        return toUserOff;
    }

    public int toUserLength() {
        details();
        return toUserLen;
    }

    /** Branch parameter of the top Via value (first Via header, first comma-separated value). */
    public int viaBranchOffset() {
        details();
        return branchOff;
    }

    public int viaBranchLength() {
        details();
        return branchLen;
    }

    /** CSeq sequence number (0..2^31-1), or -1 when absent or not a valid number (RFC 4475 "scalar02"). */
    public int cseqNumber() {
        details();
        return cseqNumber;
    }

    /** {@link SipMethod} code of the CSeq method. */
    public int cseqMethod() {
        details();
        return cseqMethod;
    }

    /** True when the first Content-Type is application/sdp (any case, parameters ignored). */
    public boolean isSdp() {
        details();
        return sdp;
    }

    /** 64-bit FNV-1a of the Call-ID bytes, for flow-table keys without a String; 0 when absent. */
    public long callIdHash() {
        int o = callIdOffset();
        return o < 0 ? 0 : hash(buf, o, callIdLength());
    }

    /** 64-bit FNV-1a over {@code b[off, off+len)}. */
    public static long hash(byte[] b, int off, int len) {
        long h = 0xcbf29ce484222325L;
        for (int i = off; i < off + len; i++) {
            h ^= b[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    // ------------------------------------------------------------------ lazy details

    private void details() {
        if (detailsParsed) {
            return;
        }
        detailsParsed = true;
        fromTagOff = -1;
        fromTagLen = 0;
        toTagOff = -1;
        toTagLen = 0;
        fromUserOff = -1;
        fromUserLen = 0;
        toUserOff = -1;
        toUserLen = 0;
        branchOff = -1;
        branchLen = 0;
        cseqNumber = -1;
        cseqMethod = SipMethod.OTHER;
        sdp = false;
        if (!SipStatus.isFramed(status)) {
            return;
        }
        int i = firstOfType[SipHeader.FROM];
        if (i >= 0) {
            int ve = valueOff[i] + valueLen[i];
            int paramsFrom = nameAddr(valueOff[i], ve);
            fromUserOff = scanA;
            fromUserLen = scanB;
            if (findParam(paramsFrom, ve, TAG, false)) {
                fromTagOff = scanA;
                fromTagLen = scanB;
            }
        }
        i = firstOfType[SipHeader.TO];
        if (i >= 0) {
            int ve = valueOff[i] + valueLen[i];
            int paramsFrom = nameAddr(valueOff[i], ve);
            toUserOff = scanA;
            toUserLen = scanB;
            if (findParam(paramsFrom, ve, TAG, false)) {
                toTagOff = scanA;
                toTagLen = scanB;
            }
        }
        i = firstOfType[SipHeader.VIA];
        if (i >= 0 && findParam(valueOff[i], valueOff[i] + valueLen[i], BRANCH, true)) {
            branchOff = scanA;
            branchLen = scanB;
        }
        i = firstOfType[SipHeader.CSEQ];
        if (i >= 0) {
            parseCseq(valueOff[i], valueOff[i] + valueLen[i]);
        }
        i = firstOfType[SipHeader.CONTENT_TYPE];
        if (i >= 0) {
            sdp = isApplicationSdp(valueOff[i], valueOff[i] + valueLen[i]);
        }
    }

    /**
     * Parses a name-addr or addr-spec (RFC 3261 §20.10): sets scanA/scanB to the URI's user part and returns the
     * offset where header parameters start. Without angle brackets the URI's own ';' params are header params.
     */
    private int nameAddr(int p, int end) {
        scanA = -1;
        scanB = 0;
        int lt = -1;
        for (int q = p; q < end; q++) {
            byte b = buf[q];
            if (b == '"') {
                q = skipQuoted(q, end) - 1;
            } else if (b == '<') {
                lt = q;
                break;
            }
        }
        int uriStart;
        int uriEnd;
        int params;
        if (lt >= 0) {
            int gt = lt + 1;
            while (gt < end && buf[gt] != '>') {
                gt++;
            }
            uriStart = skipWs(lt + 1, gt);
            uriEnd = trimWsEnd(uriStart, gt);
            params = Math.min(gt + 1, end);
        } else {
            uriStart = skipWs(p, end);
            uriEnd = uriStart;
            while (uriEnd < end && buf[uriEnd] != ';' && !isWs(buf[uriEnd]) && buf[uriEnd] != ',') {
                uriEnd++;
            }
            params = uriEnd;
        }
        uriUser(uriStart, uriEnd);
        return params;
    }

    private void uriUser(int p, int end) {
        int colon = p;
        while (colon < end && buf[colon] != ':') {
            colon++;
        }
        if (colon >= end) {
            return;
        }
        int u = colon + 1;
        int at = -1;
        for (int q = u; q < end; q++) {
            if (buf[q] == '@') {
                at = q;
                break;
            }
        }
        boolean tel = colon - p == 3 && SipHeader.toLower(buf[p]) == 't' && SipHeader.toLower(buf[p + 1]) == 'e'
                && SipHeader.toLower(buf[p + 2]) == 'l';
        int ue;
        if (at >= 0) {
            ue = u;
            while (ue < at && buf[ue] != ':') {
                ue++;
            }
        } else if (tel) {
            ue = u;
            while (ue < end && buf[ue] != ';') {
                ue++;
            }
        } else {
            return;
        }
        if (ue > u) {
            scanA = u;
            scanB = ue - u;
        }
    }

    /**
     * Finds {@code ;name=value} in {@code [p, end)}, skipping quoted strings and allowing LWS around ';' and '='
     * (RFC 4475 "wsinv"). With {@code firstValueOnly} the search stops at the first ',' (top Via value).
     */
    private boolean findParam(int p, int end, byte[] name, boolean firstValueOnly) {
        int q = p;
        while (q < end) {
            byte b = buf[q];
            if (b == '"') {
                q = skipQuoted(q, end);
                continue;
            }
            if (b == ',' && firstValueOnly) {
                return false;
            }
            q++;
            if (b != ';') {
                continue;
            }
            int n = skipWs(q, end);
            int ne = n;
            while (ne < end && isTokenChar(buf[ne])) {
                ne++;
            }
            if (ne - n != name.length || !SipHeader.equalsIgnoreCase(buf, n, name)) {
                q = ne;
                continue;
            }
            int eq = skipWs(ne, end);
            if (eq >= end || buf[eq] != '=') {
                scanA = ne;
                scanB = 0;
                return true;
            }
            int v = skipWs(eq + 1, end);
            int ve = v;
            if (v < end && buf[v] == '"') {
                ve = skipQuoted(v, end);
            } else {
                while (ve < end && buf[ve] != ';' && buf[ve] != ',' && buf[ve] != '>' && !isWs(buf[ve])) {
                    ve++;
                }
            }
            scanA = v;
            scanB = ve - v;
            return true;
        }
        return false;
    }

    private void parseCseq(int p, int end) {
        int d = p;
        while (d < end && isDigit(buf[d])) {
            d++;
        }
        int m = skipWs(d, end);
        if (d == p || m == d) {
            return;
        }
        cseqNumber = parseDecimal(p, d, 10);
        int me = m;
        while (me < end && isTokenChar(buf[me])) {
            me++;
        }
        cseqMethod = SipMethod.classify(buf, m, me - m);
    }

    private boolean isApplicationSdp(int p, int end) {
        p = skipWs(p, end);
        if (end - p < APPLICATION.length || !SipHeader.equalsIgnoreCase(buf, p, APPLICATION)) {
            return false;
        }
        p = skipWs(p + APPLICATION.length, end);
        if (p >= end || buf[p] != '/') {
            return false;
        }
        p = skipWs(p + 1, end);
        if (end - p < SDP.length || !SipHeader.equalsIgnoreCase(buf, p, SDP)) {
            return false;
        }
        p += SDP.length;
        return p == end || isWs(buf[p]) || buf[p] == ';';
    }

    // ------------------------------------------------------------------ byte helpers

    /** Decimal of at most maxDigits digits (value < 2^31), -1 when empty, not digits, too long or too large. */
    private int parseDecimal(int p, int end, int maxDigits) {
        if (p >= end || end - p > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = p; i < end; i++) {
            if (!isDigit(buf[i])) {
                return -1;
            }
            v = v * 10 + (buf[i] - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private int indexOfLf(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int trimCr(int lineStart, int lf) {
        return lf > lineStart && buf[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private int skipWs(int p, int end) {
        while (p < end && isWs(buf[p])) {
            p++;
        }
        return p;
    }

    private int trimWsEnd(int p, int end) {
        while (end > p && isWs(buf[end - 1])) {
            end--;
        }
        return end;
    }

    /** Returns the offset just past the closing quote of the quoted-string starting at {@code q}. */
    private int skipQuoted(int q, int end) {
        q++;
        while (q < end) {
            byte b = buf[q];
            if (b == '\\') {
                q += 2;
                continue;
            }
            q++;
            if (b == '"') {
                return q;
            }
        }
        return end;
    }

    private static boolean matches(byte[] b, int off, byte[] pattern) {
        for (int i = 0; i < pattern.length; i++) {
            if (b[off + i] != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWs(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** RFC 3261 §25.1 token: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~". */
    static boolean isTokenChar(byte b) {
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
            return true;
        }
        switch (b) {
            case '-': case '.': case '!': case '%': case '*': case '_': case '+': case '`': case '\'': case '~':
                return true;
            default:
                return false;
        }
    }
}

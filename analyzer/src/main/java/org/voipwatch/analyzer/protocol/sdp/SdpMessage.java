package org.voipwatch.analyzer.protocol.sdp;

import java.nio.charset.StandardCharsets;
import org.voipwatch.analyzer.protocol.rtp.Codec;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * SDP parser (RFC 4566 §5) over a byte range, filling a reusable {@link SdpSession}. Reads what call tracking
 * needs: c= (session and media level), m=, a=rtpmap, direction attributes, a=rtcp, a=rtcp-mux and ICE
 * a=candidate (RFC 8839 §5.1); ignores every other line. Garbage never throws: anomalies are counted in the
 * session and the first one is returned, and parsing goes on with the next line. No allocation.
 * Not thread-safe (token cursor fields): one instance per analyzer thread.
 */
public final class SdpMessage {
    /** Line budget for one body. */
    public static final int MAX_LINES = 1024;

    private static final byte[] IN = {'i', 'n'};
    private static final byte[] IP4 = {'i', 'p', '4'};
    private static final byte[] IP6 = {'i', 'p', '6'};
    private static final byte[] RTPMAP = {'r', 't', 'p', 'm', 'a', 'p'};
    private static final byte[] RTCP = {'r', 't', 'c', 'p'};
    private static final byte[] RTCP_MUX = {'r', 't', 'c', 'p', '-', 'm', 'u', 'x'};
    private static final byte[] CANDIDATE = {'c', 'a', 'n', 'd', 'i', 'd', 'a', 't', 'e'};
    private static final byte[] SENDRECV = {'s', 'e', 'n', 'd', 'r', 'e', 'c', 'v'};
    private static final byte[] SENDONLY = {'s', 'e', 'n', 'd', 'o', 'n', 'l', 'y'};
    private static final byte[] RECVONLY = {'r', 'e', 'c', 'v', 'o', 'n', 'l', 'y'};
    private static final byte[] INACTIVE = {'i', 'n', 'a', 'c', 't', 'i', 'v', 'e'};
    private static final byte[] TYP = {'t', 'y', 'p'};
    private static final byte[] UDP = {'u', 'd', 'p'};
    private static final byte[] TCP = {'t', 'c', 'p'};
    private static final byte[] HOST = {'h', 'o', 's', 't'};
    private static final byte[] SRFLX = {'s', 'r', 'f', 'l', 'x'};
    private static final byte[] PRFLX = {'p', 'r', 'f', 'l', 'x'};
    private static final byte[] RELAY = {'r', 'e', 'l', 'a', 'y'};
    private static final byte[][] MEDIA_NAMES = {{'a', 'u', 'd', 'i', 'o'}, {'v', 'i', 'd', 'e', 'o'},
        {'t', 'e', 'x', 't'}, {'a', 'p', 'p', 'l', 'i', 'c', 'a', 't', 'i', 'o', 'n'},
        {'m', 'e', 's', 's', 'a', 'g', 'e'}, {'i', 'm', 'a', 'g', 'e'}};
    private static final int[] MEDIA_CODES = {SdpSession.MEDIA_AUDIO, SdpSession.MEDIA_VIDEO, SdpSession.MEDIA_TEXT,
        SdpSession.MEDIA_APPLICATION, SdpSession.MEDIA_MESSAGE, SdpSession.MEDIA_IMAGE};
    private static final byte[][] PROTO_NAMES = ascii("rtp/avp", "rtp/savp", "rtp/avpf", "rtp/savpf",
        "udp/tls/rtp/savp", "udp/tls/rtp/savpf", "udp", "udptl", "udp/dtls/sctp", "dtls/sctp");
    private static final int[] PROTO_CODES = {SdpSession.PROTO_RTP_AVP, SdpSession.PROTO_RTP_SAVP,
        SdpSession.PROTO_RTP_AVPF, SdpSession.PROTO_RTP_SAVPF, SdpSession.PROTO_UDP_TLS_RTP_SAVP,
        SdpSession.PROTO_UDP_TLS_RTP_SAVPF, SdpSession.PROTO_UDP, SdpSession.PROTO_UDPTL,
        SdpSession.PROTO_DTLS_SCTP, SdpSession.PROTO_DTLS_SCTP};

    private byte[] buf;
    private SdpSession s;
    /** Current token [tokStart, tokEnd) of the line being read, and the scan position. */
    private int tokStart;
    private int tokEnd;
    private int pos;
    private int lineEnd;
    /** Result of the last address parse. */
    private long addrHi;
    private long addrLo;
    /** Scratch for IPv6 groups. */
    private final int[] groups = new int[8];

    private static byte[][] ascii(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** Parses {@code buffer[off, off+len)} into {@code out} (cleared first); returns an {@link SdpStatus} code. */
    public int parse(byte[] buffer, int off, int len, SdpSession out) {
        out.clear();
        buf = buffer;
        s = out;
        if (buffer == null || off < 0 || len < 3 || off + len > buffer.length || buffer[off] != 'v'
                || buffer[off + 1] != '=') {
            out.status = SdpStatus.NOT_SDP;
            return out.status;
        }
        int end = off + len;
        int p = off;
        int media = -1;
        for (int lines = 0; p < end; lines++) {
            if (lines == MAX_LINES) {
                out.anomaly(SdpStatus.TOO_MANY_LINES);
                break;
            }
            int lf = p;
            while (lf < end && buf[lf] != '\n') {
                lf++;
            }
            int le = lf > p && buf[lf - 1] == '\r' ? lf - 1 : lf;
            if (le > p) {
                media = line(p, le, media);
            }
            p = lf + 1;
        }
        buf = null;
        s = null;
        return out.status;
    }

    /** Handles one non-empty line; returns the current media index (-1 at session level, MAX_MEDIA when full). */
    private int line(int p, int le, int media) {
        if (le - p < 2 || buf[p + 1] != '=' || buf[p] < 'a' || buf[p] > 'z') {
            s.anomaly(SdpStatus.BAD_LINE);
            return media;
        }
        pos = p + 2;
        lineEnd = le;
        switch (buf[p]) {
            case 'm':
                return mediaLine(media);
            case 'c':
                if (media < SdpSession.MAX_MEDIA) {
                    connection(media);
                }
                return media;
            case 'a':
                if (media < SdpSession.MAX_MEDIA) {
                    attribute(media);
                }
                return media;
            default:
                return media;
        }
    }

    private int mediaLine(int media) {
        int m = media + 1;
        if (m >= SdpSession.MAX_MEDIA) {
            if (m == SdpSession.MAX_MEDIA) {
                s.anomaly(SdpStatus.TOO_MANY_MEDIA);
            }
            return SdpSession.MAX_MEDIA;
        }
        s.clearMedia(m);
        s.mediaCount = m + 1;
        if (!token()) {
            s.anomaly(SdpStatus.BAD_MEDIA_LINE);
            return m;
        }
        for (int i = 0; i < MEDIA_NAMES.length; i++) {
            if (tokenIs(MEDIA_NAMES[i])) {
                s.mediaType[m] = MEDIA_CODES[i];
            }
        }
        if (!token()) {
            s.anomaly(SdpStatus.BAD_MEDIA_LINE);
            return m;
        }
        int slash = indexOf(tokStart, tokEnd, '/');
        int port = decimal(tokStart, slash < 0 ? tokEnd : slash);
        int count = slash < 0 ? 1 : decimal(slash + 1, tokEnd);
        if (port < 0 || port > 65535 || count < 1 || !token()) {
            s.anomaly(SdpStatus.BAD_MEDIA_LINE);
            return m;
        }
        s.port[m] = port;
        s.portCount[m] = count;
        s.proto[m] = proto();
        if (!s.isRtp(m)) {
            return m;
        }
        while (token()) {
            int pt = decimal(tokStart, tokEnd);
            if (pt < 0 || pt > 127) {
                s.anomaly(SdpStatus.BAD_MEDIA_LINE);
                continue;
            }
            int n = s.ptCount[m];
            if (n == SdpSession.MAX_PAYLOAD_TYPES) {
                s.anomaly(SdpStatus.TOO_MANY_PAYLOAD_TYPES);
                break;
            }
            int k = m * SdpSession.MAX_PAYLOAD_TYPES + n;
            s.pt[k] = pt;
            s.clockRate[k] = Codec.staticClockRate(pt);
            s.codec[k] = Codec.fromStaticPayloadType(pt);
            s.ptCount[m] = n + 1;
        }
        return m;
    }

    private int proto() {
        for (int i = 0; i < PROTO_NAMES.length; i++) {
            if (tokenIs(PROTO_NAMES[i])) {
                return PROTO_CODES[i];
            }
        }
        if (tokEnd - tokStart >= 3 && startsWithIgnoreCase(tokStart, TCP)) {
            return SdpSession.PROTO_TCP;
        }
        return SdpSession.PROTO_OTHER;
    }

    /** c=IN IP4|IP6 address[/ttl[/count]] */
    private void connection(int media) {
        if (!token() || !tokenIs(IN) || !token()) {
            s.anomaly(SdpStatus.BAD_CONNECTION);
            return;
        }
        boolean v6 = tokenIs(IP6);
        if (!v6 && !tokenIs(IP4) || !token()) {
            s.anomaly(SdpStatus.BAD_CONNECTION);
            return;
        }
        int kind = address(tokStart, tokEnd, v6);
        if (kind == SdpSession.ADDR_NONE) {
            s.anomaly(SdpStatus.BAD_CONNECTION);
            return;
        }
        if (media < 0) {
            s.sessionAddrKind = kind;
            s.sessionHi = addrHi;
            s.sessionLo = addrLo;
        } else {
            s.addrKind[media] = kind;
            s.addrHi[media] = addrHi;
            s.addrLo[media] = addrLo;
        }
    }

    private void attribute(int media) {
        int p = pos;
        int colon = indexOf(p, lineEnd, ':');
        int nameEnd = colon < 0 ? lineEnd : colon;
        int n = nameEnd - p;
        pos = colon < 0 ? lineEnd : colon + 1;
        int dir = -1;
        if (n == 8) {
            dir = equalsIgnoreCase(p, SENDRECV) ? SdpSession.SENDRECV : equalsIgnoreCase(p, SENDONLY)
                    ? SdpSession.SENDONLY : equalsIgnoreCase(p, RECVONLY) ? SdpSession.RECVONLY
                    : equalsIgnoreCase(p, INACTIVE) ? SdpSession.INACTIVE : -1;
            if (dir < 0 && media >= 0 && equalsIgnoreCase(p, RTCP_MUX)) {
                s.rtcpMux[media] = true;
                return;
            }
        }
        if (dir >= 0) {
            if (media < 0) {
                s.sessionDirection = dir;
            } else {
                s.direction[media] = dir;
            }
            return;
        }
        if (media < 0) {
            return;
        }
        if (n == RTPMAP.length && equalsIgnoreCase(p, RTPMAP)) {
            rtpmap(media);
        } else if (n == RTCP.length && equalsIgnoreCase(p, RTCP)) {
            rtcp(media);
        } else if (n == CANDIDATE.length && equalsIgnoreCase(p, CANDIDATE)) {
            candidate(media);
        }
    }

    /** a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;] */
    private void rtpmap(int m) {
        if (!token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int pt = decimal(tokStart, tokEnd);
        if (pt < 0 || pt > 127 || !token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int slash = indexOf(tokStart, tokEnd, '/');
        if (slash < 0) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int slash2 = indexOf(slash + 1, tokEnd, '/');
        int clock = decimal(slash + 1, slash2 < 0 ? tokEnd : slash2);
        if (clock <= 0) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int i = s.indexOfPayloadType(m, pt);
        if (i < 0) {
            return; // an rtpmap for a format not on the m= line: nothing to attach it to
        }
        int k = m * SdpSession.MAX_PAYLOAD_TYPES + i;
        s.clockRate[k] = clock;
        s.codec[k] = Codec.classify(buf, tokStart, slash - tokStart);
    }

    /** a=rtcp:&lt;port&gt; [IN IP4|IP6 &lt;address&gt;] (RFC 3605) */
    private void rtcp(int m) {
        if (!token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int port = decimal(tokStart, tokEnd);
        if (port <= 0 || port > 65535) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        s.rtcpPort[m] = port;
        if (!token()) {
            return;
        }
        if (!tokenIs(IN) || !token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        boolean v6 = tokenIs(IP6);
        if (!v6 && !tokenIs(IP4) || !token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int kind = address(tokStart, tokEnd, v6);
        if (kind == SdpSession.ADDR_NONE) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        s.rtcpAddrKind[m] = kind;
        s.rtcpHi[m] = addrHi;
        s.rtcpLo[m] = addrLo;
    }

    /**
     * a=candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt;
     * typ &lt;type&gt; ... (RFC 8839 §5.1)
     */
    private void candidate(int m) {
        if (!token() || !token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int component = decimal(tokStart, tokEnd);
        if (component < 1 || component > 256 || !token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int transport = tokenIs(UDP) ? 17 : tokenIs(TCP) ? 6 : 0;
        if (!token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        long priority = decimalLong(tokStart, tokEnd);
        if (priority < 0 || !token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int addrStart = tokStart;
        int addrEnd = tokEnd;
        if (!token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int port = decimal(tokStart, tokEnd);
        if (port < 0 || port > 65535 || !token() || !tokenIs(TYP) || !token()) {
            s.anomaly(SdpStatus.BAD_ATTRIBUTE);
            return;
        }
        int type = tokenIs(HOST) ? SdpSession.CAND_HOST : tokenIs(SRFLX) ? SdpSession.CAND_SRFLX
                : tokenIs(PRFLX) ? SdpSession.CAND_PRFLX : tokenIs(RELAY) ? SdpSession.CAND_RELAY
                : SdpSession.CAND_OTHER;
        boolean v6 = indexOf(addrStart, addrEnd, ':') >= 0;
        int kind = address(addrStart, addrEnd, v6);
        if (kind != SdpSession.ADDR_IP4 && kind != SdpSession.ADDR_IP6) {
            return; // an mDNS/FQDN candidate (RFC 8839 allows them): nothing a flow table can match
        }
        int n = s.candCount[m];
        if (n == SdpSession.MAX_CANDIDATES) {
            s.anomaly(SdpStatus.TOO_MANY_CANDIDATES);
            return;
        }
        int k = m * SdpSession.MAX_CANDIDATES + n;
        s.candHi[k] = addrHi;
        s.candLo[k] = addrLo;
        s.candPort[k] = port;
        s.candTransport[k] = transport;
        s.candComponent[k] = component;
        s.candType[k] = type;
        s.candPriority[k] = priority;
        s.candCount[m] = n + 1;
    }

    // ------------------------------------------------------------------ addresses

    /**
     * Parses an address literal into addrHi/addrLo; an IPv4 multicast "/ttl" suffix and IPv6 "/count" are cut.
     * Returns ADDR_IP4, ADDR_IP6, ADDR_FQDN (a name) or ADDR_NONE (neither a literal nor a plausible name).
     */
    private int address(int p, int end, boolean v6) {
        int slash = indexOf(p, end, '/');
        if (slash >= 0) {
            end = slash;
        }
        if (p >= end) {
            return SdpSession.ADDR_NONE;
        }
        if (!v6) {
            long v4 = ipv4(p, end);
            if (v4 >= 0) {
                addrHi = 0;
                addrLo = IpAddresses.v4Lo((int) v4);
                return SdpSession.ADDR_IP4;
            }
        } else if (ipv6(p, end)) {
            return SdpSession.ADDR_IP6;
        }
        for (int i = p; i < end; i++) {
            byte b = buf[i];
            boolean ok = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '.';
            if (!ok) {
                return SdpSession.ADDR_NONE;
            }
        }
        // dotted digits that did not parse as IPv4 are garbage, not a host name
        boolean letters = false;
        for (int i = p; i < end; i++) {
            letters |= buf[i] >= 'A';
        }
        return letters ? SdpSession.ADDR_FQDN : SdpSession.ADDR_NONE;
    }

    /** Dotted quad as an unsigned int in a long, -1 when not one. */
    private long ipv4(int p, int end) {
        long v = 0;
        int parts = 0;
        int i = p;
        while (parts < 4) {
            int d = i;
            int n = 0;
            while (i < end && buf[i] >= '0' && buf[i] <= '9' && i - d < 3) {
                n = n * 10 + buf[i] - '0';
                i++;
            }
            if (i == d || n > 255) {
                return -1;
            }
            v = v << 8 | n;
            parts++;
            if (parts < 4) {
                if (i >= end || buf[i] != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == end ? v : -1;
    }

    /** RFC 4291 §2.2 text forms (with "::" and a trailing dotted quad) into addrHi/addrLo. */
    private boolean ipv6(int p, int end) {
        int n = 0;
        int gap = -1;
        int i = p;
        if (end - p >= 2 && buf[p] == ':' && buf[p + 1] == ':') {
            gap = 0;
            i = p + 2;
        } else if (buf[p] == ':') {
            return false;
        }
        while (i < end) {
            if (n == 8) {
                return false;
            }
            int d = i;
            int g = 0;
            while (i < end && i - d < 4 && hex(buf[i]) >= 0) {
                g = g << 4 | hex(buf[i]);
                i++;
            }
            if (i < end && buf[i] == '.') {
                long v4 = ipv4(d, end);
                if (v4 < 0 || n > 6) {
                    return false;
                }
                groups[n++] = (int) (v4 >>> 16);
                groups[n++] = (int) (v4 & 0xffff);
                i = end;
                break;
            }
            if (i == d) {
                return false;
            }
            groups[n++] = g;
            if (i == end) {
                break;
            }
            if (buf[i] != ':') {
                return false;
            }
            i++;
            if (i < end && buf[i] == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = n;
                i++;
            } else if (i == end) {
                return false;
            }
        }
        if (gap < 0 && n != 8 || gap >= 0 && n > 7) {
            return false;
        }
        int zeros = 8 - n;
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 8; k++) {
            long g;
            if (gap < 0 || k < gap) {
                g = groups[k];
            } else if (k < gap + zeros) {
                g = 0;
            } else {
                g = groups[k - zeros];
            }
            if (k < 4) {
                hi = hi << 16 | g;
            } else {
                lo = lo << 16 | g;
            }
        }
        addrHi = hi;
        addrLo = lo;
        return true;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    // ------------------------------------------------------------------ tokens

    /** Next space-separated token of the current line into [tokStart, tokEnd); false at the end of the line. */
    private boolean token() {
        int p = pos;
        while (p < lineEnd && (buf[p] == ' ' || buf[p] == '\t')) {
            p++;
        }
        if (p >= lineEnd) {
            pos = lineEnd;
            return false;
        }
        int e = p;
        while (e < lineEnd && buf[e] != ' ' && buf[e] != '\t') {
            e++;
        }
        tokStart = p;
        tokEnd = e;
        pos = e;
        return true;
    }

    private boolean tokenIs(byte[] lower) {
        return tokEnd - tokStart == lower.length && equalsIgnoreCase(tokStart, lower);
    }

    private boolean equalsIgnoreCase(int p, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            int c = buf[p + i];
            if (c >= 'A' && c <= 'Z') {
                c |= 0x20;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWithIgnoreCase(int p, byte[] lower) {
        return equalsIgnoreCase(p, lower);
    }

    private int indexOf(int p, int end, char c) {
        for (int i = p; i < end; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Non-negative decimal below 2^31 of at most 9 digits, else -1. */
    private int decimal(int p, int end) {
        long v = decimalLong(p, end);
        return v > Integer.MAX_VALUE || end - p > 9 ? -1 : (int) v;
    }

    /** Non-negative decimal of at most 18 digits, else -1. */
    private long decimalLong(int p, int end) {
        if (p >= end || end - p > 18) {
            return -1;
        }
        long v = 0;
        for (int i = p; i < end; i++) {
            byte b = buf[i];
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + b - '0';
        }
        return v;
    }
}

package org.voipwatch.analyzer.classify;

import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.protocol.stun.StunMessage;

/**
 * Cheap content probes that name a packet's protocol class from its first payload bytes. Ports are only a
 * hint (DNS 53); SIP, STUN, ChannelData, DTLS, RTP and RTCP are recognised by content (RFC 9443 first-byte
 * ranges, RFC 5761 §4 for RTP vs RTCP, the STUN magic cookie of RFC 8489 §6). Stateless, allocation-free.
 */
public final class PayloadProbe {
    private static final int STUN_MAGIC_COOKIE = 0x2112A442;

    private PayloadProbe() {
    }

    public static int classify(DecodedPacket p) {
        if (p.ipVersion == 0) {
            return ProtocolClass.NON_IP;
        }
        if (p.isIcmp()) {
            return ProtocolClass.ICMP;
        }
        if (p.isUdp()) {
            return classifyUdp(p.buffer, p.payloadOffset, p.payloadLength, p.srcPort, p.dstPort);
        }
        if (p.isTcp()) {
            return classifyTcp(p.buffer, p.payloadOffset, p.payloadLength, p.srcPort, p.dstPort);
        }
        return ProtocolClass.OTHER_IP;
    }

    static int classifyUdp(byte[] b, int off, int len, int sport, int dport) {
        if (len <= 0) {
            return ProtocolClass.OTHER_UDP;
        }
        int first = b[off] & 0xff;
        // SIP starts with a method name or "SIP/2.0": an upper-case letter; most datagrams (RTP) are spared the call
        if (first >= 'A' && first <= 'Z' && looksLikeSip(b, off, len)) {
            return ProtocolClass.SIP;
        }
        if (first <= 3) {
            return isStun(b, off, len) || isClassicStun(b, off, len, sport, dport) ? ProtocolClass.STUN
                    : (sport == 53 || dport == 53 || sport == 5353 || dport == 5353) ? ProtocolClass.DNS
                    : ProtocolClass.OTHER_UDP;
        }
        if (sport == 53 || dport == 53 || sport == 5353 || dport == 5353) {
            return ProtocolClass.DNS;
        }
        if (first >= 20 && first <= 63 && len >= 13 && (b[off + 1] & 0xff) == 0xfe) {
            return ProtocolClass.DTLS; // DTLS record: content type 20-63, version 0xfeXX
        }
        if (first >= 64 && first <= 79 && len >= 4) {
            int dataLen = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
            if (dataLen + 4 == len || ((dataLen + 3) & ~3) + 4 == len) {
                return ProtocolClass.TURN_CHANNEL_DATA;
            }
        }
        if (first >= 128 && first <= 191 && len >= 8) {
            int pt = b[off + 1] & 0xff;
            if (pt >= 192 && pt <= 223) {
                return ProtocolClass.RTCP; // RFC 5761 §4: 192-223 are RTCP packet types
            }
            if (len >= 12) {
                return ProtocolClass.RTP;
            }
        }
        return ProtocolClass.OTHER_UDP;
    }

    static int classifyTcp(byte[] b, int off, int len, int sport, int dport) {
        if (len <= 0) {
            return ProtocolClass.UNKNOWN;
        }
        if (looksLikeSip(b, off, len)) {
            return ProtocolClass.SIP;
        }
        if (len >= 3 && b[off] == 0x16 && b[off + 1] == 0x03) {
            return ProtocolClass.TLS;
        }
        if (len >= 3 && (b[off] == 0x17 || b[off] == 0x14 || b[off] == 0x15) && b[off + 1] == 0x03) {
            return ProtocolClass.TLS;
        }
        if (sport == 53 || dport == 53) {
            return ProtocolClass.DNS;
        }
        if (isStun(b, off, len)) {
            return ProtocolClass.STUN;
        }
        return ProtocolClass.OTHER_TCP;
    }

    /** RFC 8489 §6: two zero bits, the magic cookie, a length that is a multiple of 4 and fits. */
    public static boolean isStun(byte[] b, int off, int len) {
        if (len < 20 || (b[off] & 0xc0) != 0) {
            return false;
        }
        int msgLen = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        int cookie = ((b[off + 4] & 0xff) << 24) | ((b[off + 5] & 0xff) << 16) | ((b[off + 6] & 0xff) << 8)
                | (b[off + 7] & 0xff);
        return cookie == STUN_MAGIC_COOKIE && (msgLen & 3) == 0 && msgLen + 20 <= len;
    }

    /**
     * Classic RFC 3489 STUN has no cookie, so it is believed only on a known STUN port: a Binding or Shared Secret
     * request/response type (RFC 3489 §11.1) and a length that is a multiple of 4 and fills the datagram exactly.
     */
    static boolean isClassicStun(byte[] b, int off, int len, int sport, int dport) {
        if (len < 20 || !(StunMessage.isKnownStunPort(sport) || StunMessage.isKnownStunPort(dport))) {
            return false;
        }
        int type = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
        int msgLen = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        boolean classicType = type == 0x0001 || type == 0x0101 || type == 0x0111 || type == 0x0002
                || type == 0x0102 || type == 0x0112;
        return classicType && (msgLen & 3) == 0 && msgLen + 20 == len;
    }

    /** A SIP request line starts with an upper-case method token and a space; a response with "SIP/2.0 ". */
    public static boolean looksLikeSip(byte[] b, int off, int len) {
        if (len < 8) {
            return false;
        }
        if (b[off] == 'S' && b[off + 1] == 'I' && b[off + 2] == 'P' && b[off + 3] == '/' && b[off + 4] == '2'
                && b[off + 5] == '.' && b[off + 6] == '0' && b[off + 7] == ' ') {
            return true;
        }
        int i = 0;
        int max = Math.min(len, 17);
        while (i < max && b[off + i] >= 'A' && b[off + i] <= 'Z') {
            i++;
        }
        if (i < 3 || i >= max || b[off + i] != ' ') {
            return false;
        }
        // the request URI scheme follows: sip:, sips:, tel:
        int u = off + i + 1;
        int rem = len - i - 1;
        return rem >= 4 && ((b[u] == 's' || b[u] == 'S') && (b[u + 1] == 'i' || b[u + 1] == 'I')
                && (b[u + 2] == 'p' || b[u + 2] == 'P') || (b[u] == 't' && b[u + 1] == 'e' && b[u + 2] == 'l'));
    }
}

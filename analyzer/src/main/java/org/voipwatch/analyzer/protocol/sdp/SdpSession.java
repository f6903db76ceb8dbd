package org.voipwatch.analyzer.protocol.sdp;

import org.voipwatch.analyzer.util.IpAddresses;

/**
 * What {@link SdpMessage#parse} read from one SDP body, in primitive arrays sized once: up to
 * {@link #MAX_MEDIA} media sections, {@link #MAX_PAYLOAD_TYPES} payload types and {@link #MAX_CANDIDATES} ICE
 * candidates each. Addresses are 128-bit hi/lo (IPv4 mapped to ::ffff:a.b.c.d, see {@link IpAddresses}).
 * Per-media accessors take the media index 0..{@link #mediaCount()}-1 and apply RFC 4566 inheritance: a media
 * section without its own c= or direction attribute uses the session-level one. Reused for every body
 * ({@link #clear()}); owned by the analyzer thread.
 */
public final class SdpSession {
    public static final int MAX_MEDIA = 8;
    public static final int MAX_PAYLOAD_TYPES = 16;
    public static final int MAX_CANDIDATES = 16;

    // media types
    public static final int MEDIA_OTHER = 0;
    public static final int MEDIA_AUDIO = 1;
    public static final int MEDIA_VIDEO = 2;
    public static final int MEDIA_TEXT = 3;
    public static final int MEDIA_APPLICATION = 4;
    public static final int MEDIA_MESSAGE = 5;
    public static final int MEDIA_IMAGE = 6;

    // transports (m= proto)
    public static final int PROTO_OTHER = 0;
    public static final int PROTO_RTP_AVP = 1;
    public static final int PROTO_RTP_SAVP = 2;
    public static final int PROTO_RTP_AVPF = 3;
    public static final int PROTO_RTP_SAVPF = 4;
    public static final int PROTO_UDP_TLS_RTP_SAVP = 5;
    public static final int PROTO_UDP_TLS_RTP_SAVPF = 6;
    /** "udp" (e.g. raw UDP media) */
    public static final int PROTO_UDP = 7;
    /** "udptl" (T.38 fax, RFC 3362) */
    public static final int PROTO_UDPTL = 8;
    /** "TCP...", e.g. TCP/MSRP, TCP/TLS/RTP/AVP, TCP/RTP/AVP */
    public static final int PROTO_TCP = 9;
    /** "UDP/DTLS/SCTP" or "DTLS/SCTP" (WebRTC data channel) */
    public static final int PROTO_DTLS_SCTP = 10;

    // directions (RFC 4566 §6, RFC 3264 §5.1)
    public static final int SENDRECV = 0;
    public static final int SENDONLY = 1;
    public static final int RECVONLY = 2;
    public static final int INACTIVE = 3;

    // ICE candidate types (RFC 8839 §5.1)
    public static final int CAND_OTHER = 0;
    public static final int CAND_HOST = 1;
    public static final int CAND_SRFLX = 2;
    public static final int CAND_PRFLX = 3;
    public static final int CAND_RELAY = 4;

    /** Address kinds of a c= line or candidate: none, numeric IPv4 or IPv6, or a name we do not resolve. */
    public static final int ADDR_NONE = 0;
    public static final int ADDR_IP4 = 4;
    public static final int ADDR_IP6 = 6;
    public static final int ADDR_FQDN = -1;

    int status;
    int anomalies;

    int sessionAddrKind;
    long sessionHi;
    long sessionLo;
    /** Session-level direction, or -1 when not given. */
    int sessionDirection;

    int mediaCount;
    final int[] mediaType = new int[MAX_MEDIA];
    final int[] port = new int[MAX_MEDIA];
    final int[] portCount = new int[MAX_MEDIA];
    final int[] proto = new int[MAX_MEDIA];
    final int[] addrKind = new int[MAX_MEDIA];
    final long[] addrHi = new long[MAX_MEDIA];
    final long[] addrLo = new long[MAX_MEDIA];
    final int[] direction = new int[MAX_MEDIA];
    final int[] rtcpPort = new int[MAX_MEDIA];
    final int[] rtcpAddrKind = new int[MAX_MEDIA];
    final long[] rtcpHi = new long[MAX_MEDIA];
    final long[] rtcpLo = new long[MAX_MEDIA];
    final boolean[] rtcpMux = new boolean[MAX_MEDIA];
    final int[] ptCount = new int[MAX_MEDIA];
    final int[] pt = new int[MAX_MEDIA * MAX_PAYLOAD_TYPES];
    final int[] clockRate = new int[MAX_MEDIA * MAX_PAYLOAD_TYPES];
    final int[] codec = new int[MAX_MEDIA * MAX_PAYLOAD_TYPES];
    final int[] candCount = new int[MAX_MEDIA];
    final long[] candHi = new long[MAX_MEDIA * MAX_CANDIDATES];
    final long[] candLo = new long[MAX_MEDIA * MAX_CANDIDATES];
    final int[] candPort = new int[MAX_MEDIA * MAX_CANDIDATES];
    /** IP protocol number: 17 UDP, 6 TCP. */
    final int[] candTransport = new int[MAX_MEDIA * MAX_CANDIDATES];
    final int[] candComponent = new int[MAX_MEDIA * MAX_CANDIDATES];
    final int[] candType = new int[MAX_MEDIA * MAX_CANDIDATES];
    final long[] candPriority = new long[MAX_MEDIA * MAX_CANDIDATES];

    /** Empties the session for the next body. */
    public void clear() {
        status = SdpStatus.OK;
        anomalies = 0;
        sessionAddrKind = ADDR_NONE;
        sessionHi = 0;
        sessionLo = 0;
        sessionDirection = -1;
        mediaCount = 0;
    }

    void clearMedia(int m) {
        mediaType[m] = MEDIA_OTHER;
        port[m] = 0;
        portCount[m] = 1;
        proto[m] = PROTO_OTHER;
        addrKind[m] = ADDR_NONE;
        addrHi[m] = 0;
        addrLo[m] = 0;
        direction[m] = -1;
        rtcpPort[m] = 0;
        rtcpAddrKind[m] = ADDR_NONE;
        rtcpHi[m] = 0;
        rtcpLo[m] = 0;
        rtcpMux[m] = false;
        ptCount[m] = 0;
        candCount[m] = 0;
    }

    void anomaly(int code) {
        if (status == SdpStatus.OK) {
            status = code;
        }
        anomalies++;
    }

    /** Status of the last parse (also returned by it). */
    public int status() {
        return status;
    }

    /** Number of anomalous lines met in the last parse. */
    public int anomalies() {
        return anomalies;
    }

    public int mediaCount() {
        return mediaCount;
    }

    /** Session-level c= kind ({@link #ADDR_NONE}, {@link #ADDR_IP4}, {@link #ADDR_IP6}, {@link #ADDR_FQDN}). */
    public int sessionAddressKind() {
        return sessionAddrKind;
    }

    public long sessionAddressHi() {
        return sessionHi;
    }

    public long sessionAddressLo() {
        return sessionLo;
    }

    /** {@link #MEDIA_AUDIO}, {@link #MEDIA_VIDEO}, ... */
    public int mediaType(int m) {
        return mediaType[m];
    }

    /** m= port; 0 means the stream is disabled or rejected (RFC 3264 §5.1, §6). */
    public int port(int m) {
        return port[m];
    }

    public boolean isDisabled(int m) {
        return port[m] == 0;
    }

    /** The "/number of ports" of the m= line, 1 when absent. */
    public int portCount(int m) {
        return portCount[m];
    }

    /** {@link #PROTO_RTP_AVP}, ... */
    public int transport(int m) {
        return proto[m];
    }

    /** True for the RTP profiles (AVP, SAVP, AVPF, SAVPF over UDP, DTLS or TCP). */
    public boolean isRtp(int m) {
        return proto[m] >= PROTO_RTP_AVP && proto[m] <= PROTO_UDP_TLS_RTP_SAVPF;
    }

    /** Effective connection address kind: the media-level c= or else the session-level one. */
    public int addressKind(int m) {
        return addrKind[m] != ADDR_NONE ? addrKind[m] : sessionAddrKind;
    }

    public long addressHi(int m) {
        return addrKind[m] != ADDR_NONE ? addrHi[m] : sessionHi;
    }

    public long addressLo(int m) {
        return addrKind[m] != ADDR_NONE ? addrLo[m] : sessionLo;
    }

    /** True when the effective c= address is 0.0.0.0, the RFC 2543 hold convention (RFC 3264 §8.4). */
    public boolean isZeroAddress(int m) {
        return addressKind(m) == ADDR_IP4 && addressLo(m) == IpAddresses.v4Lo(0) && addressHi(m) == 0;
    }

    /** Effective direction: the media-level attribute, else the session-level one, else sendrecv. */
    public int direction(int m) {
        if (direction[m] >= 0) {
            return direction[m];
        }
        return sessionDirection >= 0 ? sessionDirection : SENDRECV;
    }

    /**
     * Hold as an offer expresses it (RFC 3264 §8.4): sendonly or inactive, or the old c=0.0.0.0 convention.
     */
    public boolean isHold(int m) {
        int d = direction(m);
        return d == SENDONLY || d == INACTIVE || isZeroAddress(m);
    }

    /** a=rtcp port, or 0 when absent (then RTCP is on port+1, or on the RTP port with rtcp-mux). */
    public int rtcpPort(int m) {
        return rtcpPort[m];
    }

    /** Kind of the a=rtcp address; {@link #ADDR_NONE} when the attribute had none (use the media address). */
    public int rtcpAddressKind(int m) {
        return rtcpAddrKind[m];
    }

    public long rtcpAddressHi(int m) {
        return rtcpHi[m];
    }

    public long rtcpAddressLo(int m) {
        return rtcpLo[m];
    }

    /** a=rtcp-mux present (RFC 5761): RTCP shares the RTP port. */
    public boolean rtcpMux(int m) {
        return rtcpMux[m];
    }

    public int payloadTypeCount(int m) {
        return ptCount[m];
    }

    public int payloadType(int m, int i) {
        return pt[m * MAX_PAYLOAD_TYPES + i];
    }

    /** Clock rate from a=rtpmap, else the RFC 3551 static rate, else 0. */
    public int clockRate(int m, int i) {
        return clockRate[m * MAX_PAYLOAD_TYPES + i];
    }

    /** {@link org.voipwatch.analyzer.protocol.rtp.Codec} code from a=rtpmap or the static payload type. */
    public int codec(int m, int i) {
        return codec[m * MAX_PAYLOAD_TYPES + i];
    }

    /** Index of a payload type in media {@code m}'s list, or -1. */
    public int indexOfPayloadType(int m, int payloadType) {
        for (int i = 0; i < ptCount[m]; i++) {
            if (pt[m * MAX_PAYLOAD_TYPES + i] == payloadType) {
                return i;
            }
        }
        return -1;
    }

    public int candidateCount(int m) {
        return candCount[m];
    }

    public long candidateHi(int m, int i) {
        return candHi[m * MAX_CANDIDATES + i];
    }

    public long candidateLo(int m, int i) {
        return candLo[m * MAX_CANDIDATES + i];
    }

    public int candidatePort(int m, int i) {
        return candPort[m * MAX_CANDIDATES + i];
    }

    /** IP protocol of the candidate: 17 UDP, 6 TCP. */
    public int candidateTransport(int m, int i) {
        return candTransport[m * MAX_CANDIDATES + i];
    }

    /** ICE component: 1 RTP, 2 RTCP. */
    public int candidateComponent(int m, int i) {
        return candComponent[m * MAX_CANDIDATES + i];
    }

    /** {@link #CAND_HOST}, {@link #CAND_SRFLX}, {@link #CAND_PRFLX}, {@link #CAND_RELAY}. */
    public int candidateType(int m, int i) {
        return candType[m * MAX_CANDIDATES + i];
    }

    public long candidatePriority(int m, int i) {
        return candPriority[m * MAX_CANDIDATES + i];
    }
}

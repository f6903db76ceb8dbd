package org.voipwatch.analyzer.classify;

/** Protocol classes for packet/byte accounting (metric label values and summary rows). */
public final class ProtocolClass {
    public static final int UNKNOWN = 0;
    public static final int SIP = 1;
    public static final int RTP = 2;
    public static final int RTCP = 3;
    public static final int STUN = 4;
    public static final int TURN_CHANNEL_DATA = 5;
    public static final int DTLS = 6;
    public static final int DNS = 7;
    public static final int TLS = 8;
    public static final int OTHER_UDP = 9;
    public static final int OTHER_TCP = 10;
    public static final int ICMP = 11;
    public static final int OTHER_IP = 12;
    public static final int NON_IP = 13;
    public static final int MALFORMED = 14;
    public static final int COUNT = 15;

    private static final String[] NAMES = {
        "unknown", "sip", "rtp", "rtcp", "stun", "turn_channeldata", "dtls", "dns", "tls", "other_udp",
        "other_tcp", "icmp", "other_ip", "non_ip", "malformed"
    };

    private ProtocolClass() {
    }

    public static String name(int cls) {
        return cls >= 0 && cls < COUNT ? NAMES[cls] : "unknown";
    }
}

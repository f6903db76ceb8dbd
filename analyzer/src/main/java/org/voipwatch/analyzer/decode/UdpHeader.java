package org.voipwatch.analyzer.decode;

/**
 * UDP header (RFC 768).
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |     Source      |   Destination   |
 * |      Port       |      Port       |
 * +--------+--------+--------+--------+
 * |                 |                 |
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * </pre>
 * Length counts header and data. Owned by the analyzer thread.
 */
public final class UdpHeader extends Flyweight {
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int LENGTH = 8;

    public int srcPort() {
        return u16(SRC_PORT_OFFSET);
    }

    public int dstPort() {
        return u16(DST_PORT_OFFSET);
    }

    /** The Length field (header + data) as sent. */
    public int udpLength() {
        return u16(LENGTH_OFFSET);
    }
}

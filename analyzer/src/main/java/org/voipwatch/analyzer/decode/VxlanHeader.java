package org.voipwatch.analyzer.decode;

/**
 * VXLAN header (RFC 7348 section 5), UDP destination port 4789, followed by an inner Ethernet frame.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The I flag must be 1 for a valid VNI; reserved bits are ignored on receipt (RFC 7348). A datagram to port
 * 4789 without the I flag is left as plain UDP: the port is a hint, not proof. Owned by the analyzer thread.
 */
public final class VxlanHeader extends Flyweight {
    public static final int FLAGS_OFFSET = 0;
    public static final int VNI_OFFSET = 4;
    public static final int LENGTH = 8;
    public static final int UDP_PORT = 4789;
    public static final int FLAG_I = 0x08;

    public boolean vniValid() {
        return (u8(FLAGS_OFFSET) & FLAG_I) != 0;
    }

    public int vni() {
        return (int) (u32(VNI_OFFSET) >>> 8);
    }
}

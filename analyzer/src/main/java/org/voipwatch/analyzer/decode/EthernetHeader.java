package org.voipwatch.analyzer.decode;

/**
 * Ethernet II header (IEEE 802.3 clause 3.1.1, DIX framing) and 802.1Q / 802.1ad VLAN tags.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination MAC (6 bytes)                  |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                      Source MAC (6 bytes)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   EtherType or TPID (0x8100,  |  (tag) PCP|D| VLAN id (12)    |
 * |   0x88a8, 0x9100)             +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  next EtherType / TPID ...    |
 * </pre>
 * A tag is 4 bytes: the TPID where the EtherType would be, then the TCI; the real EtherType follows the
 * last tag. The tag walk itself lives in {@link PacketDecoder} because Linux SLL frames can carry tags too.
 * Owned by the analyzer thread.
 */
public final class EthernetHeader extends Flyweight {
    public static final int DST_OFFSET = 0;
    public static final int SRC_OFFSET = 6;
    public static final int ETHER_TYPE_OFFSET = 12;
    public static final int LENGTH = 14;

    /** Size of one 802.1Q/802.1ad tag (TPID + TCI). */
    public static final int VLAN_TAG_LENGTH = 4;
    public static final int VLAN_TCI_OFFSET = 2;
    public static final int VLAN_ID_MASK = 0x0fff;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88a8;
    /** Pre-standard QinQ TPID still used by some switches. */
    public static final int ETHERTYPE_QINQ_OLD = 0x9100;

    public int etherType() {
        return u16(ETHER_TYPE_OFFSET);
    }

    public static boolean isVlanTpid(int etherType) {
        return etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ || etherType == ETHERTYPE_QINQ_OLD;
    }
}

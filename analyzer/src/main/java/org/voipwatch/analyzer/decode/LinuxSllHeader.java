package org.voipwatch.analyzer.decode;

/**
 * Linux "cooked" capture header v1 (LINKTYPE_LINUX_SLL, 113; tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html).
 * <pre>
 * +---------------------------+
 * |         Packet type       | 2 bytes  (0 to us, 4 sent by us, ...)
 * +---------------------------+
 * |        ARPHRD_ type       | 2 bytes
 * +---------------------------+
 * | Link-layer address length | 2 bytes
 * +---------------------------+
 * |    Link-layer address     | 8 bytes
 * +---------------------------+
 * |        Protocol type      | 2 bytes  (EtherType)
 * +---------------------------+
 * </pre>
 * Owned by the analyzer thread.
 */
public final class LinuxSllHeader extends Flyweight {
    public static final int PACKET_TYPE_OFFSET = 0;
    public static final int ARPHRD_TYPE_OFFSET = 2;
    public static final int ADDRESS_LENGTH_OFFSET = 4;
    public static final int ADDRESS_OFFSET = 6;
    public static final int PROTOCOL_OFFSET = 14;
    public static final int LENGTH = 16;

    public int packetType() {
        return u16(PACKET_TYPE_OFFSET);
    }

    public int protocol() {
        return u16(PROTOCOL_OFFSET);
    }
}

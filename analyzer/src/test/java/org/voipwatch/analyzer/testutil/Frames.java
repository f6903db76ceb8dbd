package org.voipwatch.analyzer.testutil;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds Ethernet/IPv4 frames byte by byte following RFC 791 / 768 / 793 / 792 layouts, for tests that need
 * packets with known contents. Checksums are left zero (voipwatch does not verify them: NICs offload them).
 */
public final class Frames {
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_ACK = 0x10;

    private Frames() {
    }

    public static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8)
                | Integer.parseInt(p[3]);
    }

    public static byte[] udp(String src, int sport, String dst, int dport, byte[] payload) {
        ByteBuffer l4 = ByteBuffer.allocate(8 + payload.length);
        l4.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        l4.put(payload);
        return ether(ipv4(17, ip(src), ip(dst), l4.array()));
    }

    public static byte[] udp(String src, int sport, String dst, int dport, String payload) {
        return udp(src, sport, dst, dport, payload.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] tcp(String src, int sport, String dst, int dport, int flags, long seq, long ack) {
        ByteBuffer l4 = ByteBuffer.allocate(20);
        l4.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
        l4.put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        return ether(ipv4(6, ip(src), ip(dst), l4.array()));
    }

    /** A TCP segment carrying {@code payload} (flags usually PSH|ACK). */
    public static byte[] tcp(String src, int sport, String dst, int dport, int flags, long seq, long ack,
                             byte[] payload) {
        ByteBuffer l4 = ByteBuffer.allocate(20 + payload.length);
        l4.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
        l4.put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        l4.put(payload);
        return ether(ipv4(6, ip(src), ip(dst), l4.array()));
    }

    /** ICMP destination unreachable (type 3) quoting the IP header + 8 bytes of {@code quotedFrame}. */
    public static byte[] icmpUnreachable(String src, String dst, int code, byte[] quotedFrame) {
        int quoted = Math.min(quotedFrame.length - 14, 28);
        ByteBuffer l4 = ByteBuffer.allocate(8 + quoted);
        l4.put((byte) 3).put((byte) code).putShort((short) 0).putInt(0);
        l4.put(quotedFrame, 14, quoted);
        return ether(ipv4(1, ip(src), ip(dst), l4.array()));
    }

    public static byte[] ipv4(int proto, int src, int dst, byte[] l4) {
        ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 1).putShort((short) 0);
        b.put((byte) 64).put((byte) proto).putShort((short) 0).putInt(src).putInt(dst).put(l4);
        return b.array();
    }

    public static byte[] ether(byte[] ipPacket) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00});
        o.writeBytes(ipPacket);
        return o.toByteArray();
    }
}

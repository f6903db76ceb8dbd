package org.voipwatch.bench;

import java.io.IOException;
import org.voipwatch.capture.source.PcapWriter;

/**
 * Builds Ethernet II / IPv4 / UDP or TCP frames by hand in one reused buffer and writes them to a {@link PcapWriter}.
 * The caller first writes the transport payload at {@link #UDP_PAYLOAD_OFFSET} (or {@link #TCP_PAYLOAD_OFFSET}),
 * then calls {@link #writeUdp} / {@link #writeTcp}, which fill the headers around it. IPv4 header checksums are
 * correct; the UDP checksum is 0 ("not computed", allowed for IPv4 by RFC 768), the TCP checksum is computed.
 * MAC addresses are derived from the IPv4 address (02:00:a.b.c.d, locally administered). Not thread-safe.
 */
final class FrameBuilder {
    static final int ETH_LENGTH = 14;
    static final int IP_OFFSET = ETH_LENGTH;
    static final int IP_LENGTH = 20;
    static final int L4_OFFSET = IP_OFFSET + IP_LENGTH;
    static final int UDP_LENGTH = 8;
    static final int TCP_LENGTH = 20;
    static final int UDP_PAYLOAD_OFFSET = L4_OFFSET + UDP_LENGTH;
    static final int TCP_PAYLOAD_OFFSET = L4_OFFSET + TCP_LENGTH;
    static final int MAX_FRAME = 1514;

    static final int TCP_FIN = 0x01;
    static final int TCP_SYN = 0x02;
    static final int TCP_RST = 0x04;
    static final int TCP_PSH = 0x08;
    static final int TCP_ACK = 0x10;

    final byte[] frame = new byte[MAX_FRAME];
    private final PcapWriter writer;
    private int ipId;
    private long packets;
    private long bytes;

    FrameBuilder(PcapWriter writer) {
        this.writer = writer;
        frame[12] = 0x08; // EtherType IPv4
        frame[13] = 0x00;
    }

    long packets() {
        return packets;
    }

    /** Bytes of frames written (without pcap headers). */
    long bytes() {
        return bytes;
    }

    /** Writes a UDP datagram whose payload of {@code payloadLength} bytes is already at UDP_PAYLOAD_OFFSET. */
    void writeUdp(long timeNs, int srcIp, int srcPort, int dstIp, int dstPort, int payloadLength) throws IOException {
        int udpLength = UDP_LENGTH + payloadLength;
        ethernetAndIp(srcIp, dstIp, 17, IP_LENGTH + udpLength);
        byte[] f = frame;
        putShort(f, L4_OFFSET, srcPort);
        putShort(f, L4_OFFSET + 2, dstPort);
        putShort(f, L4_OFFSET + 4, udpLength);
        putShort(f, L4_OFFSET + 6, 0);
        emit(timeNs, ETH_LENGTH + IP_LENGTH + udpLength);
    }

    /** Writes a TCP segment (no options) whose payload is already at TCP_PAYLOAD_OFFSET. */
    void writeTcp(long timeNs, int srcIp, int srcPort, int dstIp, int dstPort, long seq, long ack, int flags,
                  int payloadLength) throws IOException {
        int tcpLength = TCP_LENGTH + payloadLength;
        ethernetAndIp(srcIp, dstIp, 6, IP_LENGTH + tcpLength);
        byte[] f = frame;
        int o = L4_OFFSET;
        putShort(f, o, srcPort);
        putShort(f, o + 2, dstPort);
        putInt(f, o + 4, (int) seq);
        putInt(f, o + 8, (flags & TCP_ACK) != 0 ? (int) ack : 0);
        f[o + 12] = (byte) (5 << 4);
        f[o + 13] = (byte) flags;
        putShort(f, o + 14, 64_240);
        putShort(f, o + 16, 0);
        putShort(f, o + 18, 0);
        // RFC 793 checksum over the pseudo header and the segment
        long sum = ((srcIp >>> 16) & 0xffff) + (srcIp & 0xffff) + ((dstIp >>> 16) & 0xffff) + (dstIp & 0xffff)
                + 6 + tcpLength;
        sum += onesSum(f, o, tcpLength);
        putShort(f, o + 16, fold(sum));
        emit(timeNs, ETH_LENGTH + IP_LENGTH + tcpLength);
    }

    private void ethernetAndIp(int srcIp, int dstIp, int protocol, int ipTotalLength) {
        byte[] f = frame;
        f[0] = 0x02;
        f[1] = 0x00;
        putInt(f, 2, dstIp);
        f[6] = 0x02;
        f[7] = 0x00;
        putInt(f, 8, srcIp);
        int o = IP_OFFSET;
        f[o] = 0x45;
        f[o + 1] = (byte) 0xb8; // DSCP EF (46): voice
        putShort(f, o + 2, ipTotalLength);
        putShort(f, o + 4, ipId);
        ipId = (ipId + 1) & 0xffff;
        f[o + 6] = 0x40; // DF
        f[o + 7] = 0;
        f[o + 8] = 64;
        f[o + 9] = (byte) protocol;
        f[o + 10] = 0;
        f[o + 11] = 0;
        putInt(f, o + 12, srcIp);
        putInt(f, o + 16, dstIp);
        putShort(f, o + 10, fold(onesSum(f, o, IP_LENGTH)));
    }

    private void emit(long timeNs, int length) throws IOException {
        writer.write(timeNs, frame, 0, length);
        packets++;
        bytes += length;
    }

    private static long onesSum(byte[] b, int off, int len) {
        long sum = 0;
        int i = off;
        int end = off + (len & ~1);
        while (i < end) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            i += 2;
        }
        if ((len & 1) != 0) {
            sum += (b[end] & 0xff) << 8;
        }
        return sum;
    }

    private static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s) & 0xffff;
    }

    static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Writes ASCII text at {@code at}; returns the number of bytes written. */
    static int putAscii(byte[] b, int at, CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            b[at + i] = (byte) s.charAt(i);
        }
        return n;
    }

    static String ip(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}

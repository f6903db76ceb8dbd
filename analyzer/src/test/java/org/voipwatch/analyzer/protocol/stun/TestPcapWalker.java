package org.voipwatch.analyzer.protocol.stun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only capture walker: classic pcap (µs or ns, either byte order) and pcapng (SHB/IDB/EPB/SPB), Ethernet with
 * up to two VLAN tags, IPv4 (first fragments only), IPv6 (hop-by-hop, routing, destination, fragment headers), then
 * UDP or TCP, and the UDP datagram quoted in an ICMP/ICMPv6 destination-unreachable (reported as
 * {@link #QUOTED_UDP}, because tshark dissects those too). No reassembly. Hands each transport payload to a
 * {@link Sink}. Not production code: the real decoder lives in org.voipwatch.analyzer.decode.
 */
final class TestPcapWalker {
    static final int UDP = 17;
    static final int TCP = 6;
    /** Pseudo protocol: a UDP payload quoted inside an ICMP error (not traffic of its own). */
    static final int QUOTED_UDP = 1017;

    interface Sink {
        void payload(int frame, int ipProtocol, int srcPort, int dstPort, byte[] buf, int off, int len);
    }

    private TestPcapWalker() {
    }

    /** Walks the file; returns the number of frames read. */
    static int walk(Path file, Sink sink) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int magic = be32(b, 0);
        if (magic == 0x0a0d0d0a) {
            return walkPcapng(b, sink);
        }
        boolean le = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
        if (!le && magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new IOException("not a capture file: " + file);
        }
        int linkType = u32(b, 20, le);
        int pos = 24;
        int frame = 0;
        while (pos + 16 <= b.length) {
            int capLen = u32(b, pos + 8, le);
            pos += 16;
            if (capLen < 0 || pos + capLen > b.length) {
                break;
            }
            frame++;
            link(frame, linkType, b, pos, capLen, sink);
            pos += capLen;
        }
        return frame;
    }

    private static int walkPcapng(byte[] b, Sink sink) throws IOException {
        int pos = 0;
        boolean le = true;
        int[] linkTypes = new int[16];
        int interfaces = 0;
        int frame = 0;
        while (pos + 12 <= b.length) {
            int type = u32(b, pos, le);
            if (type == 0x0a0d0d0a) {
                le = be32(b, pos + 8) == 0x4d3c2b1a;
                interfaces = 0;
            }
            int blockLen = u32(b, pos + 4, le);
            if (blockLen < 12 || pos + blockLen > b.length) {
                throw new IOException("bad pcapng block at " + pos);
            }
            if (type == 1 && interfaces < linkTypes.length) {
                linkTypes[interfaces++] = u16(b, pos + 8, le);
            } else if (type == 6) {
                int ifc = u32(b, pos + 8, le);
                int capLen = u32(b, pos + 20, le);
                frame++;
                link(frame, linkTypes[ifc], b, pos + 28, capLen, sink);
            } else if (type == 3) {
                int orig = u32(b, pos + 8, le);
                frame++;
                link(frame, linkTypes[0], b, pos + 12, Math.min(orig, blockLen - 16), sink);
            }
            pos += blockLen;
        }
        return frame;
    }

    private static void link(int frame, int linkType, byte[] b, int off, int len, Sink sink) {
        if (linkType != 1 || len < 14) {
            return;
        }
        int p = off + 12;
        int end = off + len;
        int etherType = be16(b, p);
        p += 2;
        for (int tags = 0; (etherType == 0x8100 || etherType == 0x88a8) && tags < 2 && p + 4 <= end; tags++) {
            etherType = be16(b, p + 2);
            p += 4;
        }
        if (etherType == 0x0800) {
            ipv4(frame, b, p, end, sink, false);
        } else if (etherType == 0x86dd) {
            ipv6(frame, b, p, end, sink, false);
        }
    }

    private static void ipv4(int frame, byte[] b, int p, int end, Sink sink, boolean quoted) {
        if (p + 20 > end || (b[p] & 0xf0) != 0x40) {
            return;
        }
        int ihl = (b[p] & 0x0f) * 4;
        int total = be16(b, p + 2);
        int fragOffset = be16(b, p + 6) & 0x1fff;
        if (fragOffset != 0 || ihl < 20) {
            return;
        }
        transport(frame, b[p + 9] & 0xff, b, p + ihl, Math.min(end, p + total), sink, quoted);
    }

    private static void ipv6(int frame, byte[] b, int p, int end, Sink sink, boolean quoted) {
        if (p + 40 > end) {
            return;
        }
        int next = b[p + 6] & 0xff;
        int payloadEnd = Math.min(end, p + 40 + be16(b, p + 4));
        p += 40;
        for (int i = 0; i < 8 && (next == 0 || next == 43 || next == 60 || next == 44) && p + 8 <= payloadEnd; i++) {
            if (next == 44 && (be16(b, p + 2) & 0xfff8) != 0) {
                return;
            }
            int hdrLen = next == 44 ? 8 : ((b[p + 1] & 0xff) + 1) * 8;
            next = b[p] & 0xff;
            p += hdrLen;
        }
        transport(frame, next, b, p, payloadEnd, sink, quoted);
    }

    private static void transport(int frame, int proto, byte[] b, int p, int end, Sink sink, boolean quoted) {
        if (proto == UDP && p + 8 <= end) {
            int udpEnd = Math.min(end, p + be16(b, p + 4));
            sink.payload(frame, quoted ? QUOTED_UDP : UDP, be16(b, p), be16(b, p + 2), b, p + 8,
                    Math.max(0, udpEnd - p - 8));
        } else if (!quoted && p + 8 <= end && (proto == 1 && b[p] == 3 || proto == 58 && b[p] == 1)) {
            // ICMP destination unreachable / ICMPv6 type 1: the offending datagram follows the 8-byte header
            if (proto == 1) {
                ipv4(frame, b, p + 8, end, sink, true);
            } else {
                ipv6(frame, b, p + 8, end, sink, true);
            }
        } else if (proto == TCP && !quoted && p + 20 <= end) {
            int dataOff = ((b[p + 12] & 0xf0) >> 4) * 4;
            if (dataOff >= 20 && p + dataOff <= end) {
                sink.payload(frame, TCP, be16(b, p), be16(b, p + 2), b, p + dataOff, end - p - dataOff);
            }
        }
    }

    private static int be16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static int be32(byte[] b, int p) {
        return (be16(b, p) << 16) | be16(b, p + 2);
    }

    private static int u16(byte[] b, int p, boolean le) {
        return le ? (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) : be16(b, p);
    }

    private static int u32(byte[] b, int p, boolean le) {
        return le ? u16(b, p, true) | (u16(b, p + 2, true) << 16) : be32(b, p);
    }
}

package org.voipwatch.analyzer.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only: finds the shared capture corpus and walks classic pcap files (Ethernet with VLAN tags and PPPoE,
 * Linux SLL, BSD loopback, raw IP) down to UDP payloads and TCP segments. IP fragments are skipped (tshark
 * reassembles them; we do not here),
 * pcapng is not read. Deliberately minimal and independent of the production decoder.
 */
public final class PcapCorpus {
    /** Receives each UDP datagram: packet time in ns, the frame bytes, payload range, and the flow. */
    public interface UdpHandler {
        void onUdp(long timeNs, byte[] frame, int off, int len, String src, int srcPort, String dst, int dstPort);
    }

    /** Receives each TCP segment: packet time, payload range, flow, sequence number of the payload, flags. */
    public interface TcpHandler {
        void onTcp(long timeNs, byte[] frame, int off, int len, String src, int srcPort, String dst, int dstPort,
                long seq, int flags);
    }

    private static final TcpHandler NO_TCP = (ns, f, off, len, src, sp, dst, dp, seq, flags) -> { };
    private static final UdpHandler NO_UDP = (ns, f, off, len, src, sp, dst, dp) -> { };

    private PcapCorpus() {
    }

    /** The corpus directory, found by walking up from the working directory; null when absent. */
    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path c = p.resolve("shared").resolve("pcaps");
            if (Files.isDirectory(c)) {
                return c;
            }
            p = p.getParent();
        }
        return null;
    }

    /** True for classic pcap (either byte order, µs or ns); false for pcapng and anything else. */
    public static boolean isClassicPcap(Path file) throws IOException {
        byte[] b = new byte[4];
        try (var in = Files.newInputStream(file)) {
            if (in.read(b) != 4) {
                return false;
            }
        }
        int m = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).getInt();
        return m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1;
    }

    /** Walks every record; returns the number of UDP datagrams delivered. */
    public static int walk(Path file, UdpHandler h) throws IOException {
        return walk(file, h, NO_TCP);
    }

    /** Walks every record, delivering TCP segments only. */
    public static int walkTcp(Path file, TcpHandler t) throws IOException {
        return walk(file, NO_UDP, t);
    }

    private static int walk(Path file, UdpHandler h, TcpHandler t) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = bb.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            bb.order(ByteOrder.LITTLE_ENDIAN);
            nanos = magic == 0xa1b23c4d;
        } else {
            bb.order(ByteOrder.BIG_ENDIAN);
            int m = bb.getInt(0);
            if (m != 0xa1b2c3d4 && m != 0xa1b23c4d) {
                throw new IOException("not a classic pcap: " + file);
            }
            nanos = m == 0xa1b23c4d;
        }
        int linkType = bb.getInt(20) & 0x0fff_ffff;
        byte[] all = bb.array();
        int pos = 24;
        int delivered = 0;
        while (pos + 16 <= all.length) {
            long sec = bb.getInt(pos) & 0xffff_ffffL;
            long frac = bb.getInt(pos + 4) & 0xffff_ffffL;
            int incl = bb.getInt(pos + 8);
            int frameOff = pos + 16;
            if (incl < 0 || frameOff + incl > all.length) {
                break;
            }
            long ns = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
            byte[] frame = new byte[incl];
            System.arraycopy(all, frameOff, frame, 0, incl);
            if (decode(linkType, ns, frame, h, t)) {
                delivered++;
            }
            pos = frameOff + incl;
        }
        return delivered;
    }

    private static boolean decode(int linkType, long ns, byte[] f, UdpHandler h, TcpHandler t) {
        int p;
        int etherType;
        switch (linkType) {
            case 1: // Ethernet
                if (f.length < 14) {
                    return false;
                }
                p = 12;
                etherType = u16(f, p);
                p += 2;
                while ((etherType == 0x8100 || etherType == 0x88a8) && p + 4 <= f.length) {
                    etherType = u16(f, p + 2);
                    p += 4;
                }
                if (etherType == 0x8864 && p + 8 <= f.length) {
                    // PPPoE session: 6-byte header, then the PPP protocol (0x0021 IPv4, 0x0057 IPv6)
                    int ppp = u16(f, p + 6);
                    etherType = ppp == 0x0021 ? 0x0800 : ppp == 0x0057 ? 0x86dd : 0;
                    p += 8;
                }
                break;
            case 113: // Linux SLL
                if (f.length < 16) {
                    return false;
                }
                etherType = u16(f, 14);
                p = 16;
                break;
            case 0: // BSD loopback, host byte order family
            case 109:
                if (f.length < 4) {
                    return false;
                }
                int fam = f[0] != 0 ? f[0] & 0xff : f[3] & 0xff;
                etherType = fam == 2 ? 0x0800 : 0x86dd;
                p = 4;
                break;
            case 101: // raw IP
            case 228:
            case 229:
                p = 0;
                etherType = f.length > 0 && (f[0] >> 4) == 6 ? 0x86dd : 0x0800;
                break;
            default:
                return false;
        }
        if (etherType == 0x0800) {
            return ipv4(ns, f, p, h, t);
        }
        if (etherType == 0x86dd) {
            return ipv6(ns, f, p, h, t);
        }
        return false;
    }

    private static boolean ipv4(long ns, byte[] f, int p, UdpHandler h, TcpHandler t) {
        if (p + 20 > f.length || (f[p] >> 4 & 0xf) != 4) {
            return false;
        }
        int ihl = (f[p] & 0xf) * 4;
        int total = u16(f, p + 2);
        int fragField = u16(f, p + 6);
        int proto = f[p + 9];
        if ((fragField & 0x3fff) != 0 || proto != 17 && proto != 6) {
            return false; // fragment, or neither UDP nor TCP
        }
        String src = quad(f, p + 12);
        String dst = quad(f, p + 16);
        int end = Math.min(f.length, p + total);
        return proto == 6 ? tcp(ns, f, p + ihl, end, src, dst, t) : udp(ns, f, p + ihl, end, src, dst, h);
    }

    private static boolean ipv6(long ns, byte[] f, int p, UdpHandler h, TcpHandler t) {
        if (p + 40 > f.length || (f[p] >> 4 & 0xf) != 6) {
            return false;
        }
        int next = f[p + 6] & 0xff;
        int end = Math.min(f.length, p + 40 + u16(f, p + 4));
        StringBuilder src = new StringBuilder();
        StringBuilder dst = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            src.append(i == 0 ? "" : ":").append(Integer.toHexString(u16(f, p + 8 + i)));
            dst.append(i == 0 ? "" : ":").append(Integer.toHexString(u16(f, p + 24 + i)));
        }
        int q = p + 40;
        for (int budget = 0; budget < 8 && (next == 0 || next == 43 || next == 60); budget++) {
            if (q + 8 > end) {
                return false;
            }
            next = f[q] & 0xff;
            q += (f[q + 1] & 0xff) * 8 + 8;
        }
        if (next == 6) {
            return tcp(ns, f, q, end, src.toString(), dst.toString(), t);
        }
        if (next != 17) {
            return false; // fragment header (44) and everything else
        }
        return udp(ns, f, q, end, src.toString(), dst.toString(), h);
    }

    private static boolean udp(long ns, byte[] f, int p, int end, String src, String dst, UdpHandler h) {
        if (p + 8 > end) {
            return false;
        }
        int len = Math.min(u16(f, p + 4), end - p) - 8;
        if (len < 0) {
            return false;
        }
        h.onUdp(ns, f, p + 8, len, src, u16(f, p), dst, u16(f, p + 2));
        return true;
    }

    private static boolean tcp(long ns, byte[] f, int p, int end, String src, String dst, TcpHandler t) {
        if (p + 20 > end) {
            return false;
        }
        int dataOff = ((f[p + 12] & 0xff) >>> 4) * 4;
        if (dataOff < 20 || p + dataOff > end) {
            return false;
        }
        long seq = ((long) u16(f, p + 4) << 16) | u16(f, p + 6);
        t.onTcp(ns, f, p + dataOff, end - p - dataOff, src, u16(f, p), dst, u16(f, p + 2), seq, f[p + 13] & 0xff);
        return true;
    }

    private static String quad(byte[] f, int i) {
        return (f[i] & 0xff) + "." + (f[i + 1] & 0xff) + "." + (f[i + 2] & 0xff) + "." + (f[i + 3] & 0xff);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }
}

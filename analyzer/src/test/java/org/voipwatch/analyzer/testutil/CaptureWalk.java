package org.voipwatch.analyzer.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.voipwatch.analyzer.decode.DecodeStatus;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.analyzer.util.IpAddresses;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.CaptureFiles;
import org.voipwatch.capture.source.CaptureReader;
import org.voipwatch.capture.source.PacketSource;

/**
 * Test-only: walks a capture file with the production reader ({@link CaptureFiles}: pcap, pcapng, gzip) and the
 * production {@link PacketDecoder} (VLAN, PPPoE, tunnels, IP reassembly), so that corpus tests check the protocol
 * parsers on what the pipeline itself would see, not on a walker of their own. Allocates freely (addresses as
 * strings); not for benchmarks. Owned by the calling test thread.
 */
public final class CaptureWalk {
    /** Every record: the slot read, the decoder's status code, the decoded packet. */
    public interface PacketHandler {
        void onPacket(PacketEvent slot, int status, DecodedPacket p);
    }

    /** Each UDP datagram: packet time in ns, the bytes holding it, payload range, and the flow. */
    public interface UdpHandler {
        void onUdp(long timeNs, byte[] buf, int off, int len, String src, int srcPort, String dst, int dstPort);
    }

    /** Each TCP segment: packet time, payload range, flow, sequence number of the payload, flags. */
    public interface TcpHandler {
        void onTcp(long timeNs, byte[] buf, int off, int len, String src, int srcPort, String dst, int dstPort,
                long seq, int flags);
    }

    private CaptureWalk() {
    }

    /**
     * True when the production reader takes the file (pcap or pcapng, maybe gzipped); false for formats it rejects
     * (Network Monitor, Sniffer...), which corpus tests then leave out.
     */
    public static boolean readable(Path file) {
        try (CaptureReader r = CaptureFiles.openReader(file)) {
            return r != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads and decodes every record; returns the number of records read (tshark's frame count). */
    public static long packets(Path file, PacketHandler h) throws IOException {
        return packets(file, new PacketDecoder(), h);
    }

    /** As {@link #packets(Path, PacketHandler)} with the caller's decoder (e.g. a small fragment reassembler). */
    public static long packets(Path file, PacketDecoder decoder, PacketHandler h) throws IOException {
        DecodedPacket p = new DecodedPacket();
        PacketEvent slot = new PacketEvent();
        long records = 0;
        try (PacketSource src = CaptureFiles.open(List.of(file))) {
            while (src.nextInto(slot)) {
                if (slot.kind != PacketEvent.KIND_PACKET) {
                    continue;
                }
                records++;
                h.onPacket(slot, decoder.decode(slot, p), p);
            }
        }
        return records;
    }

    /**
     * Delivers UDP datagrams whose headers decoded (a snaplen-cut one with its shortened payload); returns how
     * many were delivered.
     */
    public static int udp(Path file, UdpHandler h) throws IOException {
        int[] delivered = {0};
        packets(file, (slot, st, p) -> {
            if (p.isUdp() && hasPayloadView(st)) {
                delivered[0]++;
                h.onUdp(p.timestampNs, p.buffer, p.payloadOffset, p.payloadLength, src(p), p.srcPort, dst(p),
                        p.dstPort);
            }
        });
        return delivered[0];
    }

    /** Delivers TCP segments whose headers decoded; returns how many were delivered. */
    public static int tcp(Path file, TcpHandler h) throws IOException {
        int[] delivered = {0};
        packets(file, (slot, st, p) -> {
            if (p.isTcp() && hasPayloadView(st)) {
                delivered[0]++;
                h.onTcp(p.timestampNs, p.buffer, p.payloadOffset, p.payloadLength, src(p), p.srcPort, dst(p),
                        p.dstPort, p.tcpSeq, p.tcpFlags);
            }
        });
        return delivered[0];
    }

    private static boolean hasPayloadView(int status) {
        return status == DecodeStatus.OK || status == DecodeStatus.SNAPLEN_CUT;
    }

    public static String src(DecodedPacket p) {
        return IpAddresses.format(p.srcHi, p.srcLo);
    }

    public static String dst(DecodedPacket p) {
        return IpAddresses.format(p.dstHi, p.dstLo);
    }
}

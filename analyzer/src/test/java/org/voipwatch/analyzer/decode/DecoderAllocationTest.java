package org.voipwatch.analyzer.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.voipwatch.analyzer.decode.Frames.hex;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.LinkType;

/** The decode hot path allocates nothing per packet once warm (STYLE.md guideline 13's allocation guard). */
class DecoderAllocationTest {
    private static final int PACKETS = 1_000_000;

    @Test
    void decodingAMillionPacketsAllocatesNothing() {
        java.lang.management.ThreadMXBean plain = ManagementFactory.getThreadMXBean();
        assumeTrue(plain instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) plain;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "thread allocation counting not supported");
        mx.setThreadAllocatedMemoryEnabled(true);

        String eth = PacketDecoderTest.ETH_ADDRS;
        PacketEvent[] events = {
            event(LinkType.ETHERNET, eth + "08 00" + PacketDecoderTest.IPV4_UDP),
            event(LinkType.ETHERNET, eth + "81 00 00 64 86 dd"
                    + "60 00 00 00 00 18 06 3f"
                    + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                    + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                    + "13 c5 c0 01 00 00 00 0a 00 00 00 14 50 18 fa f0 00 00 00 00 41 42 43 44"),
            event(LinkType.LINUX_SLL, "00 00 00 01 00 06 00 00 5e 00 53 02 00 00 08 00"
                    + PacketDecoderTest.IPV4_UDP),
            // a fragmented datagram, so reassembly (pooled slots) is on the measured path too
            event(LinkType.IPV4, FragmentReassemblyTest.V4_F1),
            event(LinkType.IPV4, FragmentReassemblyTest.V4_F2),
            event(LinkType.IPV4, FragmentReassemblyTest.V4_F3),
            // encapsulations, including a tunnel holding no IP (the outer view is saved and restored)
            event(LinkType.ETHERNET, EncapsulationDecoderTest.PPPOE_IPV4),
            event(LinkType.ETHERNET, EncapsulationDecoderTest.GRE_ERSPAN2),
            event(LinkType.ETHERNET, EncapsulationDecoderTest.VXLAN),
            event(LinkType.ETHERNET, EncapsulationDecoderTest.GTPU_EXT),
            event(LinkType.ETHERNET, EncapsulationDecoderTest.MPLS),
            event(LinkType.ETHERNET, eth + "08 00" + EncapsulationDecoderTest.outer4(17, EncapsulationDecoderTest.udp(
                    1701, 1701, "40 02 00 14 00 01 00 02 ff 03 c0 21 09 01 00 08 00 00 00 00"))),
        };
        PacketDecoder decoder = new PacketDecoder(new FragmentReassembler(64, 65_535, 16, 30_000_000_000L));
        DecodedPacket out = new DecodedPacket();

        long checksum = run(decoder, out, events, 300_000);
        long tid = Thread.currentThread().getId();
        mx.getThreadAllocatedBytes(tid);
        long before = mx.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        checksum += run(decoder, out, events, PACKETS);
        long elapsedNs = System.nanoTime() - t0;
        long allocated = mx.getThreadAllocatedBytes(tid) - before;

        assertTrue(checksum > 0);
        assertEquals((300_000 + PACKETS) / events.length, decoder.reassembler().completedCount(), 1);
        double perPacket = (double) allocated / PACKETS;
        // informational only (no timing assertions in unit tests)
        System.out.printf("decode allocation: %d bytes for %d packets (%.6f B/packet), %.1f ns/packet%n",
                allocated, PACKETS, perPacket, (double) elapsedNs / PACKETS);
        assertTrue(perPacket < 0.01, "allocated " + allocated + " bytes for " + PACKETS + " packets");
    }

    private static long run(PacketDecoder decoder, DecodedPacket out, PacketEvent[] events, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            PacketEvent ev = events[i % events.length];
            ev.timestampNs += 1_000L;
            int st = decoder.decode(ev, out);
            if (st == DecodeStatus.OK) {
                sum += out.srcPort + out.payloadLength;
            }
        }
        return sum;
    }

    private static PacketEvent event(int linkType, String frame) {
        byte[] b = hex(frame);
        PacketEvent ev = new PacketEvent(256);
        ev.setPacket(1_000_000_000L, linkType, b, 0, b.length, b.length, 0, 1);
        return ev;
    }
}

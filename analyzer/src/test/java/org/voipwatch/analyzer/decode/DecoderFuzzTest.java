package org.voipwatch.analyzer.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voipwatch.analyzer.decode.Frames.hex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.LinkType;

/**
 * Any bytes give a status code and a payload view inside the buffer, never an exception: every truncation
 * of every valid test frame (cut by a snaplen and whole), random byte mutations, random bytes, and random
 * fragment streams. Seeded, so a failure reproduces.
 */
class DecoderFuzzTest {
    private static final int[] LINK_TYPES = {LinkType.NULL, LinkType.ETHERNET, LinkType.RAW, LinkType.LOOP,
        LinkType.LINUX_SLL, LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2, LinkType.RAW_ALT_12,
        LinkType.RAW_ALT_14, LinkType.PPP, LinkType.PPP_HDLC, LinkType.C_HDLC, 147, -1};

    private final PacketDecoder decoder = new PacketDecoder(new FragmentReassembler(16, 65_535, 8, 1_000_000_000L));
    private final DecodedPacket out = new DecodedPacket();
    private final PacketEvent ev = new PacketEvent(70_000);
    private long now = 1_000_000_000L;

    private static List<Object[]> validFrames() {
        String eth = PacketDecoderTest.ETH_ADDRS;
        List<Object[]> l = new ArrayList<>();
        l.add(new Object[] {LinkType.ETHERNET, eth + "08 00" + PacketDecoderTest.IPV4_UDP});
        l.add(new Object[] {LinkType.ETHERNET, eth + "81 00 00 64 08 00" + PacketDecoderTest.IPV4_UDP});
        l.add(new Object[] {LinkType.ETHERNET, eth + "88 a8 00 0a 81 00 20 c8 86 dd" + PacketDecoderTest.IPV6_UDP});
        l.add(new Object[] {LinkType.ETHERNET, eth + "08 00" + TruncatedFrameTest.IPV4_TCP_SYN});
        l.add(new Object[] {LinkType.LINUX_SLL, "00 00 00 01 00 06 00 00 5e 00 53 02 00 00 08 00"
                + PacketDecoderTest.IPV4_UDP});
        l.add(new Object[] {LinkType.LINUX_SLL2, "86 dd 00 00 00 00 00 03 00 01 04 06 00 00 5e 00 53 01 00 00"
                + PacketDecoderTest.IPV6_UDP});
        l.add(new Object[] {LinkType.NULL, "02 00 00 00" + PacketDecoderTest.IPV4_UDP});
        l.add(new Object[] {LinkType.NULL, "00 00 00 1e" + PacketDecoderTest.IPV6_UDP});
        l.add(new Object[] {LinkType.LOOP, "00 00 00 18" + PacketDecoderTest.IPV6_UDP});
        l.add(new Object[] {LinkType.RAW, PacketDecoderTest.IPV4_UDP});
        l.add(new Object[] {LinkType.RAW, PacketDecoderTest.IPV6_UDP});
        l.add(new Object[] {LinkType.IPV4, PacketDecoderTest.ICMP_PORT_UNREACHABLE});
        l.add(new Object[] {LinkType.IPV6, PacketDecoderTest.ICMPV6_UNREACHABLE});
        l.add(new Object[] {LinkType.IPV4, FragmentReassemblyTest.V4_F1});
        l.add(new Object[] {LinkType.IPV4, FragmentReassemblyTest.V4_F2});
        l.add(new Object[] {LinkType.IPV4, FragmentReassemblyTest.V4_F3});
        l.add(new Object[] {LinkType.IPV6, FragmentReassemblyTest.V6_F1});
        l.add(new Object[] {LinkType.IPV6, FragmentReassemblyTest.V6_F3});
        addEncapsulated(l);
        return l;
    }

    /** The tunnels of {@link EncapsulationDecoderTest}, so truncations and mutations reach every new path. */
    private static void addEncapsulated(List<Object[]> l) {
        String eth = PacketDecoderTest.ETH_ADDRS;
        String v4 = PacketDecoderTest.IPV4_UDP;
        String v6 = PacketDecoderTest.IPV6_UDP;
        l.add(new Object[] {LinkType.ETHERNET, EncapsulationDecoderTest.PPPOE_IPV4});
        l.add(new Object[] {LinkType.ETHERNET, eth + "88 a8 00 0a 81 00 00 64 88 64 11 00 12 34 00 21 21" + v4});
        l.add(new Object[] {LinkType.ETHERNET, EncapsulationDecoderTest.GRE_ERSPAN2});
        l.add(new Object[] {LinkType.ETHERNET, eth + "08 00" + EncapsulationDecoderTest.outer4(47,
                "10 00 22 eb 00 00 00 01 20 64 00 01 00 00 00 00 00 00 00 01 03 00 00 00 00 00 00 00"
                + eth + "08 00" + v4)});
        l.add(new Object[] {LinkType.ETHERNET, eth + "08 00" + EncapsulationDecoderTest.outer4(47,
                "b0 00 65 58 00 00 00 00 00 00 00 2a 00 00 00 07" + eth + "86 dd" + v6)});
        l.add(new Object[] {LinkType.ETHERNET, EncapsulationDecoderTest.PPTP});
        l.add(new Object[] {LinkType.ETHERNET, EncapsulationDecoderTest.MPLS});
        l.add(new Object[] {LinkType.ETHERNET, EncapsulationDecoderTest.VXLAN});
        l.add(new Object[] {LinkType.ETHERNET, EncapsulationDecoderTest.GTPU_EXT});
        l.add(new Object[] {LinkType.ETHERNET, EncapsulationDecoderTest.L2TP});
        l.add(new Object[] {LinkType.ETHERNET, eth + "86 dd" + EncapsulationDecoderTest.outer6(4, v4)});
        l.add(new Object[] {LinkType.RAW, EncapsulationDecoderTest.outer4(41, EncapsulationDecoderTest.outer6(47,
                "00 00 08 00" + EncapsulationDecoderTest.outer4(4, v4)))});
        l.add(new Object[] {LinkType.PPP, "ff 03 00 57" + v6});
        l.add(new Object[] {LinkType.PPP_HDLC, "0f 00 86 dd" + v6});
        l.add(new Object[] {LinkType.C_HDLC, "8f 00 88 64 11 00 00 01 00 22 00 21" + v4});
        // an IPv4 fragment carrying GRE, so reassembled data feeds a tunnel
        l.add(new Object[] {LinkType.ETHERNET, eth + "08 00" + EncapsulationDecoderTest.outer4(47,
                "00 00 08 00" + v4).replaceFirst("00 01 00 00 40 2f", "00 01 20 00 40 2f")});
    }

    private void check(int linkType, byte[] frame, int captured, int original) {
        now += 7_000_000L;
        ev.setPacket(now, linkType, frame, 0, captured, original, 0, 1);
        int st = decoder.decode(ev, out);
        assertTrue(st >= 0 && st < DecodeStatus.COUNT, () -> "status " + st);
        assertTrue(out.payloadLength >= 0 && out.payloadOffset >= 0, "payload view");
        if (out.buffer != null) {
            assertTrue(out.payloadOffset + out.payloadLength <= out.buffer.length, "payload inside buffer");
            if (out.buffer == ev.data) {
                assertTrue(out.payloadOffset + out.payloadLength <= captured, "payload inside the captured bytes");
            }
        }
    }

    @Test
    void everyTruncationOfEveryValidFrame() {
        for (Object[] f : validFrames()) {
            byte[] b = hex((String) f[1]);
            for (int n = 0; n <= b.length; n++) {
                check((Integer) f[0], b, n, b.length);
                check((Integer) f[0], b, n, n);
            }
        }
    }

    @Test
    void randomMutationsOfValidFrames() {
        Random rnd = new Random(0x5eed);
        List<Object[]> frames = validFrames();
        for (int i = 0; i < 40_000; i++) {
            Object[] f = frames.get(rnd.nextInt(frames.size()));
            byte[] b = hex((String) f[1]);
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            int captured = rnd.nextInt(4) == 0 ? rnd.nextInt(b.length + 1) : b.length;
            check((Integer) f[0], b, captured, rnd.nextBoolean() ? b.length : captured);
        }
    }

    @Test
    void randomTailsAfterValidHeaders() {
        Random rnd = new Random(0x7e11);
        List<Object[]> frames = validFrames();
        for (int i = 0; i < 40_000; i++) {
            Object[] f = frames.get(rnd.nextInt(frames.size()));
            byte[] b = hex((String) f[1]);
            // keep a valid prefix (outer headers, often a tunnel header) and randomize from there on
            for (int k = rnd.nextInt(b.length); k < b.length; k++) {
                b[k] = (byte) rnd.nextInt(256);
            }
            check((Integer) f[0], b, b.length, rnd.nextBoolean() ? b.length : b.length + rnd.nextInt(100));
        }
    }

    @Test
    void randomBytesOnEveryLinkType() {
        Random rnd = new Random(42);
        for (int i = 0; i < 30_000; i++) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            int linkType = LINK_TYPES[rnd.nextInt(LINK_TYPES.length)];
            // bias toward plausible IP so the deeper layers are reached
            if (b.length > 24 && rnd.nextBoolean()) {
                int ipAt = linkType == LinkType.ETHERNET ? 14 : linkType == LinkType.LINUX_SLL ? 16
                        : linkType == LinkType.LINUX_SLL2 ? 20 : linkType == LinkType.NULL
                        || linkType == LinkType.LOOP ? 4 : 0;
                if (ipAt < b.length) {
                    b[ipAt] = (byte) (rnd.nextBoolean() ? 0x45 : 0x60);
                }
            }
            check(linkType, b, b.length, rnd.nextBoolean() ? b.length : b.length + rnd.nextInt(100));
        }
    }

    @Test
    void randomFragmentStreams() {
        Random rnd = new Random(7);
        for (int i = 0; i < 30_000; i++) {
            int dataLen = 8 * rnd.nextInt(6) + (rnd.nextInt(5) == 0 ? rnd.nextInt(8) : 0);
            byte[] b = new byte[20 + dataLen];
            rnd.nextBytes(b);
            b[0] = 0x45;
            b[2] = (byte) (b.length >>> 8);
            b[3] = (byte) b.length;
            b[4] = 0;
            b[5] = (byte) rnd.nextInt(3);            // a few ids so datagrams collide and complete
            int offsetUnits = rnd.nextInt(8) == 0 ? rnd.nextInt(0x2000) : rnd.nextInt(6);
            int flags = rnd.nextBoolean() ? 0x2000 : 0;
            b[6] = (byte) ((flags | offsetUnits) >>> 8);
            b[7] = (byte) offsetUnits;
            b[9] = 17;
            for (int k = 12; k < 20; k++) {
                b[k] = (byte) (k < 16 ? 10 : 11);   // one src/dst pair: fragments of one datagram meet
            }
            check(LinkType.IPV4, b, b.length, b.length);
            if (rnd.nextInt(1000) == 0) {
                now += 40_000_000_000L;
            }
        }
        assertTrue(decoder.reassembler().completedCount() > 0, "some random datagrams completed");
        assertTrue(decoder.reassembler().overlapCount() > 0, "some overlapped");
    }
}

package org.voipwatch.analyzer.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voipwatch.analyzer.decode.Frames.hex;
import static org.voipwatch.analyzer.decode.Frames.repeat;

import org.junit.jupiter.api.Test;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.LinkType;

/**
 * A 48-byte UDP datagram (8-byte header, 40 bytes of data: 8 x 'a', 16 x 'b', 16 x 'c') sent as three
 * 16-byte fragments at offsets 0, 16, 32 (fragment offset field 0, 2, 4 in 8-byte units), over IPv4 and over
 * IPv6 with a hop-by-hop header in the unfragmentable part.
 */
class FragmentReassemblyTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static String v4(String id, String flagsOffset, String data) {
        return "45 00 00 24"              // IHL 5, total length 36 = 20 + 16
                + id + flagsOffset        // identification, flags + fragment offset
                + "40 11 00 00"           // TTL 64, UDP
                + "c0 00 02 01 c6 33 64 02" + data;
    }

    static final String UDP_HEADER = "13 c4 13 c6 00 30 00 00"; // 5060 -> 5062, UDP length 48
    static final String V4_F1 = v4("ab cd", "20 00", UDP_HEADER + repeat("61", 8));   // MF, offset 0
    static final String V4_F2 = v4("ab cd", "20 02", repeat("62", 16));              // MF, offset 2 -> 16 bytes
    static final String V4_F3 = v4("ab cd", "00 04", repeat("63", 16));              // last, offset 4 -> 32 bytes
    /** Overlaps F1 and F2: MF, offset 1 (8 bytes), 16 bytes. */
    static final String V4_OVERLAP = v4("ab cd", "20 01", repeat("78", 16));

    private static String v6(String offsetFlags, String data) {
        return "60 00 00 00 00 20 00 40"  // payload length 32 = 8 hop-by-hop + 8 fragment + 16, next header 0
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                + "2c 00 01 04 00 00 00 00" // hop-by-hop: next 44 (fragment), 8 bytes, PadN
                + "11 00" + offsetFlags    // fragment: next 17 (UDP), offset (13 bits) | M
                + "00 00 00 2a"            // identification 42
                + data;
    }

    static final String V6_F1 = v6("00 01", UDP_HEADER + repeat("61", 8));   // offset 0, M
    static final String V6_F2 = v6("00 11", repeat("62", 16));               // offset 2 units = 16, M
    static final String V6_F3 = v6("00 20", repeat("63", 16));               // offset 4 units = 32, last

    /** The frame with identification 0x000n instead of 0xabcd. */
    private static String withId(String frame, int n) {
        return frame.replace("ab cd", "00 0" + n);
    }

    private final DecodedPacket out = new DecodedPacket();
    private final PacketEvent ev = new PacketEvent(2048);

    private int feed(PacketDecoder decoder, int linkType, String frame, long timeNs) {
        byte[] b = hex(frame);
        ev.setPacket(timeNs, linkType, b, 0, b.length, b.length, 0, 1);
        return decoder.decode(ev, out);
    }

    private static PacketDecoder decoder(int maxDatagrams) {
        return new PacketDecoder(new FragmentReassembler(maxDatagrams, 65_535, 16, 30 * SECOND));
    }

    private void assertReassembledUdp() {
        assertTrue(out.reassembled);
        assertEquals(17, out.ipProtocol);
        assertEquals(5060, out.srcPort);
        assertEquals(5062, out.dstPort);
        assertNotSame(ev.data, out.buffer);
        assertEquals(40, out.payloadLength);
        for (int i = 0; i < 40; i++) {
            int expected = i < 8 ? 0x61 : i < 24 ? 0x62 : 0x63;
            assertEquals(expected, out.buffer[out.payloadOffset + i], "payload byte " + i);
        }
    }

    @Test
    void ipv4InOrder() {
        PacketDecoder d = decoder(8);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F1, T0));
        assertEquals(4, out.ipVersion);
        assertEquals(PacketDecoderTest.SRC_V4, out.srcLo);
        assertFalse(out.reassembled);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F2, T0 + MS));
        assertEquals(DecodeStatus.OK, feed(d, LinkType.IPV4, V4_F3, T0 + 2 * MS));
        assertReassembledUdp();
        assertEquals(PacketDecoderTest.DST_V4, out.dstLo);
        assertEquals(1, d.reassembler().completedCount());
        assertEquals(0, d.reassembler().activeCount());
    }

    @Test
    void ipv4OutOfOrder() {
        PacketDecoder d = decoder(8);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F3, T0));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F1, T0 + MS));
        assertEquals(DecodeStatus.OK, feed(d, LinkType.IPV4, V4_F2, T0 + 2 * MS));
        assertReassembledUdp();
        // and the first fragment last
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F2, T0 + 3 * MS));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F3, T0 + 4 * MS));
        assertEquals(DecodeStatus.OK, feed(d, LinkType.IPV4, V4_F1, T0 + 5 * MS));
        assertReassembledUdp();
        assertEquals(2, d.reassembler().completedCount());
    }

    @Test
    void ipv4WithDuplicate() {
        PacketDecoder d = decoder(8);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F1, T0));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F2, T0 + MS));
        assertEquals(DecodeStatus.FRAGMENT_DUPLICATE, feed(d, LinkType.IPV4, V4_F2, T0 + 2 * MS));
        assertEquals(DecodeStatus.OK, feed(d, LinkType.IPV4, V4_F3, T0 + 3 * MS));
        assertReassembledUdp();
        assertEquals(1, d.reassembler().duplicateCount());
        assertFalse(DecodeStatus.isAnomaly(DecodeStatus.FRAGMENT_DUPLICATE));
    }

    @Test
    void ipv4OverlapDropsTheDatagram() {
        PacketDecoder d = decoder(8);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F1, T0));
        assertEquals(DecodeStatus.FRAGMENT_OVERLAP, feed(d, LinkType.IPV4, V4_OVERLAP, T0 + MS));
        assertEquals(0, d.reassembler().activeCount());
        // the rest arrives but the first fragment is gone with the dropped datagram
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F2, T0 + 2 * MS));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F3, T0 + 3 * MS));
        assertEquals(1, d.reassembler().overlapCount());
        assertEquals(0, d.reassembler().completedCount());
    }

    @Test
    void incompleteDatagramExpiresOnTime() {
        PacketDecoder d = decoder(8);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F1, T0));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F2, T0 + MS));
        d.onTime(T0 + 29 * SECOND);
        assertEquals(0, d.reassembler().expiredCount());
        assertEquals(1, d.reassembler().activeCount());
        d.onTime(T0 + 30 * SECOND);
        assertEquals(1, d.reassembler().expiredCount());
        assertEquals(0, d.reassembler().activeCount());
        // the last fragment now starts a new, incomplete datagram
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F3, T0 + 30 * SECOND));
        assertEquals(0, d.reassembler().completedCount());
    }

    @Test
    void expiryFollowsPacketTimeWithoutTicks() {
        PacketDecoder d = decoder(8);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F1, T0));
        // an unrelated packet 31 s later sweeps the table
        assertEquals(DecodeStatus.OK, feed(d, LinkType.IPV4, PacketDecoderTest.IPV4_UDP, T0 + 31 * SECOND));
        assertEquals(1, d.reassembler().expiredCount());
        // lazily, on lookup, directly on the reassembler
        FragmentReassembler r = new FragmentReassembler(4, 65_535, 16, 30 * SECOND);
        byte[] data = new byte[16];
        assertEquals(DecodeStatus.FRAGMENT_PENDING, r.offer(4, 0, 1, 0, 2, 17, 7, data, 0, 16, 0, true, 17, T0));
        assertEquals(DecodeStatus.FRAGMENT_PENDING,
                r.offer(4, 0, 1, 0, 2, 17, 7, data, 0, 16, 16, false, 17, T0 + 30 * SECOND));
        assertEquals(1, r.expiredCount());
        assertEquals(0, r.completedCount());
    }

    @Test
    void eachDatagramExpiresOnItsOwnDeadline() {
        FragmentReassembler r = new FragmentReassembler(4, 65_535, 16, 30 * SECOND);
        byte[] data = new byte[16];
        r.offer(4, 0, 1, 0, 2, 17, 1, data, 0, 16, 0, true, 17, T0);
        r.offer(4, 0, 1, 0, 2, 17, 2, data, 0, 16, 0, true, 17, T0 + 20 * SECOND);
        r.expire(T0 + 30 * SECOND - 1);
        assertEquals(2, r.activeCount());
        r.expire(T0 + 30 * SECOND);
        assertEquals(1, r.activeCount());
        r.expire(T0 + 50 * SECOND - 1);
        assertEquals(1, r.activeCount());
        r.expire(T0 + 50 * SECOND);
        assertEquals(0, r.activeCount());
        assertEquals(2, r.expiredCount());
    }

    @Test
    void poolExhaustionEvictsTheOldest() {
        PacketDecoder d = decoder(2);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, withId(V4_F1, 1), T0));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, withId(V4_F1, 2), T0 + MS));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, withId(V4_F1, 3), T0 + 2 * MS));
        assertEquals(1, d.reassembler().evictedCount());
        assertEquals(2, d.reassembler().activeCount());
        // ids 2 and 3 still complete
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, withId(V4_F2, 2), T0 + 3 * MS));
        assertEquals(DecodeStatus.OK, feed(d, LinkType.IPV4, withId(V4_F3, 2), T0 + 4 * MS));
        assertReassembledUdp();
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, withId(V4_F2, 3), T0 + 5 * MS));
        assertEquals(DecodeStatus.OK, feed(d, LinkType.IPV4, withId(V4_F3, 3), T0 + 6 * MS));
        // id 1 lost its first fragment to the eviction
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, withId(V4_F2, 1), T0 + 7 * MS));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, withId(V4_F3, 1), T0 + 8 * MS));
        assertEquals(2, d.reassembler().completedCount());
    }

    @Test
    void differentIdentificationDoesNotMix() {
        PacketDecoder d = decoder(8);
        feed(d, LinkType.IPV4, V4_F1, T0);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F2.replace("ab cd", "ab ce"), T0));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F3.replace("ab cd", "ab ce"), T0));
        // same id, other source address
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4,
                V4_F2.replace("c0 00 02 01", "c0 00 02 09"), T0));
        assertEquals(0, d.reassembler().completedCount());
        assertEquals(3, d.reassembler().activeCount());
    }

    @Test
    void ipv6ThreeFragmentsInAndOutOfOrder() {
        PacketDecoder d = decoder(8);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV6, V6_F1, T0));
        assertEquals(6, out.ipVersion);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV6, V6_F2, T0 + MS));
        assertEquals(DecodeStatus.OK, feed(d, LinkType.IPV6, V6_F3, T0 + 2 * MS));
        assertReassembledUdp();
        assertEquals(6, out.ipVersion);
        assertEquals(PacketDecoderTest.V6_HI, out.srcHi);
        assertEquals(1, out.srcLo);
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV6, V6_F2, T0 + 3 * MS));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV6, V6_F3, T0 + 4 * MS));
        assertEquals(DecodeStatus.OK, feed(d, LinkType.IPV6, V6_F1, T0 + 5 * MS));
        assertReassembledUdp();
        // the same id from an IPv4 sender is another datagram
        assertEquals(2, d.reassembler().completedCount());
    }

    @Test
    void malformedFragments() {
        PacketDecoder d = decoder(8);
        // MF set and 12 bytes of data: not a multiple of 8 (total length 32)
        assertEquals(DecodeStatus.BAD_FRAGMENT, feed(d, LinkType.IPV4,
                v4("ab cd", "20 00", repeat("00", 12)).replaceFirst("00 24", "00 20"), T0));
        // offset 0x1fff units = 65528 bytes + 16 bytes of data > 65535
        assertEquals(DecodeStatus.FRAGMENT_TOO_LARGE,
                feed(d, LinkType.IPV4, v4("ab cd", "1f ff", repeat("00", 16)), T0));
        // a last fragment ending at 32, then one claiming data beyond it
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F3.replace("00 04", "00 02"), T0));
        assertEquals(DecodeStatus.BAD_FRAGMENT, feed(d, LinkType.IPV4, V4_F3, T0));
        // a snaplen-cut fragment cannot be reassembled
        byte[] f = hex(V4_F1);
        ev.setPacket(T0, LinkType.IPV4, f, 0, 30, f.length, 0, 1);
        assertEquals(DecodeStatus.SNAPLEN_CUT, d.decode(ev, out));
    }

    @Test
    void tooManyFragmentsAndDisabledReassembly() {
        PacketDecoder d = new PacketDecoder(new FragmentReassembler(4, 65_535, 2, 30 * SECOND));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F1, T0));
        assertEquals(DecodeStatus.FRAGMENT_PENDING, feed(d, LinkType.IPV4, V4_F2, T0));
        assertEquals(DecodeStatus.TOO_MANY_FRAGMENTS, feed(d, LinkType.IPV4, V4_F3, T0));
        assertEquals(0, d.reassembler().activeCount());
        PacketDecoder off = decoder(0);
        assertEquals(DecodeStatus.FRAGMENT_DROPPED, feed(off, LinkType.IPV4, V4_F1, T0));
        assertEquals(1, off.reassembler().droppedCount());
    }

    @Test
    void constructorRejectsBadLimits() {
        assertThrows(IllegalArgumentException.class, () -> new FragmentReassembler(-1, 1000, 4, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new FragmentReassembler(1, 70_000, 4, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new FragmentReassembler(1, 1000, 0, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new FragmentReassembler(1, 1000, 4, 0));
        FragmentReassembler r = new FragmentReassembler();
        assertEquals(1024, r.maxDatagrams());
        assertEquals(65_535, r.maxDatagramBytes());
        assertEquals(30 * SECOND, r.timeoutNs());
    }
}

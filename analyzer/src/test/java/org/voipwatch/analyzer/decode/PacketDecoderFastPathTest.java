package org.voipwatch.analyzer.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.CaptureWalk;
import org.voipwatch.analyzer.testutil.Captures;
import org.voipwatch.analyzer.testutil.Frames;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.LinkType;

/**
 * The decoder's common-case path (untagged Ethernet, IPv4 without options, UDP) must give exactly what the general
 * path gives: the same status and every field of {@link DecodedPacket}. Checked on mutated frames around the
 * conditions the common case tests (EtherType, version and header length, total length, fragment bits, protocol,
 * UDP length, tunnel ports, truncation and snaplen cuts) and on every frame of real captures.
 */
class PacketDecoderFastPathTest {
    private static final List<Field> FIELDS = Stream.of(DecodedPacket.class.getFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers())).collect(Collectors.toList());

    private final PacketDecoder fast = new PacketDecoder(new FragmentReassembler(64, 65_535, 64, 30_000_000_000L));
    private final PacketDecoder general = new PacketDecoder(new FragmentReassembler(64, 65_535, 64, 30_000_000_000L));
    private final DecodedPacket a = new DecodedPacket();
    private final DecodedPacket b = new DecodedPacket();
    private int fastTaken;

    PacketDecoderFastPathTest() {
        general.fastPath = false;
    }

    @Test
    void mutatedFramesDecodeAlikeBothWays() throws IllegalAccessException {
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;
        byte[] base = Frames.udp("10.1.2.3", 40000, "10.4.5.6", 30000, rtp);
        int[] offsets = {12, 13, 14, 16, 17, 20, 21, 22, 23, 34, 35, 36, 37, 38, 39};
        int[][] special = {{12, 0x81}, {13, 0x00}, {12, 0x86}, {13, 0xdd}, {14, 0x46}, {14, 0x65}, {14, 0x44},
                {20, 0x20}, {21, 0x01}, {20, 0x40}, {23, 6}, {23, 1}, {36, 0x12}, {37, 0xb5}, {36, 0x08},
                {37, 0x68}, {34, 0x06}, {35, 0xa5}, {36, 0x06}, {37, 0xa5}, {38, 0}, {39, 7},
                // payloads that make a tunnel port decapsulate: L2TPv2 data, VXLAN with a VNI, GTP-U G-PDU
                {42, 0x00}, {43, 0x02}, {42, 0x08}, {46, 0x01}, {42, 0x30}, {43, 0xff}};
        Random random = new Random(20261122);
        PacketEvent ev = new PacketEvent();
        for (int i = 0; i < 200_000; i++) {
            byte[] f = base.clone();
            int mutations = random.nextInt(6);
            for (int m = 0; m < mutations; m++) {
                if (random.nextBoolean()) {
                    int[] s = special[random.nextInt(special.length)];
                    f[s[0]] = (byte) s[1];
                } else {
                    f[offsets[random.nextInt(offsets.length)]] = (byte) random.nextInt(256);
                }
            }
            if (random.nextInt(4) == 0) { // lengths in the headers near the frame's real size
                int total = base.length - 14 + random.nextInt(9) - 4;
                f[16] = (byte) (total >>> 8);
                f[17] = (byte) total;
                int udpLen = total - 20 + random.nextInt(9) - 4;
                f[38] = (byte) (udpLen >>> 8);
                f[39] = (byte) udpLen;
            }
            int captured = random.nextInt(3) == 0 ? random.nextInt(f.length + 1) : f.length;
            int original = random.nextBoolean() ? f.length : captured;
            ev.setPacket(1_000_000_000L + i, LinkType.ETHERNET, f, 0, captured, original, 0, i + 1);
            compare(ev, "mutation " + i);
        }
        assertTrue(fastTaken > 20_000, "the common case was exercised: " + fastTaken);
    }

    /** UDP on a tunnel's port with a payload that is that tunnel: only the general path decapsulates it. */
    @Test
    void tunnelPortsTakeTheGeneralPath() throws IllegalAccessException {
        String l2tp = "40 02 00 2c 00 01 00 02 ff 03 00 21" + PacketDecoderTest.IPV4_UDP;
        String ip = PacketDecoderTest.ETH_ADDRS + "08 00";
        List<String> frames = List.of(EncapsulationDecoderTest.VXLAN, EncapsulationDecoderTest.GTPU_EXT,
                EncapsulationDecoderTest.L2TP,
                ip + EncapsulationDecoderTest.outer4(17, EncapsulationDecoderTest.udp(1701, 40000, l2tp)),
                ip + EncapsulationDecoderTest.outer4(17, EncapsulationDecoderTest.udp(40000, 1701, l2tp)));
        PacketEvent ev = new PacketEvent();
        for (String frame : frames) {
            byte[] f = org.voipwatch.analyzer.decode.Frames.hex(frame);
            ev.setPacket(1_000_000_000L, LinkType.ETHERNET, f, 0, f.length, f.length, 0, 1);
            compare(ev, frame);
            assertTrue(a.encapsulations != 0, "decapsulated: " + frame);
        }
    }

    @Test
    void captureFramesDecodeAlikeBothWays() throws IOException, IllegalAccessException {
        Path root = Captures.repoRoot();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root.resolve("scenarios"))) {
            files = s.filter(p -> p.toString().endsWith(".pcap")).sorted().collect(Collectors.toList());
        }
        Path shared = Captures.sharedPcaps();
        if (shared != null) {
            try (Stream<Path> s = Files.walk(shared)) {
                files.addAll(s.filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap)$")).filter(CaptureWalk::readable)
                        .sorted().limit(400).collect(Collectors.toList()));
            }
        }
        Assumptions.assumeTrue(!files.isEmpty(), "no captures");
        long frames = 0;
        for (Path file : files) {
            PacketEvent copy = new PacketEvent();
            long[] n = {0};
            CaptureWalk.packets(file, fast, (slot, status, p) -> {
                // decode the same frame with the general path; the walk's own decoder uses the common case
                copy.setPacket(slot.timestampNs, slot.linkType, slot.data, 0, slot.capturedLength, slot.originalLength,
                        slot.sourceIndex, slot.frameNumber);
                int st = general.decode(copy, b);
                try {
                    assertEquals(st, status, file + " frame " + slot.frameNumber + ": status");
                    for (Field f : FIELDS) {
                        if (f.getName().equals("buffer")) {
                            continue; // the same bytes in another array (the copy)
                        }
                        assertEquals(f.get(b), f.get(p), file + " frame " + slot.frameNumber + ": " + f.getName());
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                n[0]++;
            });
            frames += n[0];
        }
        assertTrue(frames > 1000, "frames compared: " + frames);
    }

    private void compare(PacketEvent ev, String what) throws IllegalAccessException {
        int before = fastTaken;
        int s1 = fast.decode(ev, a);
        int s2 = general.decode(ev, b);
        assertEquals(s2, s1, what + ": status");
        for (Field f : FIELDS) {
            if (f.getName().equals("buffer")) {
                // the frame itself, or (reassembled) each decoder's own reassembly buffer: then the same bytes
                if (b.reassembled) {
                    assertTrue(java.util.Arrays.equals(b.buffer, b.payloadOffset, b.payloadOffset + b.payloadLength,
                            a.buffer, a.payloadOffset, a.payloadOffset + a.payloadLength), what + ": payload");
                } else {
                    assertTrue(a.buffer == b.buffer, what + ": buffer");
                }
                continue;
            }
            assertEquals(f.get(b), f.get(a), what + ": " + f.getName());
        }
        if (s1 == DecodeStatus.OK && a.ipProtocol == 17 && a.payloadOffset == 42 && a.vlanId == -1) {
            fastTaken = before + 1;
        }
    }
}

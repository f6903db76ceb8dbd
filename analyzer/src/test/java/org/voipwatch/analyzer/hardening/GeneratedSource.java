package org.voipwatch.analyzer.hardening;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.source.LinkType;
import org.voipwatch.capture.source.PacketSource;

/**
 * A {@link PacketSource} that synthesises Ethernet/IPv4 frames on the fly (RFC 791 / 768 layouts, checksums
 * zero), so flood tests need no giant capture file. Subclasses say what packet {@code i} is; the builders write
 * into one reused buffer. Owned by the capture thread.
 */
abstract class GeneratedSource implements PacketSource {
    private final long count;
    private long next;
    protected final byte[] frame = new byte[2048];

    GeneratedSource(long count) {
        this.count = count;
    }

    /** Writes packet {@code i} into {@link #frame} and the slot (through {@link #emit}). */
    protected abstract void packet(long i, PacketEvent slot);

    /** Called on the capture thread after each packet, e.g. to sample a gauge. */
    protected void afterPacket(long i) {
    }

    @Override
    public boolean nextInto(PacketEvent slot) {
        if (next >= count) {
            return false;
        }
        packet(next, slot);
        afterPacket(next);
        next++;
        return true;
    }

    long emitted() {
        return next;
    }

    @Override
    public List<String> warnings() {
        return List.of();
    }

    @Override
    public void close() {
    }

    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** An Ethernet + IPv4 + UDP frame with {@code payload}; returns the frame length. */
    int udp(int src, int sport, int dst, int dport, byte[] payload) {
        int ipLen = 20 + 8 + payload.length;
        int o = ether(ipLen, 17, src, dst, 1, 0);
        putShort(o, sport);
        putShort(o + 2, dport);
        putShort(o + 4, 8 + payload.length);
        putShort(o + 6, 0);
        System.arraycopy(payload, 0, frame, o + 8, payload.length);
        return 14 + ipLen;
    }

    /**
     * An IPv4 fragment (RFC 791 §3.1): {@code moreFragments} and the offset in 8-byte units; the payload is
     * {@code dataBytes} bytes of whatever the buffer held (the reassembler does not look at it).
     */
    int fragment(int src, int dst, int ident, int offsetUnits, boolean moreFragments, int dataBytes) {
        int ipLen = 20 + dataBytes;
        ether(ipLen, 17, src, dst, ident, (moreFragments ? 0x2000 : 0) | offsetUnits);
        return 14 + ipLen;
    }

    private int ether(int ipLen, int proto, int src, int dst, int ident, int flagsFrag) {
        for (int i = 0; i < 12; i++) {
            frame[i] = 0;
        }
        frame[5] = 2;
        frame[11] = 1;
        putShort(12, 0x0800);
        frame[14] = 0x45;
        frame[15] = 0;
        putShort(16, ipLen);
        putShort(18, ident);
        putShort(20, flagsFrag);
        frame[22] = 64;
        frame[23] = (byte) proto;
        putShort(24, 0);
        putInt(26, src);
        putInt(30, dst);
        return 34;
    }

    void emit(PacketEvent slot, long timeNs, int length, long frameNumber) {
        slot.setPacket(timeNs, LinkType.ETHERNET, frame, 0, length, length, 0, frameNumber);
    }

    private void putShort(int o, int v) {
        frame[o] = (byte) (v >>> 8);
        frame[o + 1] = (byte) v;
    }

    private void putInt(int o, int v) {
        putShort(o, v >>> 16);
        putShort(o + 2, v);
    }
}

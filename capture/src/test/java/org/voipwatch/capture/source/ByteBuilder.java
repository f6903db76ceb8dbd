package org.voipwatch.capture.source;

import java.io.ByteArrayOutputStream;

/** Test helper: appends integers in a chosen byte order, to hand-build capture files field by field. */
final class ByteBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean bigEndian;

    ByteBuilder(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    ByteBuilder u8(int v) {
        out.write(v);
        return this;
    }

    ByteBuilder u16(int v) {
        if (bigEndian) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    ByteBuilder u32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (bigEndian ? 24 - 8 * i : 8 * i)));
        }
        return this;
    }

    ByteBuilder u64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (bigEndian ? 56 - 8 * i : 8 * i)));
        }
        return this;
    }

    ByteBuilder bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    ByteBuilder pad4() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }

    /** Frame bytes 0, 1, 2, ... (mod 256) plus {@code seed}, so every frame is recognisable. */
    static byte[] frame(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i + seed);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.write(p, 0, p.length);
        }
        return o.toByteArray();
    }

    /** A pcapng block: type, total length, body padded to 4, total length. */
    static byte[] block(boolean bigEndian, int type, byte[] body) {
        int padded = (body.length + 3) & ~3;
        ByteBuilder b = new ByteBuilder(bigEndian).u32(type).u32(12 + padded).bytes(body).pad4();
        return b.u32(12 + padded).toArray();
    }

    static byte[] shb(boolean bigEndian) {
        return block(bigEndian, 0x0A0D0D0A, new ByteBuilder(bigEndian).u32(0x1A2B3C4D).u16(1).u16(0)
                .u64(-1L).toArray());
    }

    /** IDB with optional if_tsresol (-1: none) and if_tsoffset (0: none). */
    static byte[] idb(boolean bigEndian, int linkType, int tsresol, long tsoffsetSeconds) {
        return idb(bigEndian, linkType, tsresol, tsoffsetSeconds, 0);
    }

    static byte[] idb(boolean bigEndian, int linkType, int tsresol, long tsoffsetSeconds, int snaplen) {
        ByteBuilder b = new ByteBuilder(bigEndian).u16(linkType).u16(0).u32(snaplen);
        if (tsresol >= 0) {
            b.u16(9).u16(1).u8(tsresol).pad4();
        }
        if (tsoffsetSeconds != 0) {
            b.u16(14).u16(8).u64(tsoffsetSeconds);
        }
        if (tsresol >= 0 || tsoffsetSeconds != 0) {
            b.u16(0).u16(0);
        }
        return block(bigEndian, 1, b.toArray());
    }

    static byte[] epb(boolean bigEndian, int iface, long units, byte[] data, int origLen) {
        ByteBuilder b = new ByteBuilder(bigEndian).u32(iface).u32(units >>> 32).u32(units & 0xffffffffL)
                .u32(data.length).u32(origLen).bytes(data).pad4();
        // an option (opt_comment "hi") after the data, which the reader must step over
        b.u16(1).u16(2).u8('h').u8('i').pad4().u16(0).u16(0);
        return block(bigEndian, 6, b.toArray());
    }

    static byte[] spb(boolean bigEndian, byte[] data, int origLen) {
        return block(bigEndian, 3, new ByteBuilder(bigEndian).u32(origLen).bytes(data).pad4().toArray());
    }

    static byte[] pb(boolean bigEndian, int iface, long units, byte[] data) {
        ByteBuilder b = new ByteBuilder(bigEndian).u16(iface).u16(0).u32(units >>> 32).u32(units & 0xffffffffL)
                .u32(data.length).u32(data.length).bytes(data).pad4();
        return block(bigEndian, 2, b.toArray());
    }
}

package org.voipwatch.analyzer.decode;

/** Big-endian (network order) and little-endian reads from a byte array; callers check the bounds first. */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    // Written as two 16-bit reads: 16 bytes of bytecode instead of 47, under C1's 35-byte inlining limit (offline
    // analysis runs C1 only, where a call that is not inlined costs a few ns; IPv4 reads two of these per packet).

    static int u32(byte[] b, int at) {
        return (u16(b, at) << 16) | u16(b, at + 2);
    }

    static int u32Le(byte[] b, int at) {
        return (u16Le(b, at + 2) << 16) | u16Le(b, at);
    }

    static int u16Le(byte[] b, int at) {
        return ((b[at + 1] & 0xff) << 8) | (b[at] & 0xff);
    }

    static long u64(byte[] b, int at) {
        return ((long) u32(b, at) << 32) | (u32(b, at + 4) & 0xffff_ffffL);
    }
}

package org.voipwatch.analyzer.decode;

/**
 * L2TP version 2 header (RFC 2661 section 3.1), UDP port 1701; a data message (T = 0) carries a PPP frame,
 * which is how DSL operators carry subscribers' PPP sessions from the access concentrator to the LNS.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length (opt)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Tunnel ID           |           Session ID          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Ns (opt)          |             Nr (opt)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Offset Size (opt)        |    Offset pad... (opt)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Ver = 2 (3 is L2TPv3, not decoded). Length (when L) counts the whole message from the first byte; Offset
 * Size counts the pad bytes after it. {@link #headerLength()} needs {@link #MIN_LENGTH} bytes and may
 * exceed the window for a short packet; the caller checks. Owned by the analyzer thread.
 */
public final class L2tpHeader extends Flyweight {
    public static final int FLAGS_VERSION_OFFSET = 0;
    public static final int MIN_LENGTH = 6;
    public static final int UDP_PORT = 1701;

    public static final int FLAG_T = 0x8000;
    public static final int FLAG_L = 0x4000;
    public static final int FLAG_S = 0x0800;
    public static final int FLAG_O = 0x0200;
    public static final int VERSION_MASK = 0x000f;
    public static final int VERSION_2 = 2;

    public int flagsVersion() {
        return u16(FLAGS_VERSION_OFFSET);
    }

    public boolean isDataV2() {
        int f = flagsVersion();
        return (f & FLAG_T) == 0 && (f & VERSION_MASK) == VERSION_2;
    }

    public boolean hasLength() {
        return (flagsVersion() & FLAG_L) != 0;
    }

    /** The Length field (needs L and {@link #MIN_LENGTH} bytes). */
    public int messageLength() {
        return u16(2);
    }

    /**
     * Bytes up to the PPP frame: the fixed fields, the optional ones the flags announce and the offset pad,
     * or -1 when the Offset Size field itself is beyond the window.
     */
    public int headerLength() {
        int f = flagsVersion();
        int n = 6 + ((f & FLAG_L) != 0 ? 2 : 0) + ((f & FLAG_S) != 0 ? 4 : 0);
        if ((f & FLAG_O) == 0) {
            return n;
        }
        if (n + 2 > length) {
            return -1;
        }
        return n + 2 + u16(n);
    }
}

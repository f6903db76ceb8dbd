package org.voipwatch.analyzer.protocol.sip;

import java.nio.charset.StandardCharsets;

/**
 * SIP method codes and their classification from bytes. Method names are case-sensitive (RFC 3261 §7.1), so the
 * comparison is exact. Stateless after class initialisation; any thread.
 */
public final class SipMethod {
    /** An extension method (RFC 4475 "intmeth"); its text is in {@link SipMessage#methodOffset()}. */
    public static final int OTHER = 0;
    public static final int INVITE = 1;
    public static final int ACK = 2;
    public static final int BYE = 3;
    public static final int CANCEL = 4;
    public static final int REGISTER = 5;
    public static final int OPTIONS = 6;
    public static final int UPDATE = 7;
    public static final int PRACK = 8;
    public static final int INFO = 9;
    public static final int REFER = 10;
    public static final int NOTIFY = 11;
    public static final int SUBSCRIBE = 12;
    public static final int MESSAGE = 13;
    public static final int PUBLISH = 14;
    /** One past the largest code: size of per-method counter arrays. */
    public static final int COUNT = 15;

    private static final String[] NAMES = {"OTHER", "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS",
        "UPDATE", "PRACK", "INFO", "REFER", "NOTIFY", "SUBSCRIBE", "MESSAGE", "PUBLISH"};
    private static final byte[][] BYTES = new byte[COUNT][];

    static {
        for (int i = 1; i < COUNT; i++) {
            BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private SipMethod() {
    }

    /** Upper-case method name of a code ("OTHER" for extension methods). */
    public static String name(int code) {
        return code >= 0 && code < COUNT ? NAMES[code] : NAMES[OTHER];
    }

    /** Code of the method token at {@code buf[off, off+len)}; {@link #OTHER} when not a known method. */
    public static int classify(byte[] buf, int off, int len) {
        if (len < 3 || len > 9) {
            return OTHER;
        }
        for (int code = 1; code < COUNT; code++) {
            byte[] m = BYTES[code];
            if (m.length == len && m[0] == buf[off] && equalsAt(buf, off, m)) {
                return code;
            }
        }
        return OTHER;
    }

    /** True when {@code buf[off..]} starts with a known method name followed by a space. */
    static boolean startsWithKnownMethod(byte[] buf, int off, int len) {
        for (int code = 1; code < COUNT; code++) {
            byte[] m = BYTES[code];
            if (len > m.length && buf[off + m.length] == ' ' && equalsAt(buf, off, m)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsAt(byte[] buf, int off, byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (buf[off + i] != m[i]) {
                return false;
            }
        }
        return true;
    }
}

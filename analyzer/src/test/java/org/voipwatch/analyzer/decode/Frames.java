package org.voipwatch.analyzer.decode;

import org.voipwatch.capture.ring.PacketEvent;

/** Test helpers: hex literals to bytes, bytes to ring slots. */
final class Frames {
    private Frames() {
    }

    /** Parses hex digits, ignoring whitespace. */
    static byte[] hex(String text) {
        String s = text.replaceAll("\\s+", "");
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + s.length());
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** {@code n} copies of one byte, as hex. */
    static String repeat(String hexByte, int n) {
        return (hexByte + " ").repeat(n);
    }

    static PacketEvent event(int linkType, byte[] frame) {
        return event(linkType, frame, frame.length, frame.length, 1_000_000_000L);
    }

    static PacketEvent event(int linkType, byte[] frame, int captured, int original, long timestampNs) {
        PacketEvent ev = new PacketEvent(Math.max(16, frame.length));
        ev.setPacket(timestampNs, linkType, frame, 0, captured, original, 0, 1);
        return ev;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] prefix(byte[] frame, int n) {
        byte[] out = new byte[n];
        System.arraycopy(frame, 0, out, 0, n);
        return out;
    }
}

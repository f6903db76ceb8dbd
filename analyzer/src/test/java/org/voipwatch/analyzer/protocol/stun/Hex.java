package org.voipwatch.analyzer.protocol.stun;

import java.io.ByteArrayOutputStream;

/** Test helper: bytes from RFC-style hex dumps ("00 01 00 58     Request type..."; leading hex pairs per line). */
final class Hex {
    private Hex() {
    }

    static byte[] rfcDump(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            for (String token : line.trim().split("\\s+")) {
                if (!token.matches("[0-9a-fA-F]{2}")) {
                    break;
                }
                out.write(Integer.parseInt(token, 16));
            }
        }
        return out.toByteArray();
    }

    static byte[] of(String hex) {
        String s = hex.replaceAll("[^0-9a-fA-F]", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}

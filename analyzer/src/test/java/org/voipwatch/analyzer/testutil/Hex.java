package org.voipwatch.analyzer.testutil;

import java.io.ByteArrayOutputStream;

/** Test helper: bytes from hex written by hand or copied from an RFC. */
public final class Hex {
    private Hex() {
    }

    /**
     * Bytes from an annotated dump, RFC style: on each line the leading hex pairs, then anything (a comment), e.g.
     * {@code "00 01 00 58     Request type and message length"}.
     */
    public static byte[] dump(String text) {
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

    /** Bytes from hex digits; every other character is ignored. */
    public static byte[] of(String hex) {
        String s = hex.replaceAll("[^0-9a-fA-F]", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}

package org.voipwatch.analyzer.classify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code hosts:} patterns of a matrix's roles, compiled to bytes for matching DNS names without allocation.
 * Immutable; any thread.
 *
 * <p>Semantics (docs/matrix.md): matching is ASCII case-insensitive and ignores one trailing dot. A plain pattern
 * {@code sip.example.net} matches that name only. A wildcard pattern {@code *.example.net} matches any name with
 * <b>one or more</b> labels in front of {@code example.net} ({@code a.example.net}, {@code a.b.example.net}) but
 * not {@code example.net} itself. One or more, because vendor tables use {@code *.domain} for "anything the vendor
 * runs under that domain" (Azure blob hosts are one label deep, service hosts of a cloud often two), the way
 * firewall wildcard-FQDN objects are usually read; the apex is a different host and must be listed on its own.
 */
public final class HostPatterns {
    /** Pattern text without "*." in lower case; for a wildcard the suffix starts with the dot (".example.net"). */
    private final byte[][] suffix;
    private final boolean[] wildcard;
    private final long[] roleBits;

    private HostPatterns(List<byte[]> suffixes, List<Boolean> wild, List<Long> bits) {
        int n = suffixes.size();
        suffix = suffixes.toArray(new byte[0][]);
        wildcard = new boolean[n];
        roleBits = new long[n];
        for (int i = 0; i < n; i++) {
            wildcard[i] = wild.get(i);
            roleBits[i] = bits.get(i);
        }
    }

    /** The patterns of every role of {@code m}. */
    public static HostPatterns of(FlowMatrix m) {
        List<byte[]> s = new ArrayList<>();
        List<Boolean> w = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        for (Role r : m.roles()) {
            for (String p : r.hostPatterns()) {
                String t = p.toLowerCase(Locale.ROOT);
                if (t.endsWith(".")) {
                    t = t.substring(0, t.length() - 1);
                }
                boolean wild = t.startsWith("*.");
                s.add((wild ? t.substring(1) : t).getBytes(StandardCharsets.US_ASCII));
                w.add(wild);
                b.add(r.bit());
            }
        }
        return new HostPatterns(s, w, b);
    }

    public boolean isEmpty() {
        return suffix.length == 0;
    }

    public int size() {
        return suffix.length;
    }

    /**
     * Role bits of every pattern matching the name in {@code name[off, off+len)}, which must already be lower case
     * (as {@code DnsMessage.readName} and {@code TlsClientHello.copyName} write it); 0 when none.
     */
    public long match(byte[] name, int off, int len) {
        if (len > 0 && name[off + len - 1] == '.') {
            len--;
        }
        long bits = 0;
        for (int i = 0; i < suffix.length; i++) {
            byte[] s = suffix[i];
            if (wildcard[i] ? len > s.length && endsWith(name, off, len, s) : len == s.length
                    && endsWith(name, off, len, s)) {
                bits |= roleBits[i];
            }
        }
        return bits;
    }

    /** Convenience for tests and the CLI: matches a String. */
    public long match(String name) {
        byte[] b = name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return match(b, 0, b.length);
    }

    private static boolean endsWith(byte[] name, int off, int len, byte[] s) {
        int start = off + len - s.length;
        for (int i = 0; i < s.length; i++) {
            if (name[start + i] != s[i]) {
                return false;
            }
        }
        return true;
    }
}

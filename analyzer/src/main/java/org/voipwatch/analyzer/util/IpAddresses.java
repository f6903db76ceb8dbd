package org.voipwatch.analyzer.util;

/**
 * 128-bit addresses as two longs (IPv4 mapped to {@code ::ffff:a.b.c.d}); formatting and parsing happen
 * only off the hot path (events, configuration).
 */
public final class IpAddresses {
    public static final long V4_MAPPED_PREFIX = 0x0000_ffff_0000_0000L;

    private IpAddresses() {
    }

    public static long v4Lo(int ipv4) {
        return V4_MAPPED_PREFIX | (ipv4 & 0xffff_ffffL);
    }

    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == V4_MAPPED_PREFIX;
    }

    /** Dotted quad for IPv4-mapped addresses, RFC 5952 text for IPv6. */
    public static String format(long hi, long lo) {
        StringBuilder sb = new StringBuilder(40);
        appendTo(sb, hi, lo);
        return sb.toString();
    }

    public static void appendTo(StringBuilder sb, long hi, long lo) {
        if (isV4(hi, lo)) {
            sb.append((lo >>> 24) & 0xff).append('.').append((lo >>> 16) & 0xff).append('.')
                    .append((lo >>> 8) & 0xff).append('.').append(lo & 0xff);
            return;
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        // RFC 5952: compress the longest run (>= 2) of zero groups, leftmost on ties
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLen) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
    }

    /**
     * Parses an IPv4 or IPv6 literal into {hi, lo}; returns null when it is not one. Not for the hot path.
     */
    public static long[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') < 0) {
            int v4 = parseV4(s);
            return v4 == -1 && !"255.255.255.255".equals(s) ? null : new long[] {0, v4Lo(v4)};
        }
        return parseV6(s);
    }

    private static int parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return -1;
            }
            int n;
            try {
                n = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                return -1;
            }
            if (n < 0 || n > 255) {
                return -1;
            }
            v = (v << 8) | n;
        }
        return v;
    }

    private static long[] parseV6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        int[] groups = new int[8];
        int dbl = s.indexOf("::");
        if (dbl != s.lastIndexOf("::") && dbl >= 0) {
            return null;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] h = groupsOf(head);
        int[] t = groupsOf(tail);
        if (h == null || t == null) {
            return null;
        }
        if (dbl < 0 && h.length != 8) {
            return null;
        }
        if (dbl >= 0 && h.length + t.length > 7) {
            return null;
        }
        System.arraycopy(h, 0, groups, 0, h.length);
        System.arraycopy(t, 0, groups, 8 - t.length, t.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        return new long[] {hi, lo};
    }

    /** Hex groups of one side of "::"; a trailing dotted quad counts as two groups. */
    private static int[] groupsOf(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] items = part.split(":", -1);
        int extra = items[items.length - 1].indexOf('.') >= 0 ? 1 : 0;
        int[] out = new int[items.length + extra];
        for (int i = 0; i < items.length; i++) {
            String it = items[i];
            if (i == items.length - 1 && extra == 1) {
                int v4 = parseV4(it);
                if (v4 == -1 && !"255.255.255.255".equals(it)) {
                    return null;
                }
                out[i] = (v4 >>> 16) & 0xffff;
                out[i + 1] = v4 & 0xffff;
                continue;
            }
            if (it.isEmpty() || it.length() > 4) {
                return null;
            }
            try {
                out[i] = Integer.parseInt(it, 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }
}

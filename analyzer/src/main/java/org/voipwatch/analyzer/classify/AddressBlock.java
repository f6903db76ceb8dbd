package org.voipwatch.analyzer.classify;

import org.voipwatch.analyzer.util.IpAddresses;

/** A CIDR block over 128-bit addresses (IPv4 blocks are stored as IPv4-mapped IPv6, prefix + 96). */
public final class AddressBlock {
    private final long hi;
    private final long lo;
    private final int prefix;
    private final long maskHi;
    private final long maskLo;
    private final String text;

    private AddressBlock(long hi, long lo, int prefix, String text) {
        this.prefix = prefix;
        this.maskHi = prefix >= 64 ? -1L : (prefix == 0 ? 0 : -1L << (64 - prefix));
        this.maskLo = prefix <= 64 ? 0 : (prefix == 128 ? -1L : -1L << (128 - prefix));
        this.hi = hi & maskHi;
        this.lo = lo & maskLo;
        this.text = text;
    }

    /** Parses "198.51.100.0/24", "2001:db8::/32" or a single address; null when malformed. */
    public static AddressBlock parse(String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        long[] a = IpAddresses.parse(addr);
        if (a == null) {
            return null;
        }
        boolean v4 = addr.indexOf(':') < 0;
        int max = v4 ? 32 : 128;
        int p = max;
        if (slash >= 0) {
            try {
                p = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (p < 0 || p > max) {
                return null;
            }
        }
        return new AddressBlock(a[0], a[1], v4 ? p + 96 : p, s);
    }

    public boolean contains(long addrHi, long addrLo) {
        return (addrHi & maskHi) == hi && (addrLo & maskLo) == lo;
    }

    /** Prefix length over 128 bits (IPv4 /24 is 120). */
    public int prefix128() {
        return prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}

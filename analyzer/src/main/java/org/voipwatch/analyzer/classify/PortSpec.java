package org.voipwatch.analyzer.classify;

import java.util.List;

/**
 * Parses one port entry of a matrix service: {@code "udp 5060"}, {@code "tcp 30000-34999"},
 * {@code "udp+tcp 3478"} (shorthand for one entry per transport) or {@code "icmp"} (no port). Start-up only.
 */
final class PortSpec {
    static final int MIN_PORT = 1;
    static final int MAX_PORT = 65535;

    private PortSpec() {
    }

    /** Appends (transport bit, low, high) triples to {@code out}; returns null when valid, else the problem. */
    static String parse(String spec, List<Integer> out) {
        String[] parts = spec.trim().split("\\s+");
        if (parts.length > 2 || parts[0].isEmpty()) {
            return "expected TRANSPORT PORT or TRANSPORT LOW-HIGH";
        }
        String[] transports = parts[0].split("\\+", -1);
        int low = 0;
        int high = 0;
        boolean icmp = false;
        boolean ported = false;
        for (String t : transports) {
            int bit = Transport.parse(t);
            if (bit == 0) {
                return "unknown transport '" + t + "', use tcp, udp, sctp, icmp";
            }
            icmp |= bit == Transport.ICMP;
            ported |= bit != Transport.ICMP;
        }
        if (icmp && ported) {
            return "icmp cannot be combined with a ported transport";
        }
        if (icmp && parts.length == 2) {
            return "icmp takes no port";
        }
        if (ported) {
            if (parts.length < 2) {
                return "missing port or range";
            }
            String range = parts[1];
            int dash = range.indexOf('-');
            try {
                low = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                high = dash < 0 ? low : Integer.parseInt(range.substring(dash + 1));
            } catch (NumberFormatException e) {
                return "'" + range + "' is not a port or LOW-HIGH range";
            }
            if (low < MIN_PORT || low > MAX_PORT) {
                return "port " + low + " outside 1-65535";
            }
            if (high < MIN_PORT || high > MAX_PORT) {
                return "port " + high + " outside 1-65535";
            }
            if (low > high) {
                return "low port " + low + " above high port " + high;
            }
        }
        for (String t : transports) {
            out.add(Transport.parse(t));
            out.add(low);
            out.add(high);
        }
        return null;
    }
}

package org.voipwatch.analyzer.classify;


/**
 * A named set of transport + port ranges and the application it carries ("sip", "rtp", "stun", "https"...).
 * For ICMP services the ports are ignored.
 */
public final class Service {
    private final String name;
    private final String application;
    /** Per entry: transport mask bit, low port, high port (triples). */
    private final int[] entries;

    public Service(String name, String application, int[] entries) {
        if (entries.length % 3 != 0) {
            throw new IllegalArgumentException("entries are (transport, low, high) triples");
        }
        this.name = name;
        this.application = application;
        this.entries = entries.clone();
    }

    public String name() {
        return name;
    }

    public String application() {
        return application;
    }

    /** True when the service allows this transport bit (see {@link Transport}) and port. */
    public boolean allows(int transportBit, int port) {
        for (int i = 0; i < entries.length; i += 3) {
            if (entries[i] == transportBit && (transportBit == Transport.ICMP
                    || (port >= entries[i + 1] && port <= entries[i + 2]))) {
                return true;
            }
        }
        return false;
    }

    public int transportMask() {
        int m = 0;
        for (int i = 0; i < entries.length; i += 3) {
            m |= entries[i];
        }
        return m;
    }

    public int entryCount() {
        return entries.length / 3;
    }

    public int entryTransport(int i) {
        return entries[3 * i];
    }

    public int entryLow(int i) {
        return entries[3 * i + 1];
    }

    public int entryHigh(int i) {
        return entries[3 * i + 2];
    }

    /** "udp 30000-34999, tcp 5060". */
    public String portsText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < entryCount(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Transport.maskText(entryTransport(i)));
            if (entryTransport(i) != Transport.ICMP) {
                sb.append(' ').append(entryLow(i));
                if (entryHigh(i) != entryLow(i)) {
                    sb.append('-').append(entryHigh(i));
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name + "(" + application + ": " + portsText() + ")";
    }
}

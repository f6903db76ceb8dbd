package org.voipwatch.analyzer.event;

import org.voipwatch.analyzer.decode.DecodedPacket;

/**
 * One event on its way from the analyzer thread to the sinks: a preallocated slot of the event ring. The
 * common members are typed fields; type-specific members go into {@link #fields}. The sink thread turns it
 * into JSON (see docs/events.md). Flow events name the initiator as src and the responder as dst.
 */
public final class MonitorEvent {
    public String type;
    public String severity;
    public long timeNs;
    /** Transport name ("udp", "tcp", "icmp"...), or null. */
    public String proto;
    public boolean hasAddresses;
    public long srcHi;
    public long srcLo;
    public int srcPort;
    public long dstHi;
    public long dstLo;
    public int dstPort;
    public String srcRole;
    public String dstRole;
    /** Matrix rule id, or null when no rule documents the flow. */
    public String rule;
    public String reason;
    /** Kafka key: the Call-ID for call events, else null (the sink derives a canonical flow key). */
    public String key;
    public final JsonFields fields = new JsonFields();

    public void clear() {
        type = null;
        severity = null;
        timeNs = 0;
        proto = null;
        hasAddresses = false;
        srcHi = srcLo = dstHi = dstLo = 0;
        srcPort = dstPort = 0;
        srcRole = dstRole = null;
        rule = null;
        reason = null;
        key = null;
        fields.clear();
    }

    /** Sets the flow members from a decoded packet, sender as src. */
    public MonitorEvent flowFrom(DecodedPacket p) {
        hasAddresses = true;
        srcHi = p.srcHi;
        srcLo = p.srcLo;
        srcPort = p.srcPort;
        dstHi = p.dstHi;
        dstLo = p.dstLo;
        dstPort = p.dstPort;
        return this;
    }

    public MonitorEvent flow(long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        hasAddresses = true;
        srcHi = sHi;
        srcLo = sLo;
        srcPort = sPort;
        dstHi = dHi;
        dstLo = dLo;
        dstPort = dPort;
        return this;
    }

    /** Copies every member from another event (used when a full ring hands out a scratch slot). */
    public void copyFrom(MonitorEvent o) {
        type = o.type;
        severity = o.severity;
        timeNs = o.timeNs;
        proto = o.proto;
        hasAddresses = o.hasAddresses;
        srcHi = o.srcHi;
        srcLo = o.srcLo;
        srcPort = o.srcPort;
        dstHi = o.dstHi;
        dstLo = o.dstLo;
        dstPort = o.dstPort;
        srcRole = o.srcRole;
        dstRole = o.dstRole;
        rule = o.rule;
        reason = o.reason;
        key = o.key;
        fields.clear();
        if (!o.fields.isEmpty()) {
            fields.putRawMembers(o.fields.text());
        }
    }
}

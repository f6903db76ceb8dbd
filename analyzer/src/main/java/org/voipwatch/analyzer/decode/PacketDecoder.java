package org.voipwatch.analyzer.decode;

import org.voipwatch.capture.ring.PacketEvent;

/**
 * Decodes a ring slot's frame (link layer → IP → transport) into a reused {@link DecodedPacket}.
 * STUB: to be replaced by the real decoder (link types, IPv4/IPv6, UDP/TCP/ICMP, fragment reassembly).
 * Owned by the analyzer thread.
 */
public final class PacketDecoder {
    /** Fills {@code out} and returns a {@link DecodeStatus} code. Never throws, never allocates. */
    public int decode(PacketEvent ev, DecodedPacket out) {
        out.clear();
        out.timestampNs = ev.timestampNs;
        out.frameNumber = ev.frameNumber;
        out.sourceIndex = ev.sourceIndex;
        out.wireLength = ev.originalLength;
        return DecodeStatus.NOT_IP;
    }

    /** Expires incomplete fragment reassemblies older than the timeout (packet time). */
    public void onTime(long nowNs) {
    }
}

package org.voipwatch.analyzer.track.dns;

import java.util.Arrays;

import org.voipwatch.analyzer.classify.HostPatterns;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.pipeline.AnalysisContext;
import org.voipwatch.analyzer.pipeline.PacketAnalyzer;
import org.voipwatch.analyzer.protocol.dns.DnsMessage;
import org.voipwatch.analyzer.protocol.dns.DnsStatus;
import org.voipwatch.analyzer.protocol.tls.TlsClientHello;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.FlowTracker;

/**
 * Learns which addresses the matrix's DNS-named roles ({@code hosts:} patterns) have, from the traffic itself,
 * into a {@link LearnedAddressTable} that the {@link FlowTracker} consults when it resolves a new flow's roles.
 *
 * <ul>
 *   <li><b>DNS answers</b> (source port 53, UDP, or TCP with the RFC 1035 §4.2.2 2-byte length prefix; responses
 *   with RCODE 0 only): the question name and every CNAME target on the chain from it are matched against the
 *   patterns; the roles found are ORed and given to each A/AAAA address at the end of the chain (and on the way),
 *   valid for the smallest TTL along the chain, kept within [{@link #MIN_TTL_SECONDS}, {@link #MAX_TTL_SECONDS}].
 *   The floor exists because clients keep using an address after its TTL (CDN answers of 20 s are common) and a
 *   flow that starts a little later must still be recognised.</li>
 *   <li><b>TLS SNI</b>: the server_name of a ClientHello sent by a TCP flow's initiator; when it matches, the
 *   responder address gets the roles for {@link #SNI_TTL_SECONDS}, and that flow is re-matched at once
 *   ({@link FlowTracker#reclassify}).</li>
 * </ul>
 *
 * <p>Ordering: the analyzer runs after flow tracking, and a resolver's answer reaches the capture point before the
 * client's first packet to the address, so the flow's classification at creation sees the learned roles. A flow
 * begun before the answer (an address already cached by the client) is not re-matched, except through SNI.
 * DNS over TCP is read only when a segment holds whole messages (no stream reassembly; counted in
 * {@code dnsMalformed} otherwise). Owned by the analyzer thread; allocation-free per packet.
 */
public final class HostNameLearner implements PacketAnalyzer {
    public static final int CAPACITY_DEFAULT = 65_536;
    public static final long MIN_TTL_SECONDS = 300;
    public static final long MAX_TTL_SECONDS = 86_400;
    public static final long SNI_TTL_SECONDS = 3_600;
    public static final int DNS_PORT = 53;
    /** CNAME hops followed from the question name; resolvers cut chains at 8-16. */
    public static final int MAX_CHAIN = 8;
    /** DNS messages read from one TCP segment. */
    public static final int MAX_TCP_MESSAGES = 8;
    private static final long NS_PER_S = 1_000_000_000L;

    private final HostPatterns patterns;
    private final LearnedAddressTable table;
    private final FlowTracker flows;
    private final AnalyzerCounters counters;
    private final DnsMessage dns = new DnsMessage();
    private final TlsClientHello hello = new TlsClientHello();
    private final byte[] current = new byte[DnsMessage.NAME_BUFFER_LENGTH];
    private final byte[] scratch = new byte[DnsMessage.NAME_BUFFER_LENGTH];
    /** Per DnsStatus code: how often wrap returned it. */
    public final long[] dnsStatus = new long[DnsStatus.COUNT];

    /** Wires itself into {@code ctx.flows}: the tracker consults the table from now on. */
    public HostNameLearner(AnalysisContext ctx) {
        this(HostPatterns.of(ctx.matrix), new LearnedAddressTable(CAPACITY_DEFAULT), ctx.flows, ctx.counters);
    }

    public HostNameLearner(HostPatterns patterns, LearnedAddressTable table, FlowTracker flows,
                           AnalyzerCounters counters) {
        this.patterns = patterns;
        this.table = table;
        this.flows = flows;
        this.counters = counters;
        if (flows != null) {
            flows.setDynamicRoles(table);
        }
    }

    public LearnedAddressTable table() {
        return table;
    }

    @Override
    public void onPacket(DecodedPacket p, int protocolClass, int flowSlot, boolean fromInitiator) {
        if (p.payloadLength <= 0 || p.buffer == null) {
            return;
        }
        if (p.srcPort == DNS_PORT && p.isUdp()) {
            onDnsMessage(p.buffer, p.payloadOffset, p.payloadLength, p.timestampNs);
        } else if (p.isTcp()) {
            if (p.srcPort == DNS_PORT) {
                onDnsOverTcp(p);
            } else if (fromInitiator && flowSlot >= 0
                    && (p.buffer[p.payloadOffset] & 0xff) == TlsClientHello.CONTENT_TYPE_HANDSHAKE) {
                onClientHello(p, flowSlot);
            }
        }
    }

    private void onDnsOverTcp(DecodedPacket p) {
        byte[] b = p.buffer;
        int pos = p.payloadOffset;
        int end = pos + p.payloadLength;
        for (int n = 0; n < MAX_TCP_MESSAGES && pos + 2 <= end; n++) {
            int length = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
            if (pos + 2 + length > end) {
                counters.dnsMalformed++; // the message continues in a later segment: not reassembled
                return;
            }
            onDnsMessage(b, pos + 2, length, p.timestampNs);
            pos += 2 + length;
        }
    }

    /** One DNS message; learns from it when it is a successful response naming a role's host. */
    public void onDnsMessage(byte[] b, int off, int len, long nowNs) {
        int status = dns.wrap(b, off, len);
        if (len >= DnsMessage.HEADER_LENGTH && !dns.isResponse()) {
            return; // queries teach nothing
        }
        counters.dnsResponses++;
        dnsStatus[status]++;
        if (DnsStatus.isMalformed(status)) {
            counters.dnsMalformed++;
            // a truncated answer may still hold whole records before the cut: use them
            if (status != DnsStatus.TRUNCATED_RECORD) {
                return;
            }
        }
        if (dns.opcode() != 0 || dns.rcode() != 0 || dns.questionNameOffset() < 0) {
            return;
        }
        int curLen = dns.readName(dns.questionNameOffset(), current, 0);
        if (curLen < 0) {
            return;
        }
        long roles = patterns.match(current, 0, curLen);
        long ttl = MAX_TTL_SECONDS;
        for (int hop = 0; hop <= MAX_CHAIN; hop++) {
            int cname = -1;
            for (int i = 0; i < dns.records(); i++) {
                if (dns.recordClass(i) != DnsMessage.CLASS_IN || !ownerIs(i, curLen)) {
                    continue;
                }
                int type = dns.recordType(i);
                if (type == DnsMessage.TYPE_CNAME && cname < 0) {
                    cname = i;
                } else if (roles != 0 && (type == DnsMessage.TYPE_A || type == DnsMessage.TYPE_AAAA)) {
                    learnAddress(i, roles, Math.min(ttl, dns.recordTtl(i)), nowNs);
                }
            }
            if (cname < 0) {
                return;
            }
            int n = dns.readName(dns.recordDataOffset(cname), current, 0);
            if (n < 0) {
                return;
            }
            curLen = n;
            roles |= patterns.match(current, 0, curLen);
            ttl = Math.min(ttl, dns.recordTtl(cname));
        }
    }

    private boolean ownerIs(int record, int curLen) {
        int n = dns.readName(dns.recordNameOffset(record), scratch, 0);
        return n == curLen && Arrays.equals(scratch, 0, n, current, 0, n);
    }

    private void learnAddress(int record, long roles, long ttlSeconds, long nowNs) {
        int data = dns.recordDataOffset(record);
        int len = dns.recordDataLength(record);
        long hi;
        long lo;
        if (dns.recordType(record) == DnsMessage.TYPE_A && len == 4) {
            hi = 0;
            lo = 0x0000_ffff_0000_0000L | dns.u32(data);
        } else if (dns.recordType(record) == DnsMessage.TYPE_AAAA && len == 16) {
            hi = dns.longAt(data);
            lo = dns.longAt(data + 8);
        } else {
            return; // wrong RDATA length for the type
        }
        long ttl = Math.max(MIN_TTL_SECONDS, Math.min(MAX_TTL_SECONDS, ttlSeconds));
        learn(hi, lo, roles, nowNs + ttl * NS_PER_S);
    }

    private void onClientHello(DecodedPacket p, int slot) {
        if (hello.wrap(p.buffer, p.payloadOffset, p.payloadLength) != TlsClientHello.OK) {
            return;
        }
        counters.sniNames++;
        int n = hello.copyName(scratch, 0);
        long roles = patterns.match(scratch, 0, n);
        if (roles == 0) {
            return;
        }
        learn(p.dstHi, p.dstLo, roles, p.timestampNs + SNI_TTL_SECONDS * NS_PER_S);
        if (flows != null) {
            flows.reclassify(slot);
        }
    }

    private void learn(long hi, long lo, long roles, long untilNs) {
        long before = table.learned;
        long evictedBefore = table.evicted;
        table.learn(hi, lo, roles, untilNs);
        counters.addressesLearned += table.learned - before;
        counters.learnedAddressesEvicted += table.evicted - evictedBefore;
    }

    @Override
    public void onTime(long nowNs) {
        long before = table.evicted;
        table.onTime(nowNs);
        counters.learnedAddressesEvicted += table.evicted - before;
    }

    @Override
    public void onEnd(long nowNs) {
        onTime(nowNs);
    }
}

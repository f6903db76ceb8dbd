package org.voipwatch.analyzer.report.html;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.pipeline.PacketAnalyzer;
import org.voipwatch.analyzer.protocol.rtp.RtpHeader;
import org.voipwatch.analyzer.protocol.rtp.RtpStatus;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * Loss and jitter over time, per RTP stream of the calls a {@link SipLadderRecorder} recorded, for the HTML
 * report's charts. An RTP packet belongs to a recorded call when its destination is a media endpoint (connection
 * address and m= port) of an SDP body recorded for that call. Per stream (source, destination, SSRC) and per
 * 1-second bucket of packet time since the call's first SIP message: packets received, packets expected (from the
 * extended highest sequence number, RFC 3550 A.1/A.3: the growth of the highest sequence number over the bucket)
 * and the interarrival jitter estimate (RFC 3550 A.8) at the bucket's end.
 *
 * <p>Registered by {@code Analyzers} after the ladder recorder, only when a report is requested. Owned by the
 * analyzer thread while the pipeline runs; read by the report writer afterwards. Bounded: at most
 * {@link #MAX_STREAMS} streams × {@link #MAX_BUCKETS} buckets, allocated when a stream starts (offline report
 * mode); later streams and later packets are counted. An RTP packet costs a wrap and two hash lookups.
 */
public final class MediaTimelineRecorder implements PacketAnalyzer {
    public static final int MAX_STREAMS = 2_000;
    public static final int MAX_BUCKETS = 600;
    private static final int MAX_ENDPOINTS = 8_192;
    private static final long BUCKET_NS = 1_000_000_000L;

    private final SipLadderRecorder ladder;
    private final RtpHeader rtp = new RtpHeader();
    private long ladderSeen;

    /** SDP media endpoints: open addressing, value = call index + 1 (0 = empty). */
    private final long[] epHi = new long[MAX_ENDPOINTS * 2];
    private final long[] epLo = new long[MAX_ENDPOINTS * 2];
    private final int[] epPort = new int[MAX_ENDPOINTS * 2];
    private final int[] epCall = new int[MAX_ENDPOINTS * 2];
    private int endpoints;
    private long endpointsNotKept;

    /** Streams: open addressing, value = stream index + 1 (0 = empty). */
    private final int[] streamIndex = new int[Integer.highestOneBit(MAX_STREAMS) << 2];
    private final List<Stream> streams = new ArrayList<>();
    private long streamsNotKept;
    private long packetsBeyondLastBucket;
    private long packetsBeforeCall;
    private long rtpMalformed;

    public MediaTimelineRecorder(SipLadderRecorder ladder) {
        this.ladder = ladder;
    }

    @Override
    public void onPacket(DecodedPacket p, int protocolClass, int flowSlot, boolean fromInitiator) {
        if (protocolClass == ProtocolClass.SIP) {
            if (ladder.recordedMessages() != ladderSeen) {
                ladderSeen = ladder.recordedMessages();
                learn(ladder.lastRecordedCall());
            }
            return;
        }
        if (protocolClass != ProtocolClass.RTP || endpoints == 0 || p.payloadLength <= 0) {
            return;
        }
        int call = endpointCall(p.dstHi, p.dstLo, p.dstPort);
        if (call < 0) {
            return;
        }
        if (rtp.wrap(p.buffer, p.payloadOffset, p.payloadLength) != RtpStatus.OK) {
            rtpMalformed++;
            return;
        }
        Stream s = stream(p, rtp.ssrc(), call);
        if (s != null) {
            s.add(p.timestampNs, rtp.sequence(), rtp.timestamp(), this);
        }
    }

    /** Registers the media endpoints of the SDP of the call's last recorded message (allocates: SIP, bounded). */
    private void learn(int callIdx) {
        if (callIdx < 0) {
            return;
        }
        SipLadderRecorder.LadderCall c = ladder.calls().get(callIdx);
        String sdp = c.messages.get(c.messages.size() - 1).sdp;
        if (sdp == null) {
            return;
        }
        String sessionAddr = null;
        String mediaAddr = null;
        int port = -1;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("c=IN IP")) {
                String[] f = line.split(" ");
                if (f.length >= 3) {
                    String a = f[2].split("/")[0];
                    if (port < 0) {
                        sessionAddr = a;
                    } else {
                        mediaAddr = a;
                    }
                }
            } else if (line.startsWith("m=")) {
                addEndpoint(mediaAddr != null ? mediaAddr : sessionAddr, port, callIdx);
                mediaAddr = null;
                String[] f = line.split(" ");
                port = -1;
                if (f.length >= 2) {
                    try {
                        port = Integer.parseInt(f[1].split("/")[0]);
                    } catch (NumberFormatException e) {
                        port = 0; // malformed m= line: nothing to register, but later c= lines are media-level
                    }
                }
            }
        }
        addEndpoint(mediaAddr != null ? mediaAddr : sessionAddr, port, callIdx);
    }

    private void addEndpoint(String addr, int port, int callIdx) {
        if (addr == null || port <= 0 || port > 65535) {
            return;
        }
        long[] ip = IpAddresses.parse(addr);
        if (ip == null) {
            return;
        }
        int mask = epCall.length - 1;
        int i = (int) mix(ip[0] * 31 + ip[1] * 65537 + port) & mask;
        while (epCall[i] != 0) {
            if (epHi[i] == ip[0] && epLo[i] == ip[1] && epPort[i] == port) {
                epCall[i] = callIdx + 1; // a later call reusing the endpoint owns its media from now on
                return;
            }
            i = (i + 1) & mask;
        }
        if (endpoints >= MAX_ENDPOINTS) {
            endpointsNotKept++;
            return;
        }
        epHi[i] = ip[0];
        epLo[i] = ip[1];
        epPort[i] = port;
        epCall[i] = callIdx + 1;
        endpoints++;
    }

    private int endpointCall(long hi, long lo, int port) {
        int mask = epCall.length - 1;
        int i = (int) mix(hi * 31 + lo * 65537 + port) & mask;
        while (epCall[i] != 0) {
            if (epHi[i] == hi && epLo[i] == lo && epPort[i] == port) {
                return epCall[i] - 1;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private Stream stream(DecodedPacket p, int ssrc, int call) {
        long h = mix(p.srcHi * 31 + p.srcLo * 65537 + p.srcPort);
        h = mix(h ^ (p.dstHi * 31 + p.dstLo * 65537 + p.dstPort) ^ ((long) ssrc << 20));
        int mask = streamIndex.length - 1;
        int i = (int) h & mask;
        while (streamIndex[i] != 0) {
            Stream s = streams.get(streamIndex[i] - 1);
            if (s.ssrc == ssrc && s.srcLo == p.srcLo && s.dstLo == p.dstLo && s.srcPort == p.srcPort
                    && s.dstPort == p.dstPort && s.srcHi == p.srcHi && s.dstHi == p.dstHi) {
                return s;
            }
            i = (i + 1) & mask;
        }
        if (streams.size() >= MAX_STREAMS) {
            streamsNotKept++; // counted per packet of unkept streams: the report says "packets of streams not kept"
            return null;
        }
        Stream s = new Stream(call, ladder.calls().get(call).firstNs, p, ssrc, rtp.payloadType());
        streams.add(s);
        streamIndex[i] = streams.size();
        return s;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public void onTime(long nowNs) {
    }

    @Override
    public void onEnd(long nowNs) {
        for (int i = 0; i < streams.size(); i++) {
            streams.get(i).close();
        }
    }

    /** The recorded streams, in order of their first packet. */
    public List<Stream> streams() {
        return Collections.unmodifiableList(streams);
    }

    /** RTP packets of recorded calls' streams beyond the first {@link #MAX_STREAMS} streams. */
    public long packetsOfStreamsNotKept() {
        return streamsNotKept;
    }

    /** Packets later than {@link #MAX_BUCKETS} seconds after their call's first SIP message. */
    public long packetsBeyondLastBucket() {
        return packetsBeyondLastBucket;
    }

    /** Packets (re)ordered before their call's first SIP message (not charted). */
    public long packetsBeforeCall() {
        return packetsBeforeCall;
    }

    public long endpointsNotKept() {
        return endpointsNotKept;
    }

    public long rtpMalformed() {
        return rtpMalformed;
    }

    /**
     * RTP clock rate of a static payload type (RFC 3551 table 4/5); 8000 for dynamic types, whose rate only the
     * SDP rtpmap names (the report marks such streams).
     */
    public static int clockRate(int pt) {
        switch (pt) {
            case 6: return 16_000;
            case 10: case 11: return 44_100;
            case 16: return 11_025;
            case 17: return 22_050;
            case 14: case 25: case 26: case 28: case 31: case 32: case 33: case 34: return 90_000;
            default: return 8_000;
        }
    }

    public static boolean staticPayloadType(int pt) {
        return pt < 96;
    }

    /** One RTP stream of a recorded call and its per-second buckets. */
    public static final class Stream {
        /** Index into the ladder recorder's calls. */
        public final int call;
        /** Packet time of bucket 0's start: the call's first SIP message. */
        public final long originNs;
        public final long srcHi;
        public final long srcLo;
        public final int srcPort;
        public final long dstHi;
        public final long dstLo;
        public final int dstPort;
        public final int ssrc;
        /** Payload type of the first packet; sets the clock rate for jitter. */
        public final int payloadType;
        public final int clockRate;
        public final int[] received = new int[MAX_BUCKETS];
        public final int[] expected = new int[MAX_BUCKETS];
        /** Jitter estimate in ms at the end of each bucket; NaN where the bucket had no packet. */
        public final float[] jitterMs = new float[MAX_BUCKETS];
        /** Buckets in use: index of the last bucket with a packet + 1. */
        public int buckets;
        private int current = -1;
        private int closedBucket = -1;
        private long maxExt;
        private long closedMax;
        private long firstNs;
        private long lastTransit;
        private boolean haveTransit;
        private double jitter;

        Stream(int call, long originNs, DecodedPacket p, int ssrc, int payloadType) {
            this.call = call;
            this.originNs = originNs;
            this.srcHi = p.srcHi;
            this.srcLo = p.srcLo;
            this.srcPort = p.srcPort;
            this.dstHi = p.dstHi;
            this.dstLo = p.dstLo;
            this.dstPort = p.dstPort;
            this.ssrc = ssrc;
            this.payloadType = payloadType;
            this.clockRate = clockRate(payloadType);
            Arrays.fill(jitterMs, Float.NaN);
        }

        void add(long nowNs, int seq, long rtpTs, MediaTimelineRecorder owner) {
            long rel = nowNs - originNs;
            if (rel < 0) {
                owner.packetsBeforeCall++;
                return;
            }
            long b = rel / BUCKET_NS;
            if (b >= MAX_BUCKETS) {
                owner.packetsBeyondLastBucket++;
                return;
            }
            int bucket = (int) b;
            if (current < 0) {
                current = bucket;
                firstNs = nowNs;
                maxExt = seq;
                closedMax = seq - 1L;
            } else {
                if (bucket > current) {
                    close();
                    current = bucket;
                }
                // RFC 3550 A.1: extend the sequence number; a packet behind the highest one does not move it
                int delta = (short) (seq - (int) (maxExt & 0xffff));
                if (delta > 0) {
                    maxExt += delta;
                }
            }
            received[current]++;
            // RFC 3550 A.8: arrival in RTP units, relative to the first packet so the product fits in a long
            long arrival = (nowNs - firstNs) * clockRate / 1_000_000_000L;
            long transit = arrival - rtpTs;
            if (haveTransit) {
                long d = Math.abs(transit - lastTransit);
                jitter += (d - jitter) / 16.0;
            }
            lastTransit = transit;
            haveTransit = true;
        }

        /** Closes the current bucket: expected from the growth of the highest sequence number, jitter now. */
        void close() {
            if (current < 0 || current == closedBucket) {
                return;
            }
            closedBucket = current;
            expected[current] = (int) (maxExt - closedMax);
            closedMax = maxExt;
            jitterMs[current] = (float) (jitter * 1000.0 / clockRate);
            buckets = current + 1;
        }

        /** Lost in a bucket: expected − received, never below 0 (duplicates and late packets). */
        public int lost(int bucket) {
            return Math.max(0, expected[bucket] - received[bucket]);
        }
    }
}

package org.voipwatch.analyzer.detect.capture;

import java.util.List;
import java.util.Locale;
import org.voipwatch.analyzer.decode.DecodedPacket;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.EventType;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.event.Severity;
import org.voipwatch.analyzer.pipeline.PacketAnalyzer;
import org.voipwatch.capture.source.CaptureStats;

/**
 * Capture health on the analyzer thread: turns the {@code pcap_stats} samples that the capture side takes (every
 * {@code statsIntervalNanos}, on the ticker thread) into {@code capture_loss} events, and remembers whether the
 * latest sample showed loss so that {@link LossAnnotatingEmitter} can mark the events emitted meanwhile. Nothing
 * else emits from here: the ticker thread only writes the volatile counters of {@link CaptureStats}; this class
 * notices a new sample (its {@code sampledAtNanos} changed) when the packet clock moves, which live capture
 * guarantees at least every idle tick.
 *
 * <p>A sample period is lossy when the frames lost in it (kernel {@code dropped} + {@code ifDropped} +
 * {@code ringFull}) reach {@link Settings#minPackets} or exceed {@link Settings#ratio} of the frames libpcap
 * received in it, and at least one was lost. Owned by the analyzer thread; allocates only when a sample arrives.
 */
public final class CaptureLossDetector implements PacketAnalyzer {
    /** Loss above 0.1 % of the frames received in a sample period is reported (e.g. 1 of 500). */
    public static final double RATIO_DEFAULT = 0.001;
    /** ... and so is a loss of this many frames, however busy the interface (a second of 100 calls' RTP). */
    public static final long MIN_PACKETS_DEFAULT = 100;

    /** Thresholds, validated once. */
    public static final class Settings {
        public double ratio = RATIO_DEFAULT;
        public long minPackets = MIN_PACKETS_DEFAULT;
        /** The sampling period, used for the first sample (no previous sample time to subtract). */
        public long statsIntervalNanos = 5_000_000_000L;

        public Settings validate() {
            if (!(ratio > 0) || ratio > 1) {
                throw new IllegalArgumentException("captureLossRatio must be in (0, 1], got " + ratio);
            }
            if (minPackets < 1) {
                throw new IllegalArgumentException("captureLossPackets must be at least 1, got " + minPackets);
            }
            if (statsIntervalNanos <= 0) {
                throw new IllegalArgumentException("statsIntervalNanos must be positive, got " + statsIntervalNanos);
            }
            return this;
        }
    }

    private final CaptureStats[] stats;
    private final Settings settings;
    private final EventEmitter emitter;
    // analyzer thread only: per interface, the totals at the previous sample seen
    private final long[] sampledAt;
    private final long[] received;
    private final long[] dropped;
    private final long[] ifDropped;
    private final long[] ringFull;
    private final boolean[] lossy;
    // the latest sample's figures, for the annotation
    private final long[] lastLost;
    private final long[] lastReceived;
    private final long[] lastPeriodNs;
    /** JSON of the loss of the latest lossy samples, or null when the latest sample of every interface was clean. */
    private String annotation;
    private long lossEvents;

    /**
     * @param emitter the pipeline's emitter, not the annotating one (a capture_loss event is not marked with itself)
     */
    public CaptureLossDetector(List<CaptureStats> stats, Settings settings, EventEmitter emitter) {
        this.stats = stats.toArray(new CaptureStats[0]);
        this.settings = settings.validate();
        this.emitter = emitter;
        int n = this.stats.length;
        sampledAt = new long[n];
        received = new long[n];
        dropped = new long[n];
        ifDropped = new long[n];
        ringFull = new long[n];
        lossy = new boolean[n];
        lastLost = new long[n];
        lastReceived = new long[n];
        lastPeriodNs = new long[n];
    }

    @Override
    public void onPacket(DecodedPacket p, int protocolClass, int flowSlot, boolean fromInitiator) {
    }

    @Override
    public void onTime(long nowNs) {
        poll(nowNs);
    }

    /** The last pcap_stats sample is taken just before END is published: its period is judged too. */
    @Override
    public void onEnd(long nowNs) {
        poll(nowNs);
    }

    private void poll(long nowNs) {
        boolean changed = false;
        for (int i = 0; i < stats.length; i++) {
            long at = stats[i].sampledAtNanos();
            if (at != 0 && at != sampledAt[i]) {
                onSample(i, at, nowNs);
                changed = true;
            }
        }
        if (changed) {
            annotation = buildAnnotation();
        }
    }

    private void onSample(int i, long at, long nowNs) {
        CaptureStats s = stats[i];
        // sampledAtNanos is written last by the sampler: the counters read after it are at least that sample's
        long rcv = s.received();
        long drp = s.dropped();
        long ifd = s.ifDropped();
        long rf = s.ringFull();
        long periodNs = sampledAt[i] == 0 ? settings.statsIntervalNanos : at - sampledAt[i];
        long dRcv = Math.max(0, rcv - received[i]);
        long dDrp = Math.max(0, drp - dropped[i]);
        long dIfd = Math.max(0, ifd - ifDropped[i]);
        long dRf = Math.max(0, rf - ringFull[i]);
        long lost = dDrp + dIfd + dRf;
        sampledAt[i] = at;
        received[i] = rcv;
        dropped[i] = drp;
        ifDropped[i] = ifd;
        ringFull[i] = rf;
        lossy[i] = lost > 0 && (lost >= settings.minPackets || lost > settings.ratio * dRcv);
        lastLost[i] = lost;
        lastReceived[i] = dRcv;
        lastPeriodNs[i] = periodNs;
        if (!lossy[i]) {
            return;
        }
        lossEvents++;
        MonitorEvent e = emitter.begin();
        e.type = EventType.CAPTURE_LOSS;
        e.severity = Severity.WARNING;
        e.timeNs = nowNs;
        e.fields.put("interface", s.interfaceName()).put("lost", lost).put("dropped", dDrp)
                .put("ifDropped", dIfd).put("ringFull", dRf).put("received", dRcv)
                .put("lossRatio", dRcv == 0 ? 1.0 : Math.min(1.0, (double) lost / dRcv))
                .put("periodMs", periodNs / 1_000_000L);
        emitter.commit();
    }

    private String buildAnnotation() {
        long lost = 0;
        long rcv = 0;
        long period = 0;
        boolean any = false;
        for (int i = 0; i < stats.length; i++) {
            if (lossy[i]) {
                any = true;
                lost += lastLost[i];
                rcv += lastReceived[i];
                period = Math.max(period, lastPeriodNs[i]);
            }
        }
        if (!any) {
            return null;
        }
        return String.format(Locale.ROOT, "{\"lost\":%d,\"received\":%d,\"periodMs\":%d}", lost, rcv,
                period / 1_000_000L);
    }

    /** JSON object of the latest lossy sample period(s), or null when the latest samples were clean. */
    public String annotation() {
        return annotation;
    }

    /** capture_loss events emitted. */
    public long lossEvents() {
        return lossEvents;
    }
}

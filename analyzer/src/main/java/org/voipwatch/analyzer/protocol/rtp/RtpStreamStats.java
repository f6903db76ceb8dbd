package org.voipwatch.analyzer.protocol.rtp;

/**
 * Receive statistics of one RTP stream (one SSRC on one flow), per RFC 3550 appendix A: A.1 sequence validation
 * and extended sequence numbers (probation, resynchronisation after a large jump), A.3 expected and lost
 * packets (cumulative and per interval), A.8 interarrival jitter; plus duplicates, out-of-order packets and the
 * largest gap between arrivals. Times are packet times in ns passed in by the caller. Primitive state only;
 * {@link #update} never allocates. Reusable ({@link #reset()}); owned by the analyzer thread owning the flow.
 *
 * <p>Difference from A.1: loss is counted from the first packet seen, not from the end of probation, so a stream
 * that starts with losses is charged for them (tshark and rtpproxy count the same way); A.1's probation is
 * still run and reported by {@link #validated()}.
 */
public final class RtpStreamStats {
    /** RFC 3550 A.1 constants. */
    public static final int MAX_DROPOUT = 3000;
    public static final int MAX_MISORDER = 100;
    public static final int MIN_SEQUENTIAL = 2;
    private static final int SEQ_MOD = 1 << 16;
    /**
     * Window of recent extended sequence numbers remembered for duplicate detection: two longs. A.1 takes a packet
     * more than {@value #MAX_MISORDER} behind the highest for a jump, never for a late one, so no late packet
     * falls outside 128; two fields rather than an array keep the bits in the object's own lines (one cache miss
     * less per packet at a busy site, benchmarks/README.md).
     */
    private static final int WINDOW = 128;

    // update() results
    /** A new packet, in order (possibly after a gap). */
    public static final int IN_ORDER = 0;
    /** A packet older than the highest seen and not seen before. */
    public static final int OUT_OF_ORDER = 1;
    /** A sequence number already received (within the last {@value #WINDOW}). */
    public static final int DUPLICATE = 2;
    /** A jump larger than MAX_DROPOUT: not counted until the next packet confirms it (A.1 bad_seq). */
    public static final int BAD_SEQUENCE = 3;
    /** The second packet after a jump confirmed it: sequence state restarted (counted in {@link #seqResets()}). */
    public static final int RESYNC = 4;

    private int clockRate;
    /** clockRate / 1e9, computed once: a division per packet was measurable on the RTP path. */
    private double unitsPerNs;
    private long packets;
    private long bytes;
    private long firstNs;
    private long lastNs;
    private long maxDeltaNs;

    // A.1 state
    private int maxSeq;
    private long cycles;
    /** Extended sequence number of the epoch's first packet (may be below 0 after a wrap at the start). */
    private long baseExt;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    /** Expected/received of sequence epochs closed by a resync, so totals survive resets. */
    private long expectedBefore;
    private long receivedBefore;
    private long duplicates;
    private long outOfOrder;
    private long seqResets;
    private long seenLow; // window bits 0-63
    private long seenHigh; // window bits 64-127

    // A.8 state
    private boolean haveTransit;
    private long lastArrivalNs;
    private long lastTimestamp;
    private double jitter;
    private double maxJitter;
    private double jitterSum;
    private long jitterSamples;

    public RtpStreamStats() {
        reset();
    }

    /** Forgets everything, for reuse on another stream. The clock rate is kept. */
    public void reset() {
        packets = 0;
        bytes = 0;
        firstNs = 0;
        lastNs = 0;
        maxDeltaNs = 0;
        maxSeq = 0;
        cycles = 0;
        baseExt = 0;
        badSeq = SEQ_MOD + 1;
        probation = MIN_SEQUENTIAL;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
        expectedBefore = 0;
        receivedBefore = 0;
        duplicates = 0;
        outOfOrder = 0;
        seqResets = 0;
        seenLow = 0;
        seenHigh = 0;
        haveTransit = false;
        lastArrivalNs = 0;
        lastTimestamp = 0;
        jitter = 0;
        maxJitter = 0;
        jitterSum = 0;
        jitterSamples = 0;
    }

    /** RTP clock rate in Hz (from SDP a=rtpmap or {@link Codec#staticClockRate}); 0 disables jitter. */
    public void setClockRate(int hz) {
        clockRate = Math.max(0, hz);
        unitsPerNs = clockRate / 1e9;
    }

    public int clockRate() {
        return clockRate;
    }

    /**
     * Accounts one packet: {@code seq} 0..65535, {@code timestamp} the unsigned 32-bit RTP timestamp,
     * {@code lengthBytes} what to add to the byte count (payload or datagram, the caller's choice).
     * Returns {@link #IN_ORDER}, {@link #OUT_OF_ORDER}, {@link #DUPLICATE}, {@link #BAD_SEQUENCE} or {@link #RESYNC}.
     */
    public int update(long nowNs, int seq, long timestamp, int lengthBytes) {
        seq &= 0xffff;
        int result;
        if (packets == 0) {
            firstNs = nowNs;
            startEpoch(seq, seq);
            probation = MIN_SEQUENTIAL - 1;
            result = IN_ORDER;
        } else {
            maxDeltaNs = Math.max(maxDeltaNs, nowNs - lastNs);
            result = sequence(seq);
        }
        packets++;
        bytes += lengthBytes;
        lastNs = nowNs;
        if (result != BAD_SEQUENCE) {
            // A.8 runs the estimator on every packet; a held-back packet may belong to another source, so not on
            // it. A duplicate moves the estimator but is not sampled into mean/max, as tshark does.
            jitter(nowNs, timestamp, result != DUPLICATE);
        }
        return result;
    }

    /** Starts a sequence epoch whose first packet is {@code first} and highest so far {@code seq}. */
    private void startEpoch(int first, int seq) {
        seenLow = 0;
        seenHigh = 0;
        maxSeq = seq;
        cycles = 0;
        baseExt = first <= seq ? first : first - SEQ_MOD;
        badSeq = SEQ_MOD + 1;
        received = 0;
        for (long e = baseExt; e <= seq; e++) {
            setSeen(e);
            received++;
        }
    }

    /** RFC 3550 A.1 update_seq, with probation tracked on the side and duplicates found in a bit window. */
    private int sequence(int seq) {
        int udelta = (seq - maxSeq) & 0xffff;
        if (probation > 0) {
            probation = udelta == 1 ? probation - 1 : MIN_SEQUENTIAL - 1;
        }
        if (udelta == 0) {
            return countReceived(DUPLICATE);
        }
        if (udelta < MAX_DROPOUT) {
            long oldExt = extendedMaxSeq();
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
            long newExt = extendedMaxSeq();
            for (long e = Math.max(oldExt + 1, newExt - WINDOW + 1); e < newExt; e++) {
                clearSeen(e);
            }
            setSeen(newExt);
            received++; // countReceived(IN_ORDER) by hand: the per-packet path, and C1 does not inline that method
            return IN_ORDER;
        }
        if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq != badSeq) {
                badSeq = (seq + 1) & 0xffff;
                return BAD_SEQUENCE;
            }
            // two sequential packets after a big jump: the source restarted (A.1 re-sync); close the epoch and
            // start a new one that includes the packet which set bad_seq
            seqResets++;
            expectedBefore += extendedMaxSeq() - baseExt + 1;
            receivedBefore += received;
            startEpoch((seq - 1) & 0xffff, seq);
            return RESYNC;
        }
        long ext = seq > maxSeq ? cycles - SEQ_MOD + seq : cycles + seq;
        if (ext < baseExt) {
            // older than the first packet of the epoch: it widens what we expected
            baseExt = ext;
            setSeen(ext);
            return countReceived(OUT_OF_ORDER);
        }
        if (isSeen(ext)) {
            return countReceived(DUPLICATE);
        }
        setSeen(ext);
        return countReceived(OUT_OF_ORDER);
    }

    private int countReceived(int result) {
        received++;
        if (result == DUPLICATE) {
            duplicates++;
        } else if (result == OUT_OF_ORDER) {
            outOfOrder++;
        }
        return result;
    }

    private boolean isSeen(long ext) {
        int bit = (int) (ext & (WINDOW - 1));
        return ((bit < 64 ? seenLow : seenHigh) & 1L << bit) != 0; // a long shift uses the low six bits
    }

    private void setSeen(long ext) {
        int bit = (int) (ext & (WINDOW - 1));
        if (bit < 64) {
            seenLow |= 1L << bit;
        } else {
            seenHigh |= 1L << bit;
        }
    }

    private void clearSeen(long ext) {
        int bit = (int) (ext & (WINDOW - 1));
        if (bit < 64) {
            seenLow &= ~(1L << bit);
        } else {
            seenHigh &= ~(1L << bit);
        }
    }

    /** RFC 3550 A.8, with arrival and RTP timestamp differences taken pairwise so both may wrap. */
    private void jitter(long nowNs, long timestamp, boolean sample) {
        if (clockRate == 0) {
            return;
        }
        if (haveTransit) {
            // D(i,j) = (Rj - Ri) - (Sj - Si), arrival converted to timestamp units
            double arrivalUnits = (nowNs - lastArrivalNs) * unitsPerNs;
            int tsDelta = (int) (timestamp - lastTimestamp);
            double d = Math.abs(arrivalUnits - tsDelta);
            jitter += (d - jitter) * 0.0625; // 1/16 (A.8), exact in binary floating point
            if (sample) {
                if (jitter > maxJitter) { // not Math.max(double, double): 45 bytes (NaN rules), a call under C1
                    maxJitter = jitter;
                }
                jitterSum += jitter;
                jitterSamples++;
            }
        }
        haveTransit = true;
        lastArrivalNs = nowNs;
        lastTimestamp = timestamp;
    }

    // ------------------------------------------------------------------ results

    /** Packets offered to {@link #update}, all of them. */
    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    public long firstTimeNs() {
        return firstNs;
    }

    public long lastTimeNs() {
        return lastNs;
    }

    /** Largest arrival gap between two consecutive packets, in ns. */
    public long maxDeltaNs() {
        return maxDeltaNs;
    }

    /** A.1 probation passed: {@value #MIN_SEQUENTIAL} packets in sequence were seen. */
    public boolean validated() {
        return probation == 0;
    }

    /** Extended highest sequence number received (cycles + max seq). */
    public long extendedMaxSeq() {
        return cycles + maxSeq;
    }

    /** A.3 expected = extended max - base + 1, summed over resync epochs. */
    public long expected() {
        if (packets == 0) {
            return 0;
        }
        return expectedBefore + extendedMaxSeq() - baseExt + 1;
    }

    /** Packets counted by A.1 (duplicates included, packets held as bad_seq not), summed over epochs. */
    public long received() {
        return receivedBefore + received;
    }

    /** A.3 cumulative lost = expected - received; negative when duplicates outnumber losses. */
    public long lost() {
        return expected() - received();
    }

    /** Lost as a percentage of expected (0 when nothing expected), clamped at 0. */
    public double lossPercent() {
        long e = expected();
        return e <= 0 ? 0 : Math.max(0, 100.0 * lost() / e);
    }

    /**
     * A.3 fraction lost since the previous call, as the 8-bit value an RR would carry; updates the priors, so
     * call it only where a report is due.
     */
    public int intervalFractionLost() {
        long expected = expected();
        long rec = received();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = rec - receivedPrior;
        expectedPrior = expected;
        receivedPrior = rec;
        long lostInterval = expectedInterval - receivedInterval;
        return expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    }

    public long duplicates() {
        return duplicates;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    /** Sequence restarts confirmed by two packets after a jump of more than {@value #MAX_DROPOUT}. */
    public long seqResets() {
        return seqResets;
    }

    /** Current A.8 interarrival jitter in timestamp units. */
    public double jitterUnits() {
        return jitter;
    }

    public double jitterMs() {
        return clockRate == 0 ? 0 : jitter * 1000.0 / clockRate;
    }

    public double maxJitterMs() {
        return clockRate == 0 ? 0 : maxJitter * 1000.0 / clockRate;
    }

    /** Mean of the jitter estimate over the packets that updated it (duplicates excluded). */
    public double meanJitterMs() {
        return clockRate == 0 || jitterSamples == 0 ? 0 : jitterSum / jitterSamples * 1000.0 / clockRate;
    }
}

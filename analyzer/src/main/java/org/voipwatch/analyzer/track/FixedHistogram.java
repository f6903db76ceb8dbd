package org.voipwatch.analyzer.track;

/**
 * A histogram with fixed upper bounds, kept as plain fields: {@link #record(double)} bumps one bucket and adds to
 * the sum, without allocating or locking. Single writer (the analyzer thread); a metrics scrape reads the counts
 * racily, which at worst shows a record's bucket before its sum (next scrape is consistent).
 *
 * <p>Bucket {@code i} counts values {@code v <= upperBounds[i]} not counted by a lower bucket (Prometheus
 * {@code le} semantics, not cumulative here); the last bucket counts values above every bound (+Inf).
 */
public final class FixedHistogram {
    private final double[] upperBounds;
    private final long[] counts;
    private double sum;

    /** {@code upperBounds} strictly increasing, finite; copied. */
    public FixedHistogram(double... upperBounds) {
        for (int i = 0; i < upperBounds.length; i++) {
            if (!Double.isFinite(upperBounds[i]) || (i > 0 && upperBounds[i] <= upperBounds[i - 1])) {
                throw new IllegalArgumentException("bounds must be finite and increasing, got bound " + i + " = "
                        + upperBounds[i]);
            }
        }
        this.upperBounds = upperBounds.clone();
        this.counts = new long[upperBounds.length + 1];
    }

    /** Counts {@code v}; NaN is ignored (a figure that could not be computed is not an observation). */
    public void record(double v) {
        if (Double.isNaN(v)) {
            return;
        }
        int i = 0;
        while (i < upperBounds.length && v > upperBounds[i]) {
            i++;
        }
        counts[i]++;
        sum += v;
    }

    /** Number of finite bounds (the +Inf bucket is one more). */
    public int bounds() {
        return upperBounds.length;
    }

    public double upperBound(int i) {
        return upperBounds[i];
    }

    /** Non-cumulative count of bucket {@code i}, {@code i == bounds()} being the +Inf bucket. */
    public long bucketCount(int i) {
        return counts[i];
    }

    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    public double sum() {
        return sum;
    }
}

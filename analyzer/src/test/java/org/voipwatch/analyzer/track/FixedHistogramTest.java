package org.voipwatch.analyzer.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Bucket choice follows Prometheus {@code le} ("less than or equal"): a value on a bound belongs to it. */
class FixedHistogramTest {
    @Test
    void valuesOnABoundCountInThatBucketAndAboveTheLastInInf() {
        FixedHistogram h = new FixedHistogram(1.0, 2.0, 5.0);
        for (double v : new double[] {0.5, 1.0, 1.0000001, 2.0, 4.9, 5.0, 5.1, 100, Double.NaN}) {
            h.record(v);
        }
        assertEquals(2, h.bucketCount(0)); // 0.5, 1.0
        assertEquals(2, h.bucketCount(1)); // 1.0000001, 2.0
        assertEquals(2, h.bucketCount(2)); // 4.9, 5.0
        assertEquals(2, h.bucketCount(3)); // 5.1, 100 (+Inf)
        assertEquals(8, h.count()); // NaN ignored
        assertEquals(0.5 + 1.0 + 1.0000001 + 2.0 + 4.9 + 5.0 + 5.1 + 100, h.sum(), 1e-9);
    }

    @Test
    void boundsMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new FixedHistogram(1.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new FixedHistogram(1.0, Double.POSITIVE_INFINITY));
    }

    @Test
    void mediaQualityRecordsInBaseUnits() {
        MediaQuality q = new MediaQuality();
        q.record(MediaQuality.CALLEE_TO_CALLER, 3.0, 25.0, 3.9); // 3 % loss, 25 ms jitter
        assertEquals(1, q.lossRatio[1].bucketCount(4)); // 0.03 in (0.02, 0.05]
        assertEquals(1, q.jitterSeconds[1].bucketCount(5)); // 0.025 in (0.02, 0.03]
        assertEquals(1, q.mos[1].bucketCount(6)); // 3.9 in (3.8, 4.0]
        assertEquals(0, q.mos[0].count());
    }
}

package org.voipwatch.analyzer.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import org.voipwatch.analyzer.track.FixedHistogram;
import org.voipwatch.analyzer.track.MediaQuality;

/**
 * Exposes per-direction {@link FixedHistogram}s as one Prometheus classic histogram ({@code _bucket{le}},
 * {@code _sum}, {@code _count}) labelled {@code direction}. Micrometer's histograms record through their own
 * objects; this collector instead reads the analyzer thread's plain counters at scrape time, so the analyzer
 * never touches a metrics library. {@code _count} is the sum of the buckets read, so the two always agree.
 * Runs on the scrape thread (allocates a snapshot per scrape, not per observation).
 */
final class FixedHistogramCollector implements Collector {
    private final String name;
    private final String help;
    private final FixedHistogram[] byDirection;
    /** Extra name/value label pairs on every data point (probe, matrix). */
    private final String[] labels;

    FixedHistogramCollector(String name, String help, FixedHistogram[] byDirection) {
        this(name, help, byDirection, new String[0]);
    }

    FixedHistogramCollector(String name, String help, FixedHistogram[] byDirection, String[] labels) {
        this.name = name;
        this.help = help;
        this.byDirection = byDirection;
        this.labels = labels.clone();
    }

    @Override
    public MetricSnapshot collect() {
        HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name).help(help);
        for (int d = 0; d < byDirection.length; d++) {
            FixedHistogram h = byDirection[d];
            int n = h.bounds();
            double[] bounds = new double[n + 1];
            long[] counts = new long[n + 1];
            long total = 0;
            for (int i = 0; i <= n; i++) {
                bounds[i] = i < n ? h.upperBound(i) : Double.POSITIVE_INFINITY;
                counts[i] = h.bucketCount(i);
                total += counts[i];
            }
            b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                    .sum(total == 0 ? 0 : h.sum())
                    .labels(Labels.of("direction", MediaQuality.directionName(d)).merge(Labels.of(labels)))
                    .build());
        }
        return b.build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}

package org.voipwatch.bench.jmh;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * {@code -prof org.voipwatch.bench.jmh.CpuTimeProfiler}: the benchmark JVM's CPU time (user + system, all threads)
 * per operation, {@code cpu.time.norm} in ns/op, normalised like {@code gc.alloc.rate.norm} (by all operations of the
 * iteration). On a machine shared with other work the wall-clock score counts the time the benchmark thread spent
 * waiting for a core; CPU time does not (cache and memory contention still show). With one benchmark thread and the
 * JIT quiet after warm-up it is close to the thread's own cost. Called by the JMH harness around each iteration.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private long cpuAtStartNs;

    @Override
    public String getDescription() {
        return "process CPU time per operation (robust to other load on the machine)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStartNs = processCpuNs();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long cpu = processCpuNs() - cpuAtStartNs;
        long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
        if (cpu < 0 || ops <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }

    private static long processCpuNs() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }
}

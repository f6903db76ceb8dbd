package org.voipwatch.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.voipwatch.analyzer.event.EventJson;
import org.voipwatch.analyzer.event.EventType;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.event.Severity;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * {@link EventJson#toJson} of an {@code unexpected_flow} event as the flow tracker fills it (addresses, roles, no
 * rule, an {@code app} field): the sink thread's per-event cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventJsonBenchmark {
    private final EventJson json = new EventJson("voipwatch", "bench-site");
    private final MonitorEvent event = new MonitorEvent();
    private long timeNs;

    @Setup(Level.Trial)
    public void setUp() {
        event.clear();
        event.type = EventType.UNEXPECTED_FLOW;
        event.severity = Severity.WARNING;
        event.proto = "udp";
        event.flow(0, IpAddresses.v4Lo(0x0a0a_0001), 40_123, 0, IpAddresses.v4Lo(0x0a63_0035), 161); // 10.10.0.1, 10.99.0.53
        event.srcRole = "pbx";
        event.dstRole = "other";
        event.rule = null;
        event.fields.put("app", "other_udp");
        timeNs = 1_768_471_201_486_717_593L;
    }

    @Benchmark
    public int toJson() {
        event.timeNs = timeNs++; // a new time each op, as for a real event stream
        return json.toJson(event).length();
    }
}

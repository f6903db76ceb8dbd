package org.voipwatch.analyzer.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.decode.PacketDecoder;
import org.voipwatch.analyzer.detect.capture.CaptureLossDetector;
import org.voipwatch.analyzer.detect.capture.LossAnnotatingEmitter;
import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.EventJson;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.event.RingEventEmitter;
import org.voipwatch.analyzer.sink.EventCounters;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.sink.SinkStage;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.FlowTracker;
import org.voipwatch.capture.ring.CaptureLoop;
import org.voipwatch.capture.ring.PacketEvent;
import org.voipwatch.capture.ring.PacketEventFactory;
import org.voipwatch.capture.source.CaptureStats;
import org.voipwatch.capture.source.PacketSource;

/**
 * Wires the threads: capture (caller's thread) → packet ring → analyzer thread → event ring → sink thread.
 * On two cores a busy-spinning consumer would starve the JIT and GC, so the analyzer sleeps briefly when
 * idle and the sink blocks. Offline and live differ only in the {@link PacketSource}.
 */
public final class AnalysisPipeline {
    /** Empty-ring polls before the analyzer naps (Disruptor's default). */
    static final int ANALYZER_SPIN_TRIES = 200;
    /**
     * The analyzer's nap when the ring is empty: 100 µs keeps an idle live monitor near 0 % CPU (the default
     * 100 ns nap cost 13 % of a core polling), while 1024 slots absorb 100 µs of traffic even at 5 M packets/s.
     */
    static final long ANALYZER_IDLE_SLEEP_NS = 100_000L;

    private final AnalyzerConfig config;
    private final FlowMatrix matrix;
    private final List<EventSink> sinks;
    private final boolean lossless;
    private PipelineObserver observer;
    private Consumer<AnalysisContext> startHook;
    private PacketAnalyzer[] extraAnalyzers = new PacketAnalyzer[0];
    private List<CaptureStats> captureStats;
    private CaptureLossDetector.Settings lossSettings;

    /**
     * @param lossless true offline: the analyzer waits for a slow sink instead of dropping events
     */
    public AnalysisPipeline(AnalyzerConfig config, FlowMatrix matrix, List<EventSink> sinks, boolean lossless) {
        this.config = config.validate();
        this.matrix = matrix;
        this.sinks = sinks;
        this.lossless = lossless;
    }

    /** Sets a callback told where the counters live just before the first packet is read (e.g. metrics). */
    public AnalysisPipeline observer(PipelineObserver o) {
        this.observer = o;
        return this;
    }

    /**
     * Lets a caller reach the analyzer-thread components before the first packet (e.g. {@code matrix learn}
     * installs a {@link org.voipwatch.analyzer.track.FlowTracker.FlowObserver}). Called on the thread that calls
     * {@link #run}, before the analyzer thread starts, so what it sets is visible there.
     */
    public AnalysisPipeline onStart(Consumer<AnalysisContext> hook) {
        this.startHook = hook;
        return this;
    }

    /**
     * Adds analyzers that run after those of {@link Analyzers#create} (fault-injection tests; the registry stays
     * the one place for real analysis stages). They are then owned by the analyzer thread.
     */
    public AnalysisPipeline extraAnalyzers(PacketAnalyzer... extra) {
        this.extraAnalyzers = extra.clone();
        return this;
    }

    /**
     * Live capture: judge the capture's own losses ({@code capture_loss} events, {@code captureLoss} on the events
     * emitted while the latest sample showed loss). See {@link CaptureLossDetector}.
     */
    public AnalysisPipeline captureHealth(List<CaptureStats> stats, CaptureLossDetector.Settings settings) {
        this.captureStats = stats;
        this.lossSettings = settings;
        return this;
    }

    /** Runs the source to its end on the calling thread and returns when every event has been written. */
    public AnalysisResult run(PacketSource source) throws InterruptedException {
        Disruptor<MonitorEvent> events = new Disruptor<>(MonitorEvent::new, config.eventRingSize,
                DaemonThreadFactory.INSTANCE, ProducerType.SINGLE, new BlockingWaitStrategy());
        SinkStage sinkStage = new SinkStage(new EventJson(config.probe, matrix.name()), sinks,
                new EventCounters(matrix));
        CountingExceptionHandler<MonitorEvent> sinkErrors = new CountingExceptionHandler<>("event sink");
        events.handleEventsWith(sinkStage);
        events.setDefaultExceptionHandler(sinkErrors);
        RingBuffer<MonitorEvent> eventRing = events.start();
        RingEventEmitter emitter = new RingEventEmitter(eventRing, lossless);
        CaptureLossDetector loss = captureStats == null ? null
                : new CaptureLossDetector(captureStats, lossSettings, emitter);
        EventEmitter analysisEmitter = loss == null ? emitter : new LossAnnotatingEmitter(emitter, loss);

        AnalyzerCounters counters = new AnalyzerCounters();
        FlowTracker tracker = new FlowTracker(matrix, config, analysisEmitter, counters);
        CountDownLatch ended = new CountDownLatch(1);
        AnalysisContext context = new AnalysisContext(matrix, config, analysisEmitter, tracker, counters);
        PacketAnalyzer[] registered = Analyzers.create(context);
        // the capture-loss detector first: a sample noticed at time t marks the events the others emit at t
        int first = loss == null ? 0 : 1;
        PacketAnalyzer[] analyzers = new PacketAnalyzer[first + registered.length + extraAnalyzers.length];
        if (loss != null) {
            analyzers[0] = loss;
        }
        System.arraycopy(registered, 0, analyzers, first, registered.length);
        System.arraycopy(extraAnalyzers, 0, analyzers, first + registered.length, extraAnalyzers.length);
        if (startHook != null) {
            startHook.accept(context);
        }
        AnalyzerStage stage = new AnalyzerStage(new PacketDecoder(), tracker, counters, ended::countDown, analyzers);
        // live capture publishes from a thread per interface plus the idle ticker
        ProducerType producers = source.multiProducer() ? ProducerType.MULTI : ProducerType.SINGLE;
        Disruptor<PacketEvent> packets = new Disruptor<>(new PacketEventFactory(), config.packetRingSize,
                DaemonThreadFactory.INSTANCE, producers, new SleepingWaitStrategy(ANALYZER_SPIN_TRIES, ANALYZER_IDLE_SLEEP_NS));
        CountingExceptionHandler<PacketEvent> analyzerErrors = new CountingExceptionHandler<>("analyzer");
        packets.handleEventsWith(stage);
        packets.setDefaultExceptionHandler(analyzerErrors);
        RingBuffer<PacketEvent> packetRing = packets.start();

        if (observer != null) {
            observer.onStart(new PipelineObserver.View(matrix, counters, tracker.coverage(),
                    sinkStage.eventCounters(), tracker.table()::size, emitter::dropped, packetRing::remainingCapacity,
                    eventRing::remainingCapacity));
        }
        CaptureLoop loop = new CaptureLoop(packetRing, Math.min(CaptureLoop.BATCH_DEFAULT, config.packetRingSize));
        try {
            loop.run(source);
        } finally {
            source.close();
        }
        // the END slot was published; wait for the analyzer to fold its state, then for the sink to drain
        while (!ended.await(100, TimeUnit.MILLISECONDS)) {
            if (analyzerErrors.failures() > 0 && packetRing.remainingCapacity() == packetRing.getBufferSize()) {
                break; // the END handler itself failed: nothing more will come
            }
        }
        packets.shutdown();
        events.shutdown();
        sinkStage.closeSinks();
        long end = sinkStage.lastEventWrittenNanos();
        long now = System.nanoTime();
        long start = loop.firstPacketNanos();
        long processing = start == 0 ? 0 : Math.max(end, now) - start;
        counters.eventsEmitted = emitter.emitted();
        counters.eventsDropped = emitter.dropped();
        counters.handlerErrors = analyzerErrors.failures() + sinkErrors.failures();
        List<String> warnings = new ArrayList<>(source.warnings());
        if (counters.fragmentsEvicted > 0) {
            // a bound was hit: datagrams in reassembly were dropped (a fragment flood, or a lossy capture)
            warnings.add("IP fragment reassembly pool full: " + counters.fragmentsEvicted
                    + " incomplete datagrams evicted");
        }
        return new AnalysisResult(matrix, counters, tracker.coverage(), tracker.unexpectedGroups(),
                sinkStage.counts(), sinkStage.events(), sinkStage.critical(), emitter.dropped(),
                counters.handlerErrors, warnings, processing).withAnalyzers(analyzers);
    }
}

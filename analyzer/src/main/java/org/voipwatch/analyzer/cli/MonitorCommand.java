package org.voipwatch.analyzer.cli;

import static org.voipwatch.analyzer.cli.OptionValues.detectorsOption;
import static org.voipwatch.analyzer.cli.OptionValues.intOption;
import static org.voipwatch.analyzer.cli.OptionValues.secondsOption;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixException;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.config.AnalyzerConfig;
import org.voipwatch.analyzer.detect.capture.CaptureLossDetector;
import org.voipwatch.analyzer.event.MonitorEvent;
import org.voipwatch.analyzer.metrics.KafkaSinkMetrics;
import org.voipwatch.analyzer.metrics.MetricsServer;
import org.voipwatch.analyzer.pipeline.AnalysisPipeline;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.report.Summary;
import org.voipwatch.analyzer.sink.EventSink;
import org.voipwatch.analyzer.sink.JsonLinesSink;
import org.voipwatch.analyzer.sink.kafka.KafkaEventSink;
import org.voipwatch.capture.source.CaptureStats;
import org.voipwatch.capture.source.LiveCaptureConfig;
import org.voipwatch.capture.source.LiveCaptureException;
import org.voipwatch.capture.source.LivePacketSource;

/**
 * {@code voipwatch monitor -i IFACE --matrix M}: live analysis until stopped (SIGTERM/SIGINT, or {@code --duration}).
 * Settings come from, lowest precedence first: {@code --config FILE.properties}, environment variables
 * ({@code VOIPWATCH_MATRIX}, {@code VOIPWATCH_INTERFACES}, {@code VOIPWATCH_BPF}, {@code VOIPWATCH_PROBE},
 * {@code VOIPWATCH_KAFKA*}), the
 * command line. On a signal a shutdown hook stops the capture, waits (bounded) for the pipeline to drain and the
 * summary to be printed, and exits with the run's code. Runs on the caller's thread; see docs/live.md.
 */
final class MonitorCommand {
    /** How long a signal waits for the drain and the summary before the JVM is let go without them. */
    static final long SHUTDOWN_DEADLINE_SECONDS = 10;
    static final String ENV_MATRIX = "VOIPWATCH_MATRIX";
    static final String ENV_INTERFACES = "VOIPWATCH_INTERFACES";
    static final String ENV_BPF = "VOIPWATCH_BPF";
    static final String ENV_PROBE = "VOIPWATCH_PROBE";
    private static final String PCAP4J_LOG_PROPERTY = "org.slf4j.simpleLogger.log.org.pcap4j";
    private static final Set<String> CONFIG_KEYS = configKeys();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    private final List<String> binds = new ArrayList<>();
    private final List<String> cliInterfaces = new ArrayList<>();
    private final List<String> cliBinds = new ArrayList<>();
    private String matrixName;
    private String eventsTarget;
    private String format = "text";
    private double durationSeconds;
    private String metricsAddress;
    private final AnalyzerConfig config = new AnalyzerConfig();
    private final LiveCaptureConfig live = new LiveCaptureConfig();
    private final PublishOptions publish = new PublishOptions();
    private final CaptureLossDetector.Settings loss = new CaptureLossDetector.Settings();
    private volatile boolean stopRequested;
    /** The signal's wait: the deadline, plus the Kafka close timeout when publishing (the drain closes the sink). */
    private volatile long shutdownDeadlineSeconds = SHUTDOWN_DEADLINE_SECONDS;

    MonitorCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(List<String> argList) throws UsageException {
        // pcap4j logs every loop start and handle close at INFO; keep stderr for our own messages (a user's own
        // setting of the property wins)
        if (System.getProperty(PCAP4J_LOG_PROPERTY) == null) {
            System.setProperty(PCAP4J_LOG_PROPERTY, "warn");
        }
        configure(argList);
        FlowMatrix matrix;
        try {
            matrix = MatrixLoader.loadNamed(matrixName, binds);
        } catch (MatrixException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            config.validate();
            live.validate();
            loss.statsIntervalNanos = live.statsIntervalNanos;
            loss.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        LivePacketSource source;
        try {
            source = LivePacketSource.open(live, msg -> err.println("voipwatch: " + msg));
        } catch (LiveCaptureException e) {
            throw new UsageException(e.getMessage());
        }
        List<EventSink> sinks;
        try {
            sinks = sinks();
        } catch (UsageException e) {
            source.close();
            throw e;
        }
        KafkaEventSink kafkaSink = null;
        MetricsServer metrics;
        try {
            kafkaSink = publish.enabled() ? publish.open() : null;
            metrics = metricsAddress == null ? null : openMetrics(source, kafkaSink, matrix.name());
        } catch (UsageException e) {
            for (EventSink sink : sinks) {
                sink.close();
            }
            if (kafkaSink != null) {
                kafkaSink.close();
            }
            source.close();
            throw e;
        }
        if (kafkaSink != null) {
            sinks.add(kafkaSink);
            shutdownDeadlineSeconds = SHUTDOWN_DEADLINE_SECONDS
                    + (publish.kafka.closeTimeout.toMillis() + 999) / 1000;
        }
        PrintStream summaryOut = "-".equals(eventsTarget) ? err : out;
        err.println("voipwatch: monitoring " + source.describe() + (durationSeconds > 0
                ? String.format(Locale.ROOT, " for %.1f s", durationSeconds) : "; stop with Ctrl-C or SIGTERM"));

        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(Main.EXIT_USAGE);
        Thread hook = new Thread(() -> onShutdown(source, done, exitCode), "voipwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread timer = durationSeconds > 0 ? startTimer(source) : null;
        try {
            AnalysisResult result = new AnalysisPipeline(config, matrix, sinks, false).observer(metrics)
                    .captureHealth(source.stats(), loss).run(source);
            summaryOut.print(summary(result, source));
            summaryOut.flush();
            if (kafkaSink != null) {
                err.println(PublishOptions.report(kafkaSink));
            }
            for (String w : result.warnings) {
                err.println("voipwatch: warning: " + w);
            }
            if (!stopRequested) {
                err.println("voipwatch: capture ended on its own (see the warnings above); exiting");
                exitCode.set(Main.EXIT_USAGE);
            } else {
                exitCode.set(result.criticalEvents > 0 ? Main.EXIT_CRITICAL : Main.EXIT_OK);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("voipwatch: interrupted");
            exitCode.set(Main.EXIT_USAGE);
        } finally {
            if (metrics != null) {
                metrics.close();
            }
            done.countDown();
            if (timer != null) {
                timer.interrupt();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running and will exit with our code
            }
        }
        return exitCode.get();
    }

    /** The shutdown hook's body: stop, wait for the drain and the summary, then exit with the run's code. */
    private void onShutdown(LivePacketSource source, CountDownLatch done, AtomicInteger exitCode) {
        if (done.getCount() == 0) {
            return;
        }
        long deadline = shutdownDeadlineSeconds;
        err.println("voipwatch: stopping: draining the pipeline (at most " + deadline + " s)");
        stopRequested = true;
        source.stop();
        boolean drained = false;
        try {
            drained = done.await(deadline, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
        err.flush();
        if (drained) {
            // a signal would otherwise end the JVM with 128+signal; monitoring that ended cleanly reports like analyze
            Runtime.getRuntime().halt(exitCode.get());
        }
        err.println("voipwatch: the pipeline did not drain within " + deadline + " s");
    }

    private MetricsServer openMetrics(LivePacketSource source, KafkaEventSink kafkaSink, String matrixLabel)
            throws UsageException {
        try {
            MetricsServer m = MetricsServer.start(metricsAddress, config.probe, matrixLabel);
            new CaptureMetrics(source.stats()).bindTo(m.registry());
            if (kafkaSink != null) {
                new KafkaSinkMetrics(kafkaSink).bindTo(m.registry());
            }
            err.println("voipwatch: metrics on http://" + metricsAddress.substring(0, metricsAddress.lastIndexOf(':'))
                    + ":" + m.port() + "/metrics");
            return m;
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot serve metrics on " + metricsAddress + ": " + e.getMessage());
        }
    }

    /**
     * {@code voipwatch_capture_packets_total{interface, outcome}}: libpcap's received/dropped/if_dropped (sampled
     * every 5 s) and the capture threads' published/ring_full counts, read from {@link CaptureStats} at scrape time.
     */
    static final class CaptureMetrics implements MeterBinder {
        private final List<CaptureStats> stats;

        CaptureMetrics(List<CaptureStats> stats) {
            this.stats = stats;
        }

        @Override
        public void bindTo(MeterRegistry r) {
            String d = "Frames per capture interface: received and dropped (kernel buffer full) or if_dropped "
                    + "(interface) as libpcap counts them, published to the analyzer, or lost because the packet "
                    + "ring stayed full (ring_full)";
            for (CaptureStats s : stats) {
                counter(r, d, s, "received", CaptureStats::received);
                counter(r, d, s, "dropped", CaptureStats::dropped);
                counter(r, d, s, "if_dropped", CaptureStats::ifDropped);
                counter(r, d, s, "published", CaptureStats::published);
                counter(r, d, s, "ring_full", CaptureStats::ringFull);
            }
        }

        private static void counter(MeterRegistry r, String d, CaptureStats s, String outcome,
                                    ToDoubleFunction<CaptureStats> f) {
            FunctionCounter.builder("voipwatch.capture.packets", s, f).description(d)
                    .tag("interface", s.interfaceName()).tag("outcome", outcome).register(r);
        }
    }

    private Thread startTimer(LivePacketSource source) {
        long millis = (long) (durationSeconds * 1000);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            stopRequested = true;
            source.stop();
        }, "voipwatch-duration");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private List<EventSink> sinks() throws UsageException {
        List<EventSink> sinks = new ArrayList<>();
        if (eventsTarget == null) {
            sinks.add(new NullSink());
        } else if (eventsTarget.equals("-")) {
            sinks.add(new JsonLinesSink(out, "stdout", false));
        } else {
            try {
                // appended: a monitor restarted by its supervisor keeps what it reported before
                sinks.add(new JsonLinesSink(new BufferedOutputStream(new FileOutputStream(eventsTarget, true),
                        1 << 16), eventsTarget, true));
            } catch (IOException e) {
                throw new UsageException("cannot write events to " + eventsTarget + ": " + e.getMessage());
            }
        }
        return sinks;
    }

    private String summary(AnalysisResult result, LivePacketSource source) {
        List<String> inputs = new ArrayList<>(live.interfaces);
        if (format.equals("json")) {
            String json = Summary.json(result, inputs);
            return json.substring(0, json.length() - 1) + ",\"capture\":" + captureJson(source.stats()) + "}\n";
        }
        String text = Summary.text(result, inputs);
        if (text.startsWith("voipwatch analyze: ")) {
            text = "voipwatch monitor: " + text.substring("voipwatch analyze: ".length());
        }
        // the speed line measures first packet to end of run: for a monitor that is the run time, not a speed
        text = text.replaceFirst("(?m)^speed .*\\R", "");
        return text + captureText(source.stats());
    }

    static String captureText(List<CaptureStats> stats) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("\nCAPTURE (libpcap pcap_stats at stop)\n");
        sb.append(String.format(Locale.ROOT, "  %-16s %12s %10s %10s %12s %10s%n", "INTERFACE", "RECEIVED", "DROPPED",
                "IF-DROPPED", "PUBLISHED", "RING-FULL"));
        for (CaptureStats s : stats) {
            sb.append(String.format(Locale.ROOT, "  %-16s %,12d %,10d %,10d %,12d %,10d%n", s.interfaceName(),
                    s.received(), s.dropped(), s.ifDropped(), s.published(), s.ringFull()));
        }
        return sb.toString();
    }

    static String captureJson(List<CaptureStats> stats) {
        StringBuilder sb = new StringBuilder(256).append('[');
        for (CaptureStats s : stats) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append("{\"interface\":");
            org.voipwatch.analyzer.event.Json.appendString(sb, s.interfaceName());
            sb.append(",\"received\":").append(s.received()).append(",\"dropped\":").append(s.dropped())
                    .append(",\"ifDropped\":").append(s.ifDropped()).append(",\"published\":").append(s.published())
                    .append(",\"ringFull\":").append(s.ringFull()).append(",\"framesCut\":").append(s.framesCut())
                    .append('}');
        }
        return sb.append(']').toString();
    }

    private static Set<String> configKeys() {
        Set<String> keys = new java.util.HashSet<>(Set.of("matrix", "interfaces", "bind", "bpf", "snaplen",
                "buffer-mb", "promisc", "immediate", "events", "probe", "duration", "format", "max-flows",
                "syn-timeout", "udp-timeout", "metrics", "grace", "stun-timeout", "stats-interval",
                "capture-loss-ratio", "capture-loss-packets", "capture-api"));
        keys.addAll(PublishOptions.configKeys());
        return Set.copyOf(keys);
    }

    /** Config file, then environment, then command line: each later source overrides what it sets. */
    private void configure(List<String> argList) throws UsageException {
        String configFile = findConfigFile(argList);
        if (configFile != null) {
            loadConfigFile(configFile);
        }
        applyEnvironment();
        parse(argList);
        if (!cliInterfaces.isEmpty()) {
            live.interfaces.clear();
            live.interfaces.addAll(cliInterfaces);
        }
        binds.addAll(cliBinds);
        if (live.interfaces.isEmpty()) {
            throw new UsageException("monitor needs at least one interface: -i IFACE (or " + ENV_INTERFACES + ")");
        }
        if (matrixName == null) {
            throw new UsageException("monitor needs --matrix NAME|FILE (or " + ENV_MATRIX + "; built-in: "
                    + String.join(", ", MatrixLoader.builtInProfiles()) + ")");
        }
    }

    private static String findConfigFile(List<String> argList) throws UsageException {
        String file = null;
        for (int i = 0; i < argList.size(); i++) {
            String a = argList.get(i);
            if (a.equals("--config")) {
                if (i + 1 >= argList.size()) {
                    throw new UsageException("--config needs a value");
                }
                file = argList.get(i + 1);
            } else if (a.startsWith("--config=")) {
                file = a.substring("--config=".length());
            }
        }
        return file;
    }

    private void loadConfigFile(String file) throws UsageException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Paths.get(file), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
        }
        for (String key : p.stringPropertyNames()) {
            if (!CONFIG_KEYS.contains(key)) {
                throw new UsageException(file + ": unknown key '" + key + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(CONFIG_KEYS)) + ")");
            }
            String v = p.getProperty(key).trim();
            String where = file + ": " + key;
            switch (key) {
                case "interfaces": setInterfaces(v); break;
                case "bind":
                    for (String b : v.split(";")) {
                        if (!b.isBlank()) {
                            binds.add(b.trim());
                        }
                    }
                    break;
                case "promisc": live.promiscuous = bool(where, v); break;
                case "immediate": live.immediate = bool(where, v); break;
                default: apply("--" + key, where, v);
            }
        }
    }

    private void applyEnvironment() throws UsageException {
        String m = env.get(ENV_MATRIX);
        if (m != null && !m.isBlank()) {
            matrixName = m.trim();
        }
        String i = env.get(ENV_INTERFACES);
        if (i != null && !i.isBlank()) {
            setInterfaces(i);
        }
        String b = env.get(ENV_BPF);
        if (b != null && !b.isBlank()) {
            live.bpf = b.trim();
        }
        String p = env.get(ENV_PROBE);
        if (p != null && !p.isBlank()) {
            config.probe = p.trim();
        }
        publish.applyEnvironment(env);
    }

    private void setInterfaces(String list) {
        live.interfaces.clear();
        for (String s : list.split("[,\\s]+")) {
            if (!s.isBlank()) {
                live.interfaces.add(s.trim());
            }
        }
    }

    private void parse(List<String> argList) throws UsageException {
        Args args = new Args(argList);
        while (args.hasNext()) {
            String a = args.next();
            switch (a) {
                case "-i": case "--interface": cliInterfaces.add(args.value(a)); break;
                case "--bind": cliBinds.add(args.value(a)); break;
                case "--promisc": live.promiscuous = true; break;
                case "--immediate": live.immediate = true; break;
                case "--quiet": case "-q": break; // monitor prints no progress line; accepted like analyze
                case "--config": args.value(a); break; // read first, see configure()
                default:
                    if (!a.startsWith("-")) {
                        throw new UsageException("monitor takes no positional argument, got '" + a
                                + "' (interfaces are given with -i)");
                    }
                    apply(a, a, args.value(a));
            }
        }
    }

    /** One valued option, from the command line or (as --key) from the config file; {@code where} names it. */
    private void apply(String option, String where, String v) throws UsageException {
        if (PublishOptions.OPTIONS.contains(option)) {
            publish.apply(option, where, v);
            return;
        }
        switch (option) {
            case "--matrix": matrixName = v; break;
            case "--bpf": live.bpf = v; break;
            case "--snaplen": live.snaplen = intOption(where, v); break;
            case "--buffer-mb":
                int mb = intOption(where, v);
                if (mb < 1 || mb > 2047) {
                    throw new UsageException(where + " must be in 1..2047 (MiB), got " + mb);
                }
                live.bufferBytes = mb << 20;
                break;
            case "--events": eventsTarget = v; break;
            case "--probe": config.probe = v; break;
            case "--duration": durationSeconds = secondsOption(where, v) / 1e9; break;
            case "--format":
                if (!v.equals("text") && !v.equals("json")) {
                    throw new UsageException(where + " must be text or json, got '" + v + "'");
                }
                format = v;
                break;
            case "--max-flows": config.maxFlows = intOption(where, v); break;
            case "--syn-timeout": config.synTimeoutNs = secondsOption(where, v); break;
            case "--udp-timeout": config.udpUnansweredTimeoutNs = secondsOption(where, v); break;
            case "--metrics": metricsAddress = v; break;
            case "--grace": config.mediaGraceNs = secondsOption(where, v); break;
            case "--detectors": detectorsOption(config, where, v); break;
            case "--stun-timeout": config.stunTransactionTimeoutNs = secondsOption(where, v); break;
            case "--stats-interval": live.statsIntervalNanos = secondsOption(where, v); break;
            case "--capture-api":
                if (!v.equals(LiveCaptureConfig.API_DIRECT) && !v.equals(LiveCaptureConfig.API_BATCH)
                        && !v.equals(LiveCaptureConfig.API_PCAP4J)) {
                    throw new UsageException(where + " must be " + LiveCaptureConfig.API_DIRECT + ", "
                            + LiveCaptureConfig.API_BATCH + " or " + LiveCaptureConfig.API_PCAP4J
                            + ", got '" + v + "'");
                }
                live.api = v;
                break;
            case "--capture-loss-ratio":
                try {
                    loss.ratio = Double.parseDouble(v.endsWith("%") ? v.substring(0, v.length() - 1) : v)
                            / (v.endsWith("%") ? 100 : 1);
                } catch (NumberFormatException e) {
                    throw new UsageException(where + " needs a fraction such as 0.001 or 0.1%, got '" + v + "'");
                }
                if (!(loss.ratio > 0) || loss.ratio > 1) {
                    throw new UsageException(where + " must be in (0, 1] (or 0%..100%), got '" + v + "'");
                }
                break;
            case "--capture-loss-packets":
                loss.minPackets = intOption(where, v);
                if (loss.minPackets < 1) {
                    throw new UsageException(where + " must be at least 1, got " + v);
                }
                break;
            default:
                throw new UsageException("monitor: unknown option " + option + " (try: voipwatch --help)");
        }
    }

    private static boolean bool(String name, String v) throws UsageException {
        if (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no")) {
            return false;
        }
        throw new UsageException(name + " must be true or false, got '" + v + "'");
    }

    /** Discards events (the summary still counts them). */
    private static final class NullSink implements EventSink {
        @Override
        public void onEvent(MonitorEvent event, CharSequence json, String key) {
        }

        @Override
        public void onBatchEnd() {
        }

        @Override
        public void close() {
        }
    }
}

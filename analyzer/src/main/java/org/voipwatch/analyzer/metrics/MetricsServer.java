package org.voipwatch.analyzer.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.voipwatch.analyzer.pipeline.PipelineObserver;

/**
 * A tiny HTTP endpoint for Prometheus: {@code GET /metrics} (OpenMetrics or the text format, chosen from the
 * Accept header as Prometheus negotiates) and {@code GET /health}. One daemon thread serves requests, so
 * scrapes never touch the capture, analyzer or sink threads; the values are read from their counters.
 */
public final class MetricsServer implements AutoCloseable, PipelineObserver {
    /** Label on every series: the capture point ({@code --probe}). */
    public static final String PROBE_TAG = "probe";
    /** Label on every series: the name of the matrix in use. */
    public static final String MATRIX_TAG = "matrix";
    static final String DEFAULT_PROBE = "voipwatch";
    static final String NO_MATRIX = "none";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final List<PipelineMetrics> pipelines = new CopyOnWriteArrayList<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final HttpServer server;
    private final ExecutorService executor;

    private final String probe;
    private final String matrix;

    private MetricsServer(HttpServer server, String probe, String matrix) {
        this.server = server;
        this.probe = probe;
        this.matrix = matrix;
        // before any meter exists: common tags apply only to meters registered after them
        registry.config().commonTags(PROBE_TAG, probe, MATRIX_TAG, matrix);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "voipwatch-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", this::metrics);
        server.createContext("/health", this::health);
    }

    /** {@link #start(String, String, String)} with probe {@code voipwatch} and matrix {@code none}. */
    public static MetricsServer start(String address) throws IOException {
        return start(address, DEFAULT_PROBE, NO_MATRIX);
    }

    /**
     * Binds and starts serving; {@code address} as HOST:PORT ({@code [::1]:9464} for IPv6), port 0 = any. Every
     * series carries {@code probe} and {@code matrix} labels (one value each per process, so they add no series)
     * so that dashboards can select a capture point and a matrix among several voipwatch processes.
     */
    public static MetricsServer start(String address, String probe, String matrix) throws IOException {
        MetricsServer m = new MetricsServer(HttpServer.create(parse(address), 16), probe, matrix);
        m.server.start();
        return m;
    }

    static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("metrics address must be HOST:PORT, got '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metrics port must be a number, got '" + address + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be 0..65535, got " + port);
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Registers the pipeline's meters once, when it starts. */
    @Override
    public void onStart(View view) {
        PipelineMetrics p = new PipelineMetrics(view);
        p.bindTo(registry);
        new CallMetrics(view.counters, probe, matrix).bindTo(registry);
        pipelines.add(p);
    }

    private void metrics(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            for (PipelineMetrics p : pipelines) {
                p.refresh();
            }
            ExpositionFormatWriter writer = formats.findWriter(ex.getRequestHeaders().getFirst("Accept"));
            ByteArrayOutputStream body = new ByteArrayOutputStream(16_384);
            writer.write(body, registry.getPrometheusRegistry().scrape());
            ex.getResponseHeaders().set("Content-Type", writer.getContentType());
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, body.size());
            try (OutputStream os = ex.getResponseBody()) {
                body.writeTo(os);
            }
        }
    }

    private void health(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] ok = "ok\n".getBytes(StandardCharsets.US_ASCII);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(200, ok.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(ok);
            }
        }
    }

    /** Stops serving at once and releases the JVM binders. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        gc.close();
        registry.close();
    }
}

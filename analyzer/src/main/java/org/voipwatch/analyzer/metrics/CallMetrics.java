package org.voipwatch.analyzer.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;
import org.voipwatch.analyzer.detect.call.CallVerdict;
import org.voipwatch.analyzer.protocol.sip.SipMethod;
import org.voipwatch.analyzer.protocol.stun.StunMessage;
import org.voipwatch.analyzer.track.AnalyzerCounters;
import org.voipwatch.analyzer.track.MediaQuality;
import org.voipwatch.analyzer.track.StunCounters;

/**
 * Registers, once, the call, media, SIP, STUN/TURN and table-eviction meters (docs/metrics.md) as functions
 * reading {@link AnalyzerCounters}. Every label value comes from a closed set: verdicts, SIP method codes,
 * response classes, STUN classes × methods, a fixed list of STUN error codes, table and reason names,
 * directions. The media quality histograms are Prometheus collectors ({@link FixedHistogramCollector}) because
 * Micrometer has no histogram that reads externally kept buckets; they exist only on a Prometheus registry.
 *
 * <p>Binding happens on the thread that starts the pipeline; reads on the scrape thread.
 */
public final class CallMetrics implements MeterBinder {
    /**
     * STUN/TURN error codes exported by value (RFC 8489 §14.8, RFC 8656 §19, RFC 6062, RFC 8445 ICE 487); any
     * other code, or an error response without ERROR-CODE, is {@code code="other"}.
     */
    static final int[] STUN_ERROR_CODES = {300, 400, 401, 403, 405, 408, 420, 437, 438, 440, 441, 442, 443, 446,
        447, 486, 487, 500, 508};
    private static final String EVICTIONS = "voipwatch.table.evictions";
    private static final String EVICTIONS_HELP = "Entries removed from a bounded table before their natural end, "
            + "or refused, by table and reason";

    private final AnalyzerCounters c;
    /** probe/matrix labels for the histograms registered beneath Micrometer (its common tags do not reach them). */
    private final String[] commonLabels;

    public CallMetrics(AnalyzerCounters counters) {
        this(counters, null, null);
    }

    public CallMetrics(AnalyzerCounters counters, String probe, String matrix) {
        this.c = counters;
        this.commonLabels = probe == null ? new String[0]
                : new String[] {MetricsServer.PROBE_TAG, probe, MetricsServer.MATRIX_TAG, matrix};
    }

    @Override
    public void bindTo(MeterRegistry r) {
        calls(r);
        sip(r);
        stun(r);
        evictions(r);
        if (r instanceof PrometheusMeterRegistry p) {
            MediaQuality q = c.mediaQuality;
            p.getPrometheusRegistry().register(new FixedHistogramCollector("voipwatch_rtp_mos",
                    "Estimated MOS (E-model) of finished calls, per media direction", q.mos, commonLabels));
            p.getPrometheusRegistry().register(new FixedHistogramCollector("voipwatch_rtp_jitter_seconds",
                    "Mean RTP interarrival jitter of finished calls, per media direction", q.jitterSeconds, commonLabels));
            p.getPrometheusRegistry().register(new FixedHistogramCollector("voipwatch_rtp_loss_ratio",
                    "RTP packet loss (lost / expected) of finished calls, per media direction", q.lossRatio, commonLabels));
        }
    }

    private void calls(MeterRegistry r) {
        for (int v = 0; v < CallVerdict.COUNT; v++) {
            final int k = v;
            FunctionCounter.builder("voipwatch.calls", c, x -> x.callsByVerdict[k])
                    .description("Calls ended, by verdict (call_summary)").tag("verdict", CallVerdict.name(k))
                    .register(r);
        }
        Gauge.builder("voipwatch.calls.active", c, x -> x.callsActive)
                .description("Calls in progress (INVITE seen, not yet ended)").register(r);
        Gauge.builder("voipwatch.rtp.streams.active", c, x -> x.rtpStreamsActive)
                .description("Confirmed RTP streams not yet expired").register(r);
        FunctionCounter.builder("voipwatch.rtp.streams", c, x -> x.rtpStreamsConfirmed)
                .description("RTP streams confirmed (consecutive sequence numbers)").register(r);
        FunctionCounter.builder("voipwatch.rtp.packets", c, x -> x.rtpPackets)
                .description("RTP packets read by the media tracker").register(r);
    }

    private void sip(MeterRegistry r) {
        for (int m = 0; m < SipMethod.COUNT; m++) {
            final int k = m;
            FunctionCounter.builder("voipwatch.sip.requests", c, x -> x.sipRequests[k])
                    .description("SIP requests, by method (OTHER = extension methods); retransmissions included")
                    .tag("method", SipMethod.name(k)).register(r);
        }
        for (int cls = 1; cls <= 6; cls++) {
            final int lo = cls * 100;
            FunctionCounter.builder("voipwatch.sip.responses", c, x -> sum(x.sipResponses, lo, lo + 100))
                    .description("SIP responses, by status class").tag("class", cls + "xx").register(r);
        }
        FunctionCounter.builder("voipwatch.sip.responses", c, x -> x.sipResponses[0])
                .description("SIP responses, by status class").tag("class", "other").register(r);
        FunctionCounter.builder("voipwatch.sip.request.retransmissions", c, x -> x.sipRequestRetransmissions)
                .description("SIP requests seen again in an open transaction").register(r);
        FunctionCounter.builder("voipwatch.sip.malformed", c, x -> x.sipMalformed)
                .description("SIP messages or framed TCP data that did not parse cleanly").register(r);
    }

    private void stun(MeterRegistry r) {
        StunCounters s = c.stun;
        for (int cls = 0; cls < StunCounters.CLASSES; cls++) {
            for (int m = 0; m < StunCounters.METHODS; m++) {
                if (m == 5) {
                    continue; // 0x005 is unassigned (RFC 8656 skips it): StunAnalyzer never counts there
                }
                final int kc = cls;
                final int km = m;
                String method = m == 0 ? "other" : StunMessage.methodName(m);
                FunctionCounter.builder("voipwatch.stun.messages", s, x -> x.messages[kc][km])
                        .description("STUN/TURN messages, by class and method (other = any other method)")
                        .tags("class", StunMessage.className(kc), "method", method).register(r);
            }
        }
        for (int code : STUN_ERROR_CODES) {
            final int k = code - StunCounters.MIN_ERROR_CODE;
            FunctionCounter.builder("voipwatch.stun.errors", s, x -> x.errorCodes[k])
                    .description("STUN/TURN error responses, by ERROR-CODE").tag("code", Integer.toString(code))
                    .register(r);
        }
        FunctionCounter.builder("voipwatch.stun.errors", s, CallMetrics::otherStunErrors)
                .description("STUN/TURN error responses, by ERROR-CODE").tag("code", "other").register(r);
        FunctionCounter.builder("voipwatch.stun.responses", s, x -> x.successResponses)
                .description("STUN/TURN responses, by class (matched to a request or not)").tag("class", "success")
                .register(r);
        FunctionCounter.builder("voipwatch.stun.responses", s, x -> x.errorResponses)
                .description("STUN/TURN responses, by class (matched to a request or not)").tag("class", "error")
                .register(r);
        FunctionCounter.builder("voipwatch.stun.responses.unmatched", s, x -> x.unmatchedResponses)
                .description("STUN/TURN responses with no open request (late, duplicate, request not captured)")
                .register(r);
        FunctionCounter.builder("voipwatch.stun.requests.unanswered", s, x -> x.unanswered)
                .description("STUN/TURN requests closed by the timeout without a response").register(r);
        FunctionCounter.builder("voipwatch.stun.requests", s, x -> x.requests)
                .description("STUN/TURN requests (first transmissions)").register(r);
        FunctionCounter.builder("voipwatch.turn.allocations", s, x -> x.allocationsSucceeded)
                .description("TURN allocations, by outcome").tag("outcome", "success").register(r);
        FunctionCounter.builder("voipwatch.turn.allocations", s, x -> x.allocationErrors)
                .description("TURN allocations, by outcome").tag("outcome", "error").register(r);
        FunctionCounter.builder("voipwatch.turn.allocations", s, x -> x.allocationChallenges)
                .description("TURN allocations, by outcome").tag("outcome", "challenge").register(r);
    }

    private void evictions(MeterRegistry r) {
        eviction(r, "calls", "idle", x -> x.callsExpired - x.callsMaxAge);
        eviction(r, "calls", "max_age", x -> x.callsMaxAge);
        eviction(r, "calls", "full", x -> x.callTableFull);
        eviction(r, "rtp_streams", "idle", x -> x.rtpStreamsExpired);
        eviction(r, "rtp_streams", "full", x -> x.rtpStreamTableFull);
        eviction(r, "sip_transactions", "full", x -> x.sipTransactionsFull);
        eviction(r, "sip_tcp_streams", "full", x -> x.sipTcpStreamsEvicted);
        eviction(r, "stun_transactions", "full", x -> x.stun.transactionsEvicted);
        eviction(r, "stun_flows", "full", x -> x.stun.flowsEvicted);
        eviction(r, "turn_allocations", "full", x -> x.stun.allocationsEvicted);
        eviction(r, "learned_addresses", "full", x -> x.learnedAddressesEvicted);
        eviction(r, "fragments", "timeout", x -> x.fragmentsExpired);
        eviction(r, "fragments", "full", x -> x.fragmentsEvicted);
        // the flow table keeps its historical name voipwatch_flow_table_evictions_total as well (PipelineMetrics)
        eviction(r, "flows", "idle", x -> x.flowsExpired);
        eviction(r, "flows", "emergency", x -> x.flowsEvictedEmergency);
        eviction(r, "flows", "full", x -> x.flowTableFull);
    }

    private void eviction(MeterRegistry r, String table, String reason, ToDoubleFunction<AnalyzerCounters> f) {
        FunctionCounter.builder(EVICTIONS, c, f).description(EVICTIONS_HELP).tags("table", table, "reason", reason)
                .register(r);
    }

    private static double sum(long[] a, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n += a[i];
        }
        return n;
    }

    private static double otherStunErrors(StunCounters s) {
        long n = s.errorOther;
        for (int i = 0; i < s.errorCodes.length; i++) {
            n += s.errorCodes[i];
        }
        for (int code : STUN_ERROR_CODES) {
            n -= s.errorCodes[code - StunCounters.MIN_ERROR_CODE];
        }
        return Math.max(0, n);
    }
}

package org.voipwatch.analyzer.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.voipwatch.analyzer.detect.call.CallAnalyzer;
import org.voipwatch.analyzer.detect.stun.StunAnalyzer;
import org.voipwatch.analyzer.report.html.MediaTimelineRecorder;
import org.voipwatch.analyzer.report.html.SipLadderRecorder;
import org.voipwatch.analyzer.track.dns.HostNameLearner;

/**
 * The protocol analyzers that run after flow tracking, in order. Add a new analysis stage here (one line),
 * so that every entry point (analyze, monitor, tests) runs the same set. {@code --detectors} leaves some out
 * ({@link org.voipwatch.analyzer.config.AnalyzerConfig#detectors}); the DNS/SNI learner always runs because
 * classification needs it.
 */
public final class Analyzers {
    private Analyzers() {
    }

    public static PacketAnalyzer[] create(AnalysisContext ctx) {
        List<PacketAnalyzer> list = new ArrayList<>();
        if (ctx.matrix.hasHostPatterns()) {
            list.add(new HostNameLearner(ctx)); // DNS-named roles: addresses from DNS answers and TLS SNI
        }
        if (ctx.config.detectCalls) {
            list.add(new CallAnalyzer(ctx)); // SIP dialogs, SDP expectations, RTP streams, audio detectors
        }
        if (ctx.config.detectStun) {
            list.add(new StunAnalyzer(ctx)); // STUN/TURN/ICE transactions, allocations, relayed media
        }
        if (ctx.config.recordSipLadder) {
            SipLadderRecorder ladder = new SipLadderRecorder(ctx.matrix);
            list.add(ladder); // offline HTML report only: SIP messages of the first calls
            list.add(new MediaTimelineRecorder(ladder)); // after the ladder: loss and jitter per second of its calls
        }
        return list.toArray(new PacketAnalyzer[0]);
    }
}

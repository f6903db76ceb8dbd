package org.voipwatch.analyzer.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.voipwatch.analyzer.detect.call.CallAnalyzer;

/**
 * The protocol analyzers that run after flow tracking, in order. Add a new analysis stage here (one line),
 * so that every entry point (analyze, monitor, tests) runs the same set.
 */
public final class Analyzers {
    private Analyzers() {
    }

    public static PacketAnalyzer[] create(AnalysisContext ctx) {
        List<PacketAnalyzer> list = new ArrayList<>();
        list.add(new CallAnalyzer(ctx));
        return list.toArray(new PacketAnalyzer[0]);
    }
}

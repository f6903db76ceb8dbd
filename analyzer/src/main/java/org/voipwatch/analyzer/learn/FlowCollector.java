package org.voipwatch.analyzer.learn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.track.FlowTable;
import org.voipwatch.analyzer.track.FlowTracker;

/**
 * Records every flow that matched no rule of the base matrix, aggregated per (initiator address, responder
 * address, protocol, responder port), for {@link MatrixDraft}. Written by the analyzer thread during the run (one
 * call per finished flow, allocating: this is the offline learn tool, not the monitor), read by the CLI thread
 * after {@code AnalysisPipeline.run} returned (the pipeline's end latch orders the two).
 */
public final class FlowCollector implements FlowTracker.FlowObserver {
    /** Distinct endpoint pairs kept; flows beyond are counted in {@link #overflowFlows}. */
    public static final int MAX_ENDPOINT_PAIRS = 200_000;

    /** One endpoint pair's undocumented flows. */
    public static final class Pair {
        public final long initHi;
        public final long initLo;
        public final long respHi;
        public final long respLo;
        public final int proto;
        public final int respPort;
        /** Role masks from the base matrix (bound or DNS-learned), {@link FlowMatrix#OTHER_BIT} when none. */
        public final long initRoles;
        public final long respRoles;
        public final int exampleInitPort;
        public long flows;
        public long answered;
        public long blocked;
        public long packets;
        /** Flows per {@link ProtocolClass}. */
        public final long[] classFlows = new long[ProtocolClass.COUNT];

        Pair(FlowTable t, int slot) {
            initHi = t.initHi(slot);
            initLo = t.initLo(slot);
            respHi = t.respHi(slot);
            respLo = t.respLo(slot);
            proto = t.proto(slot);
            respPort = t.respPort(slot);
            initRoles = t.initRoles[slot];
            respRoles = t.respRoles[slot];
            exampleInitPort = t.initPort(slot);
        }

        /** The protocol class most of the flows carried. */
        public int mainClass() {
            int best = 0;
            for (int c = 1; c < classFlows.length; c++) {
                if (classFlows[c] > classFlows[best]) {
                    best = c;
                }
            }
            return best;
        }
    }

    private static final class Key {
        final long a;
        final long b;
        final long c;
        final long d;
        final int protoPort;

        Key(long a, long b, long c, long d, int protoPort) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.d = d;
            this.protoPort = protoPort;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return a == k.a && b == k.b && c == k.c && d == k.d && protoPort == k.protoPort;
        }

        @Override
        public int hashCode() {
            return Objects.hash(a, b, c, d, protoPort);
        }
    }

    private final Map<Key, Pair> pairs = new LinkedHashMap<>();
    public long documentedFlows;
    public long undocumentedFlows;
    public long overflowFlows;

    @Override
    public void onFlowEnd(FlowTable t, int slot, boolean answered, boolean blocked) {
        if (t.rule[slot] != FlowMatrix.NO_RULE) {
            documentedFlows++;
            return;
        }
        undocumentedFlows++;
        Key k = new Key(t.initHi(slot), t.initLo(slot), t.respHi(slot), t.respLo(slot),
                (t.proto(slot) << 16) | t.respPort(slot));
        Pair p = pairs.get(k);
        if (p == null) {
            if (pairs.size() >= MAX_ENDPOINT_PAIRS) {
                overflowFlows++;
                return;
            }
            p = new Pair(t, slot);
            pairs.put(k, p);
        }
        p.flows++;
        p.answered += answered ? 1 : 0;
        p.blocked += blocked ? 1 : 0;
        p.packets += t.initPackets[slot] + t.respPackets[slot];
        p.classFlows[t.protocolClass[slot] & 0xff]++;
    }

    /** The pairs in first-seen order. */
    public Iterable<Pair> pairs() {
        return pairs.values();
    }

    public int pairCount() {
        return pairs.size();
    }
}

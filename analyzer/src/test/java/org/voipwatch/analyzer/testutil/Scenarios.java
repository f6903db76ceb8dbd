package org.voipwatch.analyzer.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.voipwatch.analyzer.testutil.Captures.Timed;

/**
 * Captures whose events are known by construction against examples/demo-matrix.yaml (the same frames as
 * cli/AnalyzeCommandTest): 14 packets, 5 events — unexpected_flow warning (trunk → pbx udp 5070), unexpected_flow
 * info (10.1.1.1 → 10.1.1.2 udp 9999), blocked_flow critical tcp_rst and tcp_syn_unanswered (rule sbc-sips-pbx)
 * and icmp_unreachable (rule trunk-sip-in).
 */
public final class Scenarios {
    public static final long T0 = 1_700_000_000_000_000_000L;
    public static final long MS = 1_000_000L;

    private Scenarios() {
    }

    public static Path demoMatrix() {
        return Captures.repoRoot().resolve("examples/demo-matrix.yaml");
    }

    /** The five-event scenario, plus {@code extraFlows} undocumented one-packet UDP flows 10.2.x.y → 10.3.0.1. */
    public static Path fiveEvents(Path file, int extraFlows) throws IOException {
        List<Timed> f = new ArrayList<>();
        f.add(new Timed(T0, Frames.udp("127.0.20.1", 40000, "127.0.10.1", 5060, "OPTIONS sip:pbx SIP/2.0\r\n\r\n")));
        f.add(new Timed(T0 + 2 * MS, Frames.udp("127.0.10.1", 5060, "127.0.20.1", 40000, "SIP/2.0 200 OK\r\n\r\n")));
        for (int i = 0; i < 3; i++) {
            f.add(new Timed(T0 + (10 + i) * MS, Frames.udp("127.0.30.5", 5555, "127.0.10.1", 5070, "hello")));
        }
        f.add(new Timed(T0 + 20 * MS, Frames.tcp("127.0.20.1", 41000, "127.0.10.1", 5061, Frames.TCP_SYN, 100, 0)));
        f.add(new Timed(T0 + 21 * MS, Frames.tcp("127.0.10.1", 5061, "127.0.20.1", 41000,
                Frames.TCP_RST | Frames.TCP_ACK, 0, 101)));
        for (long s : new long[] {0, 1000, 3000}) {
            f.add(new Timed(T0 + (30 + s) * MS, Frames.tcp("127.0.20.1", 41001, "127.0.10.1", 5061, Frames.TCP_SYN,
                    7, 0)));
        }
        byte[] invite = Frames.udp("127.0.30.1", 6000, "127.0.20.1", 5060, "INVITE sip:x@sbc SIP/2.0\r\n\r\n");
        f.add(new Timed(T0 + 40 * MS, invite));
        f.add(new Timed(T0 + 41 * MS, Frames.icmpUnreachable("127.0.20.1", "127.0.30.1", 3, invite)));
        f.add(new Timed(T0 + 50 * MS, Frames.udp("10.1.1.1", 1234, "10.1.1.2", 9999, "x")));
        for (int i = 0; i < extraFlows; i++) {
            String src = "10.2." + (i / 250) + "." + (1 + i % 250);
            f.add(new Timed(T0 + 60 * MS + i * 1000L, Frames.udp(src, 20000 + i % 40000, "10.3.0.1", 7000 + i % 50,
                    "y")));
        }
        f.add(new Timed(T0 + 5000 * MS, Frames.udp("127.0.20.1", 40000, "127.0.10.1", 5060,
                "OPTIONS sip:pbx SIP/2.0\r\n\r\n")));
        return Captures.write(file, f);
    }
}

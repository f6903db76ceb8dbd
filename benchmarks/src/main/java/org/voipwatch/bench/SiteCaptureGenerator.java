package org.voipwatch.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.SplittableRandom;
import org.voipwatch.capture.source.LinkType;
import org.voipwatch.capture.source.PcapWriter;

/**
 * Writes a large, realistic classic pcap (Ethernet, nanosecond timestamps) of a busy VoIP site, streaming: the
 * capture is never held in memory, only one schedule entry per active stream.
 *
 * <p>Site (matches {@code benchmarks/bench-matrix.yaml}):
 * <ul>
 * <li>PBX hosts 10.10.0.1-16 (RTP 30000-34999), SBC hosts 10.20.0.1-8 (RTP 10000-19999), trunk 10.30.0.1-4,
 *     TURN server 10.40.0.10:3478, remote phones 10.50.0.0/16;</li>
 * <li>N calls between SBC and PBX (inbound SBC→PBX or outbound PBX→SBC): SIP over UDP 5060 (INVITE with an SDP offer,
 *     100, 180, 200 with the SDP answer, ACK, ..., BYE, 200), G.711 µ-law RTP every 20 ms both ways (PT 0,
 *     160-byte payload, per-stream SSRC, sequence and timestamp), RTCP SR+SDES every 5 s per stream on port+1;
 *     one call in 200 is one-way (the callee never sends media);</li>
 * <li>SIP OPTIONS keep-alives between trunk and SBC every 10 s; STUN Binding requests (RFC 5389, magic cookie, no
 *     attributes) from one remote phone per 20 calls every 15 s, answered with XOR-MAPPED-ADDRESS;</li>
 * <li>five undocumented flows: SNMP to an unlisted host, SIP on 5080, a trunk going straight to the PBX, an SSH
 *     session, a refused TCP connection.</li>
 * </ul>
 * Calls start in the first 40 % of the capture and last 35-70 % of it, so about N calls overlap mid-capture and the
 * average call carries RTP for roughly half the capture ({@code --calls 2000 --seconds 24}: about 2.4 M packets).
 * Deterministic for a given (calls, seconds, seed). Single-threaded.
 *
 * <p>Usage: {@code SiteCaptureGenerator --calls N --seconds S --out FILE [--seed X]}
 */
public final class SiteCaptureGenerator {
    /** 2026-01-15T10:00:00Z: a fixed capture start keeps the output byte-identical between runs. */
    static final long BASE_NS = 1_768_471_200L * 1_000_000_000L;
    public static final int DEFAULT_CALLS = 2000;
    public static final int DEFAULT_SECONDS = 24;
    public static final long DEFAULT_SEED = 42;
    static final int MAX_CALLS = 40_000;

    static final int PBX_HOSTS = 16;
    static final int SBC_HOSTS = 8;
    static final int TRUNK_HOSTS = 4;
    static final int PBX_NET = ip(10, 10, 0, 0);
    static final int SBC_NET = ip(10, 20, 0, 0);
    static final int TRUNK_NET = ip(10, 30, 0, 0);
    static final int TURN_IP = ip(10, 40, 0, 10);
    static final int PHONE_NET = ip(10, 50, 0, 0);
    static final int OTHER_IP = ip(10, 99, 0, 53);
    static final int SIP_PORT = 5060;
    static final int STUN_PORT = 3478;
    static final int PBX_RTP_BASE = 30_000;
    static final int PBX_RTP_PAIRS = 2500;
    static final int SBC_RTP_BASE = 10_000;
    static final int SBC_RTP_PAIRS = 5000;
    static final int ONE_WAY_EVERY = 200;
    static final int CALLS_PER_STUN_CLIENT = 20;

    static final long MS = 1_000_000L;
    static final long PTIME_NS = 20 * MS;
    static final long RTCP_INTERVAL_NS = 5_000 * MS;
    static final long STUN_INTERVAL_NS = 15_000 * MS;
    static final long OPTIONS_INTERVAL_NS = 10_000 * MS;
    static final int G711_PAYLOAD = 160;
    static final long NTP_UNIX_OFFSET_S = 2_208_988_800L;

    private static final int K_SIP = 1;
    private static final int K_RTP = 2;
    private static final int K_RTCP = 3;
    private static final int K_STUN = 4;
    private static final int K_OPTIONS = 5;
    private static final int K_ODD = 6;

    private static final int SIP_INVITE = 0;
    private static final int SIP_TRYING = 1;
    private static final int SIP_RINGING = 2;
    private static final int SIP_OK = 3;
    private static final int SIP_ACK = 4;
    private static final int SIP_BYE = 5;
    private static final int SIP_BYE_OK = 6;

    /** SNMPv2c GetRequest, community "public", request id at offset 17, OID 1.3.6.1.2.1.1.1.0 (BER by hand). */
    private static final byte[] SNMP_GET = bytes(0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b', 'l', 'i',
            'c', 0xa0, 0x1c, 0x02, 0x04, 0, 0, 0, 0, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x30, 0x0c,
            0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00);
    /** The matching GetResponse with the OCTET STRING "pbx". */
    private static final byte[] SNMP_RESPONSE = bytes(0x30, 0x2c, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b', 'l',
            'i', 'c', 0xa2, 0x1f, 0x02, 0x04, 0, 0, 0, 0, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x11, 0x30, 0x0f,
            0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x04, 0x03, 'p', 'b', 'x');
    private static final int SNMP_REQUEST_ID_OFFSET = 17;

    private final int calls;
    private final long endNs;
    private final long seed;
    private final FrameBuilder fb;
    private final byte[] f;
    private final EventQueue queue;
    private final StringBuilder sb = new StringBuilder(1024);
    private final StringBuilder sdp = new StringBuilder(512);
    private final byte[] noise = new byte[4096];

    // per call
    private final boolean[] inbound;
    private final boolean[] oneWay;
    private final boolean[] byeFromCaller;
    private final int[] sbcIp;
    private final int[] pbxIp;
    private final int[] sbcPort;
    private final int[] pbxPort;
    private final long[] setupNs;
    private final long[] ringNs;
    private final long[] mediaEndNs;
    // per stream (call * 2 + dir; dir 0 = caller to callee)
    private final int[] ssrc;
    private final int[] seq;
    private final int[] rtpTs;
    private final long[] nominalNs;
    private final int[] sentPackets;
    private final long[] sentOctets;
    private final int stunClients;
    private long jitterState;
    /** Whether the handler running now has already reused the queue head (see {@link #schedule}). */
    private boolean headTaken = true;

    SiteCaptureGenerator(int calls, int seconds, long seed, OutputStream out) throws IOException {
        this.calls = calls;
        this.endNs = BASE_NS + seconds * 1_000_000_000L;
        this.seed = seed;
        this.fb = new FrameBuilder(new PcapWriter(out, true, LinkType.ETHERNET, 65_535));
        this.f = fb.frame;
        this.queue = new EventQueue(calls * 5 + 256);
        inbound = new boolean[calls];
        oneWay = new boolean[calls];
        byeFromCaller = new boolean[calls];
        sbcIp = new int[calls];
        pbxIp = new int[calls];
        sbcPort = new int[calls];
        pbxPort = new int[calls];
        setupNs = new long[calls];
        ringNs = new long[calls];
        mediaEndNs = new long[calls];
        ssrc = new int[calls * 2];
        seq = new int[calls * 2];
        rtpTs = new int[calls * 2];
        nominalNs = new long[calls * 2];
        sentPackets = new int[calls * 2];
        sentOctets = new long[calls * 2];
        stunClients = Math.max(4, calls / CALLS_PER_STUN_CLIENT);
        jitterState = seed ^ 0x9E3779B97F4A7C15L;
        plan(seconds);
    }

    public static void main(String[] args) throws IOException {
        int calls = DEFAULT_CALLS;
        int seconds = DEFAULT_SECONDS;
        long seed = DEFAULT_SEED;
        String out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length && !a.equals("--help")) {
                usage("missing value for " + a);
            }
            switch (a) {
                case "--calls": calls = Integer.parseInt(args[++i]); break;
                case "--seconds": seconds = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                case "--out": out = args[++i]; break;
                case "--help": usage(null); break;
                default: usage("unknown option " + a);
            }
        }
        if (out == null) {
            usage("--out FILE is required");
        }
        if (calls < 1 || calls > MAX_CALLS) {
            usage("--calls must be 1-" + MAX_CALLS + ", got " + calls);
        }
        if (seconds < 1 || seconds > 3600) {
            usage("--seconds must be 1-3600, got " + seconds);
        }
        long t0 = System.nanoTime();
        long[] stats = generate(calls, seconds, seed, Paths.get(out));
        double s = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "%s: %d packets, %d frame bytes, %d file bytes in %.1f s (%.2f M packets/s)%n",
                out, stats[0], stats[1], stats[2], s, stats[0] / s / 1e6);
    }

    /**
     * Writes the capture to {@code path} (through {@code path.part}, renamed when complete so that a reader never
     * takes a half-written file for a finished one). Returns {packets, frame bytes, file bytes}.
     */
    public static long[] generate(int calls, int seconds, long seed, Path path) throws IOException {
        if (calls < 1 || calls > MAX_CALLS || seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("calls must be 1-" + MAX_CALLS + " and seconds 1-3600, got " + calls
                    + " and " + seconds);
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".part");
        long packets;
        long bytes;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            SiteCaptureGenerator g = new SiteCaptureGenerator(calls, seconds, seed, os);
            g.run();
            packets = g.fb.packets();
            bytes = g.fb.bytes();
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new long[] {packets, bytes, Files.size(path)};
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println("SiteCaptureGenerator: " + problem);
        }
        System.err.println("usage: SiteCaptureGenerator --calls N --seconds S --out FILE [--seed X]");
        System.exit(problem == null ? 0 : 2);
    }

    /** Draws every call's parameters and schedules the first event of each source. */
    private void plan(int seconds) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long spanNs = seconds * 1_000_000_000L;
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) rnd.nextInt(256);
        }
        for (int c = 0; c < calls; c++) {
            inbound[c] = rnd.nextBoolean();
            oneWay[c] = c % ONE_WAY_EVERY == ONE_WAY_EVERY - 1;
            byeFromCaller[c] = rnd.nextBoolean();
            pbxIp[c] = PBX_NET + 1 + c % PBX_HOSTS;
            sbcIp[c] = SBC_NET + 1 + c % SBC_HOSTS;
            pbxPort[c] = PBX_RTP_BASE + 2 * ((c / PBX_HOSTS) % PBX_RTP_PAIRS);
            sbcPort[c] = SBC_RTP_BASE + 2 * ((c / SBC_HOSTS) % SBC_RTP_PAIRS);
            setupNs[c] = BASE_NS + (long) (rnd.nextDouble() * 0.4 * spanNs);
            ringNs[c] = 500 * MS + rnd.nextLong(2500 * MS);
            mediaEndNs[c] = setupNs[c] + ringNs[c] + (long) ((0.35 + 0.35 * rnd.nextDouble()) * spanNs);
            for (int d = 0; d < 2; d++) {
                int s = c * 2 + d;
                ssrc[s] = rnd.nextInt();
                seq[s] = rnd.nextInt(65_536);
                rtpTs[s] = rnd.nextInt();
            }
            queue.add(setupNs[c], code(K_SIP, SIP_INVITE, c));
        }
        for (int k = 0; k < stunClients; k++) {
            queue.add(BASE_NS + rnd.nextLong(STUN_INTERVAL_NS), code(K_STUN, 0, k));
        }
        for (int t = 0; t < TRUNK_HOSTS; t++) {
            queue.add(BASE_NS + rnd.nextLong(OPTIONS_INTERVAL_NS), code(K_OPTIONS, 0, t));
        }
        // the undocumented flows start early enough to appear in a short capture
        long slice = Math.max(spanNs / 8, 1);
        for (int u = 0; u < 5; u++) {
            queue.add(BASE_NS + (u + 1) * slice / 2 + u * MS, code(K_ODD, 0, u));
        }
    }

    /**
     * Schedules an event from inside a handler: the first one replaces the queue head (the event being handled),
     * later ones are added.
     */
    private void schedule(long timeNs, long code) {
        if (headTaken) {
            queue.add(timeNs, code);
        } else {
            queue.replaceHead(timeNs, code);
            headTaken = true;
        }
    }

    private static long code(int kind, int sub, int index) {
        return ((long) kind << 56) | ((long) sub << 40) | index;
    }

    void run() throws IOException {
        while (queue.size() > 0) {
            long t = queue.peekTime();
            if (t >= endNs) {
                break;
            }
            long c = queue.peekCode();
            headTaken = false;
            int kind = (int) (c >>> 56);
            int sub = (int) (c >>> 40) & 0xffff;
            int index = (int) c;
            switch (kind) {
                case K_RTP: rtp(t, index, sub); break;
                case K_SIP: sip(t, index, sub); break;
                case K_RTCP: rtcp(t, index, sub); break;
                case K_STUN: stun(t, index, sub); break;
                case K_OPTIONS: options(t, index, sub); break;
                case K_ODD: odd(t, index, sub); break;
                default: throw new IllegalStateException("bad event kind " + kind);
            }
            if (!headTaken) {
                queue.poll();
            }
        }
    }

    // ---- RTP / RTCP -------------------------------------------------------------------------------------------

    private int srcIp(int call, int dir) {
        boolean fromSbc = inbound[call] == (dir == 0);
        return fromSbc ? sbcIp[call] : pbxIp[call];
    }

    private int dstIp(int call, int dir) {
        return srcIp(call, 1 - dir);
    }

    private int srcPort(int call, int dir) {
        boolean fromSbc = inbound[call] == (dir == 0);
        return fromSbc ? sbcPort[call] : pbxPort[call];
    }

    private int dstPort(int call, int dir) {
        return srcPort(call, 1 - dir);
    }

    private void startMedia(long t, int call, int dir) {
        if (dir == 1 && oneWay[call]) {
            return;
        }
        int s = call * 2 + dir;
        nominalNs[s] = t;
        schedule(t, code(K_RTP, dir, call));
        schedule(t + 2_500 * MS + nextJitter(2_500 * MS), code(K_RTCP, dir, call));
    }

    private void rtp(long t, int call, int dir) throws IOException {
        int s = call * 2 + dir;
        int o = FrameBuilder.UDP_PAYLOAD_OFFSET;
        boolean first = sentPackets[s] == 0;
        f[o] = (byte) 0x80; // V=2, no padding, no extension, no CSRC
        f[o + 1] = (byte) (first ? 0x80 : 0x00); // marker on the first packet of the talk spurt, PT 0 (PCMU)
        FrameBuilder.putShort(f, o + 2, seq[s]);
        FrameBuilder.putInt(f, o + 4, rtpTs[s]);
        FrameBuilder.putInt(f, o + 8, ssrc[s]);
        System.arraycopy(noise, (seq[s] * 97) & 2047, f, o + 12, G711_PAYLOAD);
        fb.writeUdp(t, srcIp(call, dir), srcPort(call, dir), dstIp(call, dir), dstPort(call, dir),
                12 + G711_PAYLOAD);
        seq[s] = (seq[s] + 1) & 0xffff;
        rtpTs[s] += G711_PAYLOAD;
        sentPackets[s]++;
        sentOctets[s] += G711_PAYLOAD;
        long nominal = nominalNs[s] + PTIME_NS;
        nominalNs[s] = nominal;
        if (nominal < mediaEndNs[call]) {
            // capture-time jitter of up to 0.4 ms around the sender's 20 ms clock
            schedule(nominal + nextJitter(400_000L), code(K_RTP, dir, call));
        }
    }

    /** RFC 3550 §6.4.1 sender report followed by an SDES CNAME chunk (a compound packet, §6.1). */
    private void rtcp(long t, int call, int dir) throws IOException {
        if (t >= mediaEndNs[call]) {
            return;
        }
        int s = call * 2 + dir;
        int o = FrameBuilder.UDP_PAYLOAD_OFFSET;
        f[o] = (byte) 0x80;
        f[o + 1] = (byte) 200;
        FrameBuilder.putShort(f, o + 2, 6);
        FrameBuilder.putInt(f, o + 4, ssrc[s]);
        long unixS = t / 1_000_000_000L;
        long fracNs = t % 1_000_000_000L;
        FrameBuilder.putInt(f, o + 8, (int) (unixS + NTP_UNIX_OFFSET_S));
        FrameBuilder.putInt(f, o + 12, (int) ((fracNs << 32) / 1_000_000_000L));
        FrameBuilder.putInt(f, o + 16, rtpTs[s]);
        FrameBuilder.putInt(f, o + 20, sentPackets[s]);
        FrameBuilder.putInt(f, o + 24, (int) sentOctets[s]);
        int sd = o + 28;
        sb.setLength(0);
        sb.append("call").append(call).append(dir == 0 ? "a@" : "b@").append(FrameBuilder.ip(srcIp(call, dir)));
        int cnameLen = sb.length();
        int chunk = 4 + 2 + cnameLen + 1; // SSRC, type+len, text, END item
        int padded = (chunk + 3) & ~3;
        f[sd] = (byte) 0x81; // one chunk
        f[sd + 1] = (byte) 202;
        FrameBuilder.putShort(f, sd + 2, padded / 4);
        FrameBuilder.putInt(f, sd + 4, ssrc[s]);
        f[sd + 8] = 1; // CNAME
        f[sd + 9] = (byte) cnameLen;
        FrameBuilder.putAscii(f, sd + 10, sb);
        for (int i = sd + 10 + cnameLen; i < sd + 4 + padded; i++) {
            f[i] = 0;
        }
        int len = 28 + 4 + padded;
        fb.writeUdp(t, srcIp(call, dir), srcPort(call, dir) + 1, dstIp(call, dir), dstPort(call, dir) + 1, len);
        schedule(t + RTCP_INTERVAL_NS, code(K_RTCP, dir, call));
    }

    private long nextJitter(long boundNs) {
        long x = jitterState;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        jitterState = x;
        return Math.multiplyHigh(x & Long.MAX_VALUE, boundNs) << 1; // a division-free value in [0, boundNs)
    }

    // ---- SIP ----------------------------------------------------------------------------------------------------

    private void sip(long t, int call, int step) throws IOException {
        int caller = inbound[call] ? sbcIp[call] : pbxIp[call];
        int callee = inbound[call] ? pbxIp[call] : sbcIp[call];
        switch (step) {
            case SIP_INVITE:
                request("INVITE", call, caller, callee, true, 1, branch(call, 0), true);
                sendSip(t, caller, callee);
                schedule(t + MS + nextJitter(2 * MS), code(K_SIP, SIP_TRYING, call));
                break;
            case SIP_TRYING:
                response("100 Trying", call, caller, callee, false, 1, "INVITE", false);
                sendSip(t, callee, caller);
                schedule(setupNs[call] + 30 * MS + nextJitter(50 * MS), code(K_SIP, SIP_RINGING, call));
                break;
            case SIP_RINGING:
                response("180 Ringing", call, caller, callee, true, 1, "INVITE", false);
                sendSip(t, callee, caller);
                schedule(setupNs[call] + ringNs[call], code(K_SIP, SIP_OK, call));
                break;
            case SIP_OK:
                response("200 OK", call, caller, callee, true, 1, "INVITE", true);
                sendSip(t, callee, caller);
                schedule(t + MS + nextJitter(4 * MS), code(K_SIP, SIP_ACK, call));
                startMedia(t + 5 * MS + nextJitter(10 * MS), call, 1);
                break;
            case SIP_ACK:
                request("ACK", call, caller, callee, true, 1, branch(call, 1), false);
                sendSip(t, caller, callee);
                startMedia(t + 5 * MS + nextJitter(10 * MS), call, 0);
                schedule(mediaEndNs[call] + 20 * MS, code(K_SIP, SIP_BYE, call));
                break;
            case SIP_BYE:
                if (byeFromCaller[call]) {
                    request("BYE", call, caller, callee, true, 2, branch(call, 2), false);
                    sendSip(t, caller, callee);
                } else {
                    byeFromCallee(call, caller, callee);
                    sendSip(t, callee, caller);
                }
                schedule(t + 2 * MS + nextJitter(4 * MS), code(K_SIP, SIP_BYE_OK, call));
                break;
            case SIP_BYE_OK:
                if (byeFromCaller[call]) {
                    response("200 OK", call, caller, callee, true, 2, "BYE", false);
                    sendSip(t, callee, caller);
                } else {
                    responseToCalleeBye(call, caller, callee);
                    sendSip(t, caller, callee);
                }
                break;
            default:
                throw new IllegalStateException("bad SIP step " + step);
        }
    }

    private void sendSip(long t, int src, int dst) throws IOException {
        int n = FrameBuilder.putAscii(f, FrameBuilder.UDP_PAYLOAD_OFFSET, sb);
        fb.writeUdp(t, src, SIP_PORT, dst, SIP_PORT, n);
    }

    private String callId(int call) {
        return Long.toHexString(mix(seed, call, 1)) + "@" + FrameBuilder.ip(inbound[call] ? sbcIp[call] : pbxIp[call]);
    }

    private String branch(int call, int n) {
        return "z9hG4bK" + Long.toHexString(mix(seed, call, 10 + n));
    }

    private static long mix(long seed, int call, int salt) {
        long z = seed * 0x9E3779B97F4A7C15L + call * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    private String number(int call, boolean caller) {
        return (caller == inbound[call] ? "+49301234" : "+49897000") + String.format(Locale.ROOT, "%04d", call % 10_000);
    }

    private void request(String method, int call, int caller, int callee, boolean toTag, int cseq, String branch,
                         boolean withSdp) {
        String from = number(call, true);
        String to = number(call, false);
        sb.setLength(0);
        sb.append(method).append(" sip:").append(to).append('@').append(FrameBuilder.ip(callee)).append(":5060")
                .append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/UDP ").append(FrameBuilder.ip(caller)).append(":5060;branch=").append(branch)
                .append("\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:").append(from).append('@').append(FrameBuilder.ip(caller)).append(">;tag=")
                .append(Long.toHexString(mix(seed, call, 2) & 0xffffffffL)).append("\r\n");
        sb.append("To: <sip:").append(to).append('@').append(FrameBuilder.ip(callee)).append('>');
        if (toTag && !method.equals("INVITE")) {
            sb.append(";tag=").append(Long.toHexString(mix(seed, call, 3) & 0xffffffffL));
        }
        sb.append("\r\nCall-ID: ").append(callId(call)).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        sb.append("Contact: <sip:").append(from).append('@').append(FrameBuilder.ip(caller)).append(":5060>\r\n");
        if (method.equals("INVITE")) {
            sb.append("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE\r\n");
            sb.append("Supported: timer\r\nSession-Expires: 1800\r\n");
        }
        sb.append("User-Agent: voipwatch-bench/1\r\n");
        body(withSdp, call, true);
    }

    private void response(String status, int call, int caller, int callee, boolean toTag, int cseq, String method,
                          boolean withSdp) {
        String from = number(call, true);
        String to = number(call, false);
        sb.setLength(0);
        sb.append("SIP/2.0 ").append(status).append("\r\n");
        sb.append("Via: SIP/2.0/UDP ").append(FrameBuilder.ip(caller)).append(":5060;branch=")
                .append(branch(call, method.equals("BYE") ? 2 : 0)).append(";received=")
                .append(FrameBuilder.ip(caller)).append("\r\n");
        sb.append("From: <sip:").append(from).append('@').append(FrameBuilder.ip(caller)).append(">;tag=")
                .append(Long.toHexString(mix(seed, call, 2) & 0xffffffffL)).append("\r\n");
        sb.append("To: <sip:").append(to).append('@').append(FrameBuilder.ip(callee)).append('>');
        if (toTag) {
            sb.append(";tag=").append(Long.toHexString(mix(seed, call, 3) & 0xffffffffL));
        }
        sb.append("\r\nCall-ID: ").append(callId(call)).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        if (toTag && method.equals("INVITE")) {
            sb.append("Contact: <sip:").append(to).append('@').append(FrameBuilder.ip(callee)).append(":5060>\r\n");
        }
        sb.append("Server: voipwatch-bench/1\r\n");
        body(withSdp, call, false);
    }

    /** The callee hangs up: a BYE in the callee's own CSeq space, From and To swapped (RFC 3261 §12.2.1.1). */
    private void byeFromCallee(int call, int caller, int callee) {
        String from = number(call, true);
        String to = number(call, false);
        sb.setLength(0);
        sb.append("BYE sip:").append(from).append('@').append(FrameBuilder.ip(caller)).append(":5060 SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/UDP ").append(FrameBuilder.ip(callee)).append(":5060;branch=").append(branch(call, 3))
                .append("\r\nMax-Forwards: 70\r\n");
        sb.append("From: <sip:").append(to).append('@').append(FrameBuilder.ip(callee)).append(">;tag=")
                .append(Long.toHexString(mix(seed, call, 3) & 0xffffffffL)).append("\r\n");
        sb.append("To: <sip:").append(from).append('@').append(FrameBuilder.ip(caller)).append(">;tag=")
                .append(Long.toHexString(mix(seed, call, 2) & 0xffffffffL)).append("\r\n");
        sb.append("Call-ID: ").append(callId(call)).append("\r\nCSeq: 1 BYE\r\n");
        sb.append("User-Agent: voipwatch-bench/1\r\nContent-Length: 0\r\n\r\n");
    }

    private void responseToCalleeBye(int call, int caller, int callee) {
        String from = number(call, true);
        String to = number(call, false);
        sb.setLength(0);
        sb.append("SIP/2.0 200 OK\r\n");
        sb.append("Via: SIP/2.0/UDP ").append(FrameBuilder.ip(callee)).append(":5060;branch=").append(branch(call, 3))
                .append("\r\n");
        sb.append("From: <sip:").append(to).append('@').append(FrameBuilder.ip(callee)).append(">;tag=")
                .append(Long.toHexString(mix(seed, call, 3) & 0xffffffffL)).append("\r\n");
        sb.append("To: <sip:").append(from).append('@').append(FrameBuilder.ip(caller)).append(">;tag=")
                .append(Long.toHexString(mix(seed, call, 2) & 0xffffffffL)).append("\r\n");
        sb.append("Call-ID: ").append(callId(call)).append("\r\nCSeq: 1 BYE\r\n");
        sb.append("Server: voipwatch-bench/1\r\nContent-Length: 0\r\n\r\n");
    }

    /** Appends Content-Type/Length and the SDP offer (caller) or answer (callee), RFC 4566 / RFC 3264. */
    private void body(boolean withSdp, int call, boolean offer) {
        if (!withSdp) {
            sb.append("Content-Length: 0\r\n\r\n");
            return;
        }
        int dir = offer ? 0 : 1;
        String host = FrameBuilder.ip(srcIp(call, dir));
        sdp.setLength(0);
        sdp.append("v=0\r\n");
        sdp.append("o=- ").append(mix(seed, call, 4) & 0xffffffL).append(' ').append(offer ? 1 : 2)
                .append(" IN IP4 ").append(host).append("\r\n");
        sdp.append("s=-\r\n");
        sdp.append("c=IN IP4 ").append(host).append("\r\n");
        sdp.append("t=0 0\r\n");
        sdp.append("m=audio ").append(srcPort(call, dir)).append(" RTP/AVP 0 101\r\n");
        sdp.append("a=rtpmap:0 PCMU/8000\r\n");
        sdp.append("a=rtpmap:101 telephone-event/8000\r\n");
        sdp.append("a=fmtp:101 0-15\r\n");
        sdp.append("a=ptime:20\r\n");
        sdp.append("a=sendrecv\r\n");
        sb.append("Content-Type: application/sdp\r\n");
        sb.append("Content-Length: ").append(sdp.length()).append("\r\n\r\n");
        sb.append(sdp);
    }

    // ---- trunk OPTIONS keep-alive ---------------------------------------------------------------------------------

    private void options(long t, int trunk, int step) throws IOException {
        int trunkIp = TRUNK_NET + 1 + trunk;
        int sbc = SBC_NET + 1 + trunk % SBC_HOSTS;
        String tag = Long.toHexString(mix(seed, -1 - trunk, 5) & 0xffffffffL);
        long round = (t - BASE_NS) / OPTIONS_INTERVAL_NS;
        String callId = Long.toHexString(mix(seed, -1 - trunk, 6 + (int) round)) + "@" + FrameBuilder.ip(trunkIp);
        sb.setLength(0);
        if (step == 0) {
            sb.append("OPTIONS sip:").append(FrameBuilder.ip(sbc)).append(":5060 SIP/2.0\r\n");
        } else {
            sb.append("SIP/2.0 200 OK\r\n");
        }
        sb.append("Via: SIP/2.0/UDP ").append(FrameBuilder.ip(trunkIp)).append(":5060;branch=z9hG4bK")
                .append(callId, 0, 12).append("\r\n");
        if (step == 0) {
            sb.append("Max-Forwards: 70\r\n");
        }
        sb.append("From: <sip:ping@").append(FrameBuilder.ip(trunkIp)).append(">;tag=").append(tag).append("\r\n");
        sb.append("To: <sip:").append(FrameBuilder.ip(sbc)).append('>').append(step == 0 ? "" : ";tag=sbc1")
                .append("\r\nCall-ID: ").append(callId).append("\r\nCSeq: 1 OPTIONS\r\n");
        sb.append(step == 0 ? "Accept: application/sdp\r\n" : "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        int n = FrameBuilder.putAscii(f, FrameBuilder.UDP_PAYLOAD_OFFSET, sb);
        if (step == 0) {
            fb.writeUdp(t, trunkIp, SIP_PORT, sbc, SIP_PORT, n);
            schedule(t + 3 * MS + nextJitter(5 * MS), code(K_OPTIONS, 1, trunk));
            schedule(t + OPTIONS_INTERVAL_NS, code(K_OPTIONS, 0, trunk));
        } else {
            fb.writeUdp(t, sbc, SIP_PORT, trunkIp, SIP_PORT, n);
        }
    }

    // ---- STUN keep-alive ------------------------------------------------------------------------------------------

    /** RFC 5389 Binding request (no attributes) and a success response carrying XOR-MAPPED-ADDRESS (§15.2). */
    private void stun(long t, int client, int step) throws IOException {
        int phone = PHONE_NET + ((client / 250) << 8) + 1 + client % 250;
        int port = 20_000 + (client * 37) % 40_000;
        int o = FrameBuilder.UDP_PAYLOAD_OFFSET;
        long round = (t - BASE_NS) / STUN_INTERVAL_NS;
        long tx = mix(seed, client, 100 + (int) round);
        FrameBuilder.putShort(f, o, step == 0 ? 0x0001 : 0x0101);
        FrameBuilder.putShort(f, o + 2, step == 0 ? 0 : 12);
        FrameBuilder.putInt(f, o + 4, 0x2112A442);
        FrameBuilder.putInt(f, o + 8, (int) (tx >>> 32));
        FrameBuilder.putInt(f, o + 12, (int) tx);
        FrameBuilder.putInt(f, o + 16, client);
        if (step == 0) {
            fb.writeUdp(t, phone, port, TURN_IP, STUN_PORT, 20);
            schedule(t + 2 * MS + nextJitter(20 * MS), code(K_STUN, 1, client));
            schedule(t + STUN_INTERVAL_NS, code(K_STUN, 0, client));
        } else {
            FrameBuilder.putShort(f, o + 20, 0x0020);
            FrameBuilder.putShort(f, o + 22, 8);
            f[o + 24] = 0;
            f[o + 25] = 0x01; // IPv4
            FrameBuilder.putShort(f, o + 26, port ^ 0x2112);
            FrameBuilder.putInt(f, o + 28, phone ^ 0x2112A442);
            fb.writeUdp(t, TURN_IP, STUN_PORT, phone, port, 32);
        }
    }

    // ---- undocumented flows ---------------------------------------------------------------------------------------

    private void odd(long t, int u, int step) throws IOException {
        int o = FrameBuilder.UDP_PAYLOAD_OFFSET;
        switch (u) {
            case 0: { // SNMPv2c get of sysDescr.0 from a PBX to an unlisted manager host, answered
                int pbx = PBX_NET + 1;
                byte[] msg = step % 2 == 0 ? SNMP_GET : SNMP_RESPONSE;
                System.arraycopy(msg, 0, f, o, msg.length);
                FrameBuilder.putInt(f, o + SNMP_REQUEST_ID_OFFSET, 0x1000 + step / 2);
                if (step % 2 == 0) {
                    fb.writeUdp(t, pbx, 40_123, OTHER_IP, 161, msg.length);
                    schedule(t + 4 * MS, code(K_ODD, step + 1, u));
                } else {
                    fb.writeUdp(t, OTHER_IP, 161, pbx, 40_123, msg.length);
                    schedule(t + 5_000 * MS, code(K_ODD, step + 1, u));
                }
                break;
            }
            case 1: // SIP OPTIONS on an undocumented port 5080, answered
            case 2: { // the trunk going straight to the PBX, unanswered
                int src = u == 1 ? SBC_NET + 3 : TRUNK_NET + 2;
                int dst = u == 1 ? PBX_NET + 5 : PBX_NET + 3;
                int port = u == 1 ? 5080 : SIP_PORT;
                sb.setLength(0);
                sb.append(step == 0 ? "OPTIONS sip:" + FrameBuilder.ip(dst) + ":" + port + " SIP/2.0\r\n"
                        : "SIP/2.0 200 OK\r\n");
                sb.append("Via: SIP/2.0/UDP ").append(FrameBuilder.ip(src)).append(':').append(port)
                        .append(";branch=z9hG4bKodd").append(u).append("\r\n");
                sb.append("From: <sip:probe@").append(FrameBuilder.ip(src)).append(">;tag=o").append(u).append("\r\n");
                sb.append("To: <sip:").append(FrameBuilder.ip(dst)).append(">\r\n");
                sb.append("Call-ID: odd").append(u).append('@').append(FrameBuilder.ip(src)).append("\r\n");
                sb.append("CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
                int n = FrameBuilder.putAscii(f, o, sb);
                if (step == 0) {
                    fb.writeUdp(t, src, port, dst, port, n);
                    if (u == 1) {
                        schedule(t + 3 * MS, code(K_ODD, 1, u));
                    }
                } else {
                    fb.writeUdp(t, dst, port, src, port, n);
                }
                break;
            }
            case 3:
                ssh(t, step);
                break;
            case 4: { // refused TCP connection: SYN answered by RST/ACK
                int src = SBC_NET + 4;
                int dst = PBX_NET + 9;
                if (step == 0) {
                    fb.writeTcp(t, src, 41_000, dst, 8080, 1000, 0, FrameBuilder.TCP_SYN, 0);
                    schedule(t + MS, code(K_ODD, 1, u));
                } else {
                    fb.writeTcp(t, dst, 8080, src, 41_000, 0, 1001, FrameBuilder.TCP_RST | FrameBuilder.TCP_ACK, 0);
                }
                break;
            }
            default:
                throw new IllegalStateException("bad odd flow " + u);
        }
    }

    /** An SSH session from a trunk host to a PBX: handshake, a few data segments each way, FIN exchange. */
    private void ssh(long t, int step) throws IOException {
        int c = TRUNK_NET + 2;
        int s = PBX_NET + 2;
        int cp = 51_234;
        int sp = 22;
        long cIsn = 7000;
        long sIsn = 90_000;
        int ack = FrameBuilder.TCP_ACK;
        int psh = FrameBuilder.TCP_PSH | ack;
        int n = 32;
        int o = FrameBuilder.TCP_PAYLOAD_OFFSET;
        System.arraycopy(noise, 100 + step, f, o, n);
        // step: 0 SYN, 1 SYN/ACK, 2 ACK, 3..10 data alternating (client first), 11 FIN c, 12 FIN/ACK s, 13 ACK c
        if (step == 0) {
            fb.writeTcp(t, c, cp, s, sp, cIsn, 0, FrameBuilder.TCP_SYN, 0);
        } else if (step == 1) {
            fb.writeTcp(t, s, sp, c, cp, sIsn, cIsn + 1, FrameBuilder.TCP_SYN | ack, 0);
        } else if (step == 2) {
            fb.writeTcp(t, c, cp, s, sp, cIsn + 1, sIsn + 1, ack, 0);
        } else if (step <= 10) {
            int k = step - 3; // 0..7
            int fromClientSent = (k + 1) / 2;
            int fromServerSent = k / 2;
            long cSeq = cIsn + 1 + (long) fromClientSent * n;
            long sSeq = sIsn + 1 + (long) fromServerSent * n;
            if (k % 2 == 0) {
                fb.writeTcp(t, c, cp, s, sp, cSeq, sSeq, psh, n);
            } else {
                fb.writeTcp(t, s, sp, c, cp, sSeq, cSeq, psh, n);
            }
        } else if (step == 11) {
            fb.writeTcp(t, c, cp, s, sp, cIsn + 1 + 4L * n, sIsn + 1 + 4L * n, FrameBuilder.TCP_FIN | ack, 0);
        } else if (step == 12) {
            fb.writeTcp(t, s, sp, c, cp, sIsn + 1 + 4L * n, cIsn + 2 + 4L * n, FrameBuilder.TCP_FIN | ack, 0);
        } else {
            fb.writeTcp(t, c, cp, s, sp, cIsn + 2 + 4L * n, sIsn + 2 + 4L * n, ack, 0);
            return;
        }
        schedule(t + (step < 3 ? MS : 40 * MS), code(K_ODD, step + 1, 3));
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }
}

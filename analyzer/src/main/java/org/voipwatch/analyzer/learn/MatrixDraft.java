package org.voipwatch.analyzer.learn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.voipwatch.analyzer.classify.AddressBlock;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.ProtocolClass;
import org.voipwatch.analyzer.classify.Role;
import org.voipwatch.analyzer.classify.Rule;
import org.voipwatch.analyzer.classify.Service;
import org.voipwatch.analyzer.classify.Transport;
import org.voipwatch.analyzer.pipeline.AnalysisResult;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * Turns the undocumented flows of a run into a draft matrix (docs/matrix.md, "Learning a matrix"): the base
 * matrix as it was, plus
 *
 * <ul>
 *   <li><b>roles</b> for addresses no base role covers: one per /24 (IPv4) or /64 (IPv6) — a subnet is the unit a
 *   firewall rule names — named {@code net-10-1-2} / {@code net6-2001-db8-0-1}, private subnets first, then by flow
 *   count, at most {@link #MAX_LEARNED_ROLES} (and the matrix limit of 62 roles); the rest stay {@code other}. A role
 *   binds its observed hosts, or the whole subnet when it has more than {@link #MAX_BOUND_HOSTS};</li>
 *   <li><b>services</b> from responder ports per (initiator role, responder role, transport): a port carrying
 *   RTP/RTCP, and unidentified traffic on {@link #SPREAD_MIN_PORTS} or more distinct ports above 1023, collapse to
 *   one range from the lowest to the highest port seen (media spreads); other ports stay single. The
 *   application is the protocol class most flows carried;</li>
 *   <li>one <b>rule</b> per (from, to, service), {@code media: true} for RTP ranges, preceded by a YAML comment with
 *   its flows, how many were answered and blocked, packets, and an example flow.</li>
 * </ul>
 *
 * CLI thread, once per learn.
 */
public final class MatrixDraft {
    public static final int MAX_LEARNED_ROLES = 40;
    public static final int MAX_BOUND_HOSTS = 8;
    public static final int SPREAD_MIN_PORTS = 4;
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private final FlowMatrix base;
    private final boolean hasBase;
    private final FlowCollector flows;
    private final AnalysisResult result;
    private final List<String> inputs;

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Set<String> usedRoleNames = new HashSet<>();
    private long unnameableFlows;
    private final Map<String, Long> unnameableByProto = new TreeMap<>();

    /** A /24 or /64 of addresses bound to no base role. */
    private static final class Group {
        final String key;
        final boolean v4;
        final long hi;
        final long lo;
        final boolean privateNet;
        final Map<String, long[]> hosts = new TreeMap<>();
        long flows;
        String roleName;

        Group(String key, boolean v4, long hi, long lo) {
            this.key = key;
            this.v4 = v4;
            this.hi = hi;
            this.lo = lo;
            this.privateNet = isPrivate(v4, hi, lo);
        }
    }

    /** Per responder port within one (from, to, transport) bucket. */
    private static final class PortStats {
        long flows;
        long answered;
        long blocked;
        long packets;
        final long[] classFlows = new long[ProtocolClass.COUNT];
        String example;
    }

    /** One drafted rule. */
    private static final class Draft {
        String from;
        String to;
        String serviceName;
        String app;
        String portsYaml;
        boolean media;
        long flows;
        long answered;
        long blocked;
        long packets;
        String example;
    }

    public MatrixDraft(FlowMatrix base, boolean hasBase, FlowCollector flows, AnalysisResult result,
                       List<String> inputs) {
        this.base = base;
        this.hasBase = hasBase;
        this.flows = flows;
        this.result = result;
        this.inputs = inputs;
        for (Role r : base.roles()) {
            usedRoleNames.add(r.name());
        }
    }

    /** The matrix learn runs against when no base is given: no roles, no rules, every flow undocumented. */
    public static FlowMatrix emptyBase() {
        return new FlowMatrix.Builder("learned").build();
    }

    public String yaml() {
        for (FlowCollector.Pair p : flows.pairs()) {
            if (Transport.bitOf(p.proto) == 0) {
                unnameableFlows += p.flows;
                unnameableByProto.merge(Transport.name(p.proto), p.flows, Long::sum);
                continue;
            }
            addHost(p.initRoles, p.initHi, p.initLo, p.flows);
            addHost(p.respRoles, p.respHi, p.respLo, p.flows);
        }
        nameGroups();
        Map<String, Map<Integer, PortStats>> buckets = new TreeMap<>();
        for (FlowCollector.Pair p : flows.pairs()) {
            if (Transport.bitOf(p.proto) == 0) {
                continue;
            }
            String bucket = endpointName(p.initRoles, p.initHi, p.initLo) + " " + endpointName(p.respRoles, p.respHi,
                    p.respLo) + " " + p.proto;
            PortStats s = buckets.computeIfAbsent(bucket, k -> new TreeMap<>())
                    .computeIfAbsent(Transport.bitOf(p.proto) == Transport.ICMP ? 0 : p.respPort,
                            k -> new PortStats());
            s.flows += p.flows;
            s.answered += p.answered;
            s.blocked += p.blocked;
            s.packets += p.packets;
            for (int c = 0; c < ProtocolClass.COUNT; c++) {
                s.classFlows[c] += p.classFlows[c];
            }
            if (s.example == null) {
                s.example = IpAddresses.format(p.initHi, p.initLo) + ":" + p.exampleInitPort + " -> "
                        + IpAddresses.format(p.respHi, p.respLo) + ":" + p.respPort;
            }
        }
        List<Draft> drafts = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, PortStats>> e : buckets.entrySet()) {
            String[] parts = e.getKey().split(" ");
            draftRules(parts[0], parts[1], Integer.parseInt(parts[2]), e.getValue(), drafts);
        }
        return render(drafts);
    }

    // ---- roles ------------------------------------------------------------------------------------------------

    private void addHost(long roles, long hi, long lo, long flowCount) {
        if (roles != FlowMatrix.OTHER_BIT) {
            return; // covered by a base role
        }
        boolean v4 = IpAddresses.isV4(hi, lo);
        long gHi = v4 ? hi : hi;
        long gLo = v4 ? lo & ~0xffL : 0;
        String key = v4 ? "4/" + gLo : "6/" + gHi;
        Group g = groups.computeIfAbsent(key, k -> new Group(k, v4, gHi, gLo));
        g.flows += flowCount;
        g.hosts.putIfAbsent(IpAddresses.format(hi, lo), new long[] {hi, lo});
    }

    private void nameGroups() {
        List<Group> order = new ArrayList<>(groups.values());
        order.sort((a, b) -> a.privateNet != b.privateNet ? (a.privateNet ? -1 : 1)
                : a.flows != b.flows ? Long.compare(b.flows, a.flows) : a.key.compareTo(b.key));
        int budget = Math.min(MAX_LEARNED_ROLES, FlowMatrix.MAX_ROLES - base.roles().size());
        for (Group g : order) {
            if (budget <= 0) {
                break;
            }
            g.roleName = unique(groupName(g), usedRoleNames);
            budget--;
        }
    }

    private static String groupName(Group g) {
        if (g.v4) {
            long a = g.lo & 0xffff_ffffL;
            return "net-" + (a >>> 24) + "-" + ((a >>> 16) & 0xff) + "-" + ((a >>> 8) & 0xff);
        }
        return String.format(Locale.ROOT, "net6-%x-%x-%x-%x", (g.hi >>> 48) & 0xffff, (g.hi >>> 32) & 0xffff,
                (g.hi >>> 16) & 0xffff, g.hi & 0xffff);
    }

    private String endpointName(long roles, long hi, long lo) {
        if (roles != FlowMatrix.OTHER_BIT) {
            return base.roleName(roles);
        }
        boolean v4 = IpAddresses.isV4(hi, lo);
        Group g = groups.get(v4 ? "4/" + (lo & ~0xffL) : "6/" + hi);
        return g != null && g.roleName != null ? g.roleName : "other";
    }

    /** RFC 1918, loopback, link-local, CGNAT (RFC 6598); IPv6 loopback, ULA (fc00::/7), link-local (fe80::/10). */
    static boolean isPrivate(boolean v4, long hi, long lo) {
        if (v4) {
            long a = lo & 0xffff_ffffL;
            long o1 = a >>> 24;
            long o2 = (a >>> 16) & 0xff;
            return o1 == 10 || o1 == 127 || (o1 == 172 && o2 >= 16 && o2 <= 31) || (o1 == 192 && o2 == 168)
                    || (o1 == 169 && o2 == 254) || (o1 == 100 && o2 >= 64 && o2 <= 127);
        }
        long top = hi >>> 48;
        return (hi == 0 && lo == 1) || (top & 0xfe00) == 0xfc00 || (top & 0xffc0) == 0xfe80;
    }

    // ---- services and rules -----------------------------------------------------------------------------------

    private void draftRules(String from, String to, int proto, Map<Integer, PortStats> ports, List<Draft> out) {
        String transport = Transport.name(proto).startsWith("icmp") ? "icmp" : Transport.name(proto);
        if (transport.equals("icmp")) {
            out.add(draft(from, to, "icmp", "icmp", "[icmp]", false, ports.values(), ports.values()));
            return;
        }
        List<Integer> media = new ArrayList<>();
        List<Integer> spread = new ArrayList<>();
        for (Map.Entry<Integer, PortStats> e : ports.entrySet()) {
            int cls = mainClass(e.getValue().classFlows);
            if (cls == ProtocolClass.RTP || cls == ProtocolClass.RTCP) {
                media.add(e.getKey());
            } else if (isUnidentified(cls) && e.getKey() >= FIRST_UNPRIVILEGED_PORT) {
                spread.add(e.getKey());
            }
        }
        if (spread.size() < SPREAD_MIN_PORTS) {
            spread.clear();
        }
        if (!media.isEmpty()) {
            out.add(range(from, to, transport, "rtp", media, ports, true));
        }
        if (!spread.isEmpty()) {
            out.add(range(from, to, transport, appOf(ProtocolClass.UNKNOWN), spread, ports, false));
        }
        for (Map.Entry<Integer, PortStats> e : ports.entrySet()) {
            if (media.contains(e.getKey()) || spread.contains(e.getKey())) {
                continue;
            }
            String app = appOf(mainClass(e.getValue().classFlows));
            List<PortStats> one = List.of(e.getValue());
            out.add(draft(from, to, app + "-" + transport + "-" + e.getKey(), app,
                    "[\"" + transport + " " + e.getKey() + "\"]", false, one, one));
        }
    }

    private Draft range(String from, String to, String transport, String app, List<Integer> portList,
                        Map<Integer, PortStats> ports, boolean media) {
        int low = portList.get(0);
        int high = portList.get(portList.size() - 1);
        String text = low == high ? String.valueOf(low) : low + "-" + high;
        List<PortStats> stats = new ArrayList<>();
        for (int p : portList) {
            stats.add(ports.get(p));
        }
        return draft(from, to, app + "-" + transport + "-" + text, app, "[\"" + transport + " " + text + "\"]",
                media, stats, stats);
    }

    private static Draft draft(String from, String to, String service, String app, String portsYaml, boolean media,
                               Iterable<PortStats> stats, Iterable<PortStats> examples) {
        Draft d = new Draft();
        d.from = from;
        d.to = to;
        d.serviceName = service;
        d.app = app;
        d.portsYaml = portsYaml;
        d.media = media;
        for (PortStats s : stats) {
            d.flows += s.flows;
            d.answered += s.answered;
            d.blocked += s.blocked;
            d.packets += s.packets;
        }
        for (PortStats s : examples) {
            if (d.example == null) {
                d.example = s.example;
            }
        }
        return d;
    }

    private static int mainClass(long[] classFlows) {
        int best = 0;
        for (int c = 1; c < classFlows.length; c++) {
            if (classFlows[c] > classFlows[best]) {
                best = c;
            }
        }
        return best;
    }

    private static boolean isUnidentified(int cls) {
        return cls == ProtocolClass.UNKNOWN || cls == ProtocolClass.OTHER_UDP || cls == ProtocolClass.OTHER_TCP;
    }

    private static String appOf(int cls) {
        switch (cls) {
            case ProtocolClass.TURN_CHANNEL_DATA: return "turn";
            case ProtocolClass.UNKNOWN: case ProtocolClass.OTHER_UDP: case ProtocolClass.OTHER_TCP:
            case ProtocolClass.OTHER_IP: case ProtocolClass.NON_IP: case ProtocolClass.MALFORMED:
                return "unknown";
            default: return ProtocolClass.name(cls);
        }
    }

    // ---- YAML -------------------------------------------------------------------------------------------------

    private String render(List<Draft> drafts) {
        StringBuilder y = new StringBuilder(8192);
        y.append("# Draft flow matrix written by `voipwatch matrix learn` from ").append(String.join(", ", inputs))
                .append('\n');
        y.append(String.format(Locale.ROOT, "# %,d packets, %,d flows: %,d documented by the base, %,d undocumented "
                + "(drafted below)%n", result.counters.packets, result.counters.flowsCreated, flows.documentedFlows,
                flows.undocumentedFlows));
        if (hasBase) {
            y.append("# Base matrix '").append(base.name()).append("' is kept as it was (anchors expanded, "
                    + "--bind values written into bind:); learned additions follow it in each section.\n");
        }
        y.append("# Learned roles: addresses no base role covers, one role per /24 (IPv4) or /64 (IPv6) subnet,\n"
                + "# private subnets first; each binds its observed hosts (the subnet above " + MAX_BOUND_HOSTS
                + " hosts). Addresses\n# beyond the role budget are the pseudo-role 'other'. Port ranges are the "
                + "observed bounds.\n# Review every learned rule before use: this documents what happened, not what "
                + "should.\n");
        if (unnameableFlows > 0) {
            y.append("# ").append(unnameableFlows).append(unnameableFlows == 1 ? " flow" : " flows")
                    .append(" of IP protocols a matrix cannot name (")
                    .append(unnameableByProto).append(") are not drafted.\n");
        }
        if (flows.overflowFlows > 0) {
            y.append("# ").append(flows.overflowFlows).append(" flows beyond ").append(FlowCollector.MAX_ENDPOINT_PAIRS)
                    .append(" endpoint pairs were not recorded.\n");
        }
        y.append("name: ").append(quote(hasBase ? base.name() + "-learned" : "learned")).append('\n');
        String desc = hasBase && !base.description().isEmpty() ? base.description() + " (with learned additions)"
                : "Learned from " + String.join(", ", inputs);
        y.append("description: ").append(quote(desc)).append('\n');
        renderRoles(y);
        renderBind(y);
        Set<String> serviceNames = renderServices(y, drafts);
        renderRules(y, drafts, serviceNames);
        return y.toString();
    }

    /** Learned roles in address order, so the draft reads like an address plan. */
    private List<Group> namedGroups() {
        List<Group> out = new ArrayList<>();
        for (Group g : groups.values()) {
            if (g.roleName != null) {
                out.add(g);
            }
        }
        out.sort((a, b) -> a.v4 != b.v4 ? (a.v4 ? -1 : 1) : a.hi != b.hi ? Long.compareUnsigned(a.hi, b.hi)
                : Long.compareUnsigned(a.lo, b.lo));
        return out;
    }

    private void renderRoles(StringBuilder y) {
        y.append("roles:\n");
        for (Role r : base.roles()) {
            y.append("  ").append(r.name()).append(": {");
            String sep = "";
            if (!r.description().isEmpty()) {
                y.append("description: ").append(quote(r.description()));
                sep = ", ";
            }
            if (!r.hostPatterns().isEmpty()) {
                y.append(sep).append("hosts: ").append(quotedList(r.hostPatterns()));
            }
            y.append("}\n");
        }
        for (Group g : namedGroups()) {
            y.append("  ").append(g.roleName).append(": {description: ")
                    .append(quote("learned: " + g.hosts.size() + (g.hosts.size() == 1 ? " host" : " hosts")
                            + " in " + subnet(g) + ", " + g.flows + (g.flows == 1 ? " flow" : " flows")))
                    .append("}\n");
        }
        if (base.roles().isEmpty() && namedGroups().isEmpty()) {
            y.append("  site: {description: \"placeholder: no role was learned\"}\n");
        }
    }

    private void renderBind(StringBuilder y) {
        StringBuilder b = new StringBuilder();
        for (Role r : base.roles()) {
            if (!r.blocks().isEmpty()) {
                List<String> blocks = new ArrayList<>();
                for (AddressBlock block : r.blocks()) {
                    blocks.add(block.toString());
                }
                b.append("  ").append(r.name()).append(": ").append(quotedList(blocks)).append('\n');
            }
        }
        for (Group g : namedGroups()) {
            List<String> hosts = g.hosts.size() > MAX_BOUND_HOSTS ? List.of(subnet(g))
                    : new ArrayList<>(g.hosts.keySet());
            b.append("  ").append(g.roleName).append(": ").append(quotedList(hosts)).append('\n');
        }
        if (b.length() > 0) {
            y.append("bind:\n").append(b);
        }
    }

    private Set<String> renderServices(StringBuilder y, List<Draft> drafts) {
        Set<String> names = new HashSet<>(base.services().keySet());
        StringBuilder s = new StringBuilder();
        for (Service svc : base.services().values()) {
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < svc.entryCount(); i++) {
                int t = svc.entryTransport(i);
                entries.add(t == Transport.ICMP ? "icmp" : Transport.maskText(t) + " " + svc.entryLow(i)
                        + (svc.entryHigh(i) != svc.entryLow(i) ? "-" + svc.entryHigh(i) : ""));
            }
            s.append("  ").append(svc.name()).append(": {app: ").append(svc.application()).append(", ports: ")
                    .append(quotedList(entries)).append("}\n");
        }
        Map<String, String> learned = new LinkedHashMap<>();
        for (Draft d : drafts) {
            String def = "{app: " + d.app + ", ports: " + d.portsYaml + "}";
            String name = d.serviceName;
            String existing = learned.get(name);
            if (existing == null && names.contains(name)) {
                name = unique(name + "-learned", names);
            }
            learned.putIfAbsent(name, def);
            names.add(name);
            d.serviceName = name;
        }
        for (Map.Entry<String, String> e : learned.entrySet()) {
            s.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        y.append("services:").append(s.length() == 0 ? " {}\n" : "\n" + s);
        return names;
    }

    private void renderRules(StringBuilder y, List<Draft> drafts, Set<String> serviceNames) {
        if (base.ruleCount() == 0 && drafts.isEmpty()) {
            y.append("rules: []\n");
            return;
        }
        y.append("rules:\n");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < base.ruleCount(); i++) {
            Rule r = base.rule(i);
            String id = r.id();
            List<String> services = new ArrayList<>();
            services.add(r.service().name());
            int slash = id.indexOf('/');
            if (slash > 0) {
                // "service: [a, b]" was expanded into ID/a, ID/b: write it back as one rule
                id = id.substring(0, slash);
                while (i + 1 < base.ruleCount() && base.rule(i + 1).id().startsWith(id + "/")
                        && base.rule(i + 1).line() == r.line()) {
                    services.add(base.rule(++i).service().name());
                }
            }
            ids.add(id);
            y.append("  - id: ").append(id).append('\n');
            y.append("    from: ").append(roleList(r.fromText())).append('\n');
            y.append("    to: ").append(roleList(r.toText())).append('\n');
            y.append("    service: ").append(services.size() == 1 ? services.get(0) : "[" + String.join(", ", services)
                    + "]").append('\n');
            if (!r.purpose().isEmpty()) {
                y.append("    purpose: ").append(quote(r.purpose())).append('\n');
            }
            if (r.media()) {
                y.append("    media: true\n");
            }
            if (r.provenance() != null && !r.provenance().isEmpty()) {
                y.append("    source: ").append(quote(r.provenance())).append('\n');
            }
        }
        for (Draft d : drafts) {
            String id = unique(d.from + "--" + d.to + "--" + d.serviceName, ids);
            y.append(String.format(Locale.ROOT, "  # learned: %,d %s (%,d answered, %,d unanswered, %,d blocked), "
                    + "%,d packets; e.g. %s%n", d.flows, d.flows == 1 ? "flow" : "flows", d.answered,
                    Math.max(0, d.flows - d.answered - d.blocked), d.blocked, d.packets, d.example));
            y.append("  - id: ").append(id).append('\n');
            y.append("    from: ").append(d.from).append('\n');
            y.append("    to: ").append(d.to).append('\n');
            y.append("    service: ").append(d.serviceName).append('\n');
            if (d.media) {
                y.append("    media: true\n");
            }
            y.append("    purpose: ").append(quote(d.blocked > 0 && d.answered == 0
                    ? "learned from traffic; every flow was BLOCKED: is it wanted?" : "learned from traffic"))
                    .append('\n');
        }
    }

    private static String roleList(String text) {
        String[] parts = text.split(",\\s*");
        return parts.length == 1 ? parts[0].trim() : "[" + String.join(", ", parts) + "]";
    }

    private static String subnet(Group g) {
        return g.v4 ? IpAddresses.format(g.hi, g.lo) + "/24" : IpAddresses.format(g.hi, 0) + "/64";
    }

    private static String unique(String name, Set<String> used) {
        String n = name;
        for (int i = 2; used.contains(n); i++) {
            n = name + "-" + i;
        }
        used.add(n);
        return n;
    }

    private static String quotedList(List<String> items) {
        List<String> q = new ArrayList<>();
        for (String s : items) {
            q.add(quote(s));
        }
        return "[" + String.join(", ", q) + "]";
    }

    /** A YAML double-quoted scalar (backslash, quote and control characters escaped). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

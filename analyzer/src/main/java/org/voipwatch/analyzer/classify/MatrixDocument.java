package org.voipwatch.analyzer.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Walks one composed YAML matrix document into a {@link FlowMatrix.Builder}, checking every key and value and
 * reporting the first problem as {@code file:line: problem}. One instance per load, start-up thread only.
 */
final class MatrixDocument {
    private static final List<String> TOP_KEYS = List.of("name", "description", "roles", "bind", "services", "rules");
    private static final List<String> ROLE_KEYS = List.of("description", "hosts");
    private static final List<String> SERVICE_KEYS = List.of("app", "ports");
    private static final List<String> RULE_KEYS =
            List.of("id", "from", "to", "service", "purpose", "media", "source");
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern APP = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    /** A DNS name, optionally with one leading "*." wildcard label. */
    private static final Pattern HOST = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

    private final String file;
    /** Line of each rule id already used, for the duplicate message. */
    private final Map<String, Integer> ruleLines = new HashMap<>();

    MatrixDocument(String file) {
        this.file = file;
    }

    FlowMatrix.Builder read(Node root) throws MatrixException {
        Map<String, NodeTuple> top = entries(root, TOP_KEYS, "at top level");
        String name = requiredText(top, "name", root, "at top level");
        FlowMatrix.Builder b = new FlowMatrix.Builder(name);
        if (top.containsKey("description")) {
            b.description(text(top.get("description").getValueNode(), "description"));
        }
        Node roles = required(top, "roles", root, "at top level");
        readRoles(b, roles);
        if (top.containsKey("bind")) {
            readBind(b, top.get("bind").getValueNode());
        }
        readServices(b, required(top, "services", root, "at top level"));
        Node rules = required(top, "rules", root, "at top level");
        if (!isNull(rules)) {
            if (!(rules instanceof SequenceNode)) {
                throw err(rules, "rules must be a list of rule mappings");
            }
            int n = 0;
            for (Node r : ((SequenceNode) rules).getValue()) {
                readRule(b, r, ++n);
            }
        }
        return b;
    }

    private void readRoles(FlowMatrix.Builder b, Node roles) throws MatrixException {
        Map<String, NodeTuple> map = entries(roles, null, "in roles");
        if (map.isEmpty()) {
            throw err(roles, "roles must define at least one role");
        }
        for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
            String role = e.getKey();
            Node keyNode = e.getValue().getKeyNode();
            if ("any".equals(role) || "other".equals(role)) {
                throw err(keyNode, "role name '" + role + "' is reserved (pseudo-role)");
            }
            if (!MatrixLoader.validRoleName(role)) {
                throw err(keyNode, "role name '" + role + "' is not valid (use a-z, 0-9, '-', '_')");
            }
            if (b.roleNames().size() >= FlowMatrix.MAX_ROLES) {
                throw err(keyNode, "at most " + FlowMatrix.MAX_ROLES + " roles are supported");
            }
            Node v = e.getValue().getValueNode();
            String where = "in role '" + role + "'";
            Map<String, NodeTuple> attrs = isNull(v) ? Map.of() : entries(v, ROLE_KEYS, where);
            String desc = attrs.containsKey("description")
                    ? text(attrs.get("description").getValueNode(), "description") : "";
            b.role(role, desc);
            if (attrs.containsKey("hosts")) {
                for (Node h : items(attrs.get("hosts").getValueNode(), "hosts")) {
                    String host = text(h, "host pattern");
                    if (!HOST.matcher(host).matches()) {
                        throw err(h, "role '" + role + "': host pattern '" + host
                                + "' is not a DNS name or *.domain");
                    }
                    b.bindHostPattern(role, host.toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    private void readBind(FlowMatrix.Builder b, Node bind) throws MatrixException {
        if (isNull(bind)) {
            return;
        }
        for (Map.Entry<String, NodeTuple> e : entries(bind, null, "in bind").entrySet()) {
            String role = e.getKey();
            if (!b.hasRole(role)) {
                throw err(e.getValue().getKeyNode(), "bind names unknown role '" + role + "' (known: "
                        + MatrixLoader.knownRoles(b) + ")");
            }
            for (Node c : items(e.getValue().getValueNode(), "bind " + role)) {
                String cidr = text(c, "address");
                if (AddressBlock.parse(cidr) == null) {
                    throw err(c, "bind " + role + ": '" + cidr + "' is not an IPv4/IPv6 address or CIDR");
                }
                b.bind(role, cidr);
            }
        }
    }

    private void readServices(FlowMatrix.Builder b, Node services) throws MatrixException {
        Map<String, NodeTuple> map = entries(services, null, "in services");
        for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
            String svc = e.getKey();
            Node keyNode = e.getValue().getKeyNode();
            if (!MatrixLoader.validRoleName(svc)) {
                throw err(keyNode, "service name '" + svc + "' is not valid (use a-z, 0-9, '-', '_')");
            }
            Node v = e.getValue().getValueNode();
            String where = "in service '" + svc + "'";
            Map<String, NodeTuple> attrs = entries(v, SERVICE_KEYS, where);
            String app = requiredText(attrs, "app", v, where);
            if (!APP.matcher(app).matches()) {
                throw err(attrs.get("app").getValueNode(), "service '" + svc + "': app '" + app
                        + "' is not valid (use a-z, 0-9, '-', '_')");
            }
            List<Node> ports = items(required(attrs, "ports", v, where), "ports");
            if (ports.isEmpty()) {
                throw err(attrs.get("ports").getValueNode(), "service '" + svc + "': ports must not be empty");
            }
            List<Integer> triples = new ArrayList<>();
            for (Node p : ports) {
                String spec = text(p, "port entry");
                String problem = PortSpec.parse(spec, triples);
                if (problem != null) {
                    throw err(p, "service '" + svc + "': bad port entry '" + spec + "' (" + problem + ")");
                }
            }
            int[] arr = new int[triples.size()];
            for (int i = 0; i < arr.length; i++) {
                arr[i] = triples.get(i);
            }
            b.service(new Service(svc, app, arr));
        }
    }

    private void readRule(FlowMatrix.Builder b, Node node, int ordinal) throws MatrixException {
        if (!(node instanceof MappingNode)) {
            throw err(node, "rule #" + ordinal + " must be a mapping (id, from, to, service, ...)");
        }
        String label = ruleLabel((MappingNode) node, ordinal);
        Map<String, NodeTuple> attrs = entries(node, RULE_KEYS, "in " + label);
        String id = requiredText(attrs, "id", node, "in " + label);
        Node idNode = attrs.get("id").getValueNode();
        if (!RULE_ID.matcher(id).matches()) {
            throw err(idNode, "rule id '" + id + "' is not valid (use letters, digits, '.', '-', '_')");
        }
        String where = "in rule '" + id + "'";
        List<String> from = roleList(b, id, required(attrs, "from", node, where), "from");
        List<String> to = roleList(b, id, required(attrs, "to", node, where), "to");
        List<Node> svcNodes = items(required(attrs, "service", node, where), "service");
        if (svcNodes.isEmpty()) {
            throw err(attrs.get("service").getValueNode(), "rule '" + id + "': service must not be empty");
        }
        String purpose = attrs.containsKey("purpose") ? text(attrs.get("purpose").getValueNode(), "purpose") : "";
        boolean media = attrs.containsKey("media") && bool(attrs.get("media").getValueNode(), "media");
        String source = attrs.containsKey("source") ? text(attrs.get("source").getValueNode(), "source") : null;
        int line = line(node);
        for (Node s : svcNodes) {
            String svc = text(s, "service");
            if (!b.hasService(svc)) {
                throw err(s, "rule '" + id + "' names unknown service '" + svc + "' (known: "
                        + String.join(", ", sorted(b.serviceNames())) + ")");
            }
            // A list of services expands to one rule per service so that each rule has one port set.
            String ruleId = svcNodes.size() == 1 ? id : id + "/" + svc;
            Integer first = ruleLines.putIfAbsent(ruleId, line(idNode));
            if (first != null) {
                throw err(idNode, "rule id '" + ruleId + "' is used twice (first at line " + first + ")");
            }
            b.rule(ruleId, from, to, svc, purpose, media, source, line);
        }
    }

    /** "rule 'id'" when the id is readable before the keys are checked, so key errors name the rule. */
    private static String ruleLabel(MappingNode node, int ordinal) {
        for (NodeTuple t : node.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode && "id".equals(((ScalarNode) t.getKeyNode()).getValue())
                    && t.getValueNode() instanceof ScalarNode && !isNull(t.getValueNode())) {
                return "rule '" + ((ScalarNode) t.getValueNode()).getValue().trim() + "'";
            }
        }
        return "rule #" + ordinal;
    }

    private List<String> roleList(FlowMatrix.Builder b, String id, Node node, String key) throws MatrixException {
        List<Node> list = items(node, key);
        if (list.isEmpty()) {
            throw err(node, "rule '" + id + "': " + key + " must name at least one role");
        }
        List<String> out = new ArrayList<>();
        for (Node n : list) {
            String role = text(n, key + " role");
            if (!"any".equals(role) && !"other".equals(role) && !b.hasRole(role)) {
                throw err(n, "rule '" + id + "' names unknown role '" + role + "' (known: "
                        + MatrixLoader.knownRoles(b) + ")");
            }
            out.add(role);
        }
        return out;
    }

    // ---- node helpers -------------------------------------------------------------------------------------

    /** The keys of a mapping in order; null {@code allowed} accepts any key (role, service names). */
    private Map<String, NodeTuple> entries(Node node, List<String> allowed, String where) throws MatrixException {
        if (!(node instanceof MappingNode)) {
            throw err(node, "expected a mapping " + where);
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode)) {
                throw err(k, "expected a plain key " + where);
            }
            String key = ((ScalarNode) k).getValue();
            if (allowed != null && !allowed.contains(key)) {
                throw err(k, "unknown key '" + key + "' " + where + " (allowed: " + String.join(", ", allowed)
                        + ")");
            }
            if (out.containsKey(key)) {
                throw err(k, "duplicate key '" + key + "' " + where + " (first at line "
                        + line(out.get(key).getKeyNode()) + ")");
            }
            out.put(key, t);
        }
        return out;
    }

    private Node required(Map<String, NodeTuple> map, String key, Node owner, String where) throws MatrixException {
        NodeTuple t = map.get(key);
        if (t == null) {
            throw err(owner, "missing required key '" + key + "' " + where);
        }
        return t.getValueNode();
    }

    private String requiredText(Map<String, NodeTuple> map, String key, Node owner, String where)
            throws MatrixException {
        Node v = required(map, key, owner, where);
        String s = text(v, key);
        if (s.isEmpty()) {
            throw err(v, key + " must not be empty " + where);
        }
        return s;
    }

    private String text(Node node, String what) throws MatrixException {
        if (!(node instanceof ScalarNode)) {
            throw err(node, what + " must be a single value, not a " + kind(node));
        }
        return ((ScalarNode) node).getValue().trim();
    }

    /** A scalar is a one-element list, so {@code from: pbx} and {@code from: [pbx]} mean the same. */
    private List<Node> items(Node node, String what) throws MatrixException {
        if (node instanceof ScalarNode) {
            return isNull(node) ? List.of() : List.of(node);
        }
        if (node instanceof SequenceNode) {
            return ((SequenceNode) node).getValue();
        }
        throw err(node, what + " must be a value or a list, not a mapping");
    }

    private boolean bool(Node node, String what) throws MatrixException {
        if (node instanceof ScalarNode && Tag.BOOL.equals(node.getTag())) {
            String v = ((ScalarNode) node).getValue().toLowerCase(Locale.ROOT);
            return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
        }
        throw err(node, what + " must be true or false");
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String kind(Node node) {
        return node instanceof MappingNode ? "mapping" : node instanceof SequenceNode ? "list" : "value";
    }

    private static List<String> sorted(List<String> in) {
        List<String> out = new ArrayList<>(in);
        out.sort(null);
        return out;
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private MatrixException err(Node node, String problem) {
        return MatrixException.at(file, line(node), problem);
    }
}

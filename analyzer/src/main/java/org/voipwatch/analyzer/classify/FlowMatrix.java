package org.voipwatch.analyzer.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected-flow matrix: roles bound to addresses, services, and the rules that document who may open
 * which flow. Immutable after {@link Builder#build()}; read by the analyzer thread once per new flow.
 *
 * <p>A flow matches a rule when its initiator's roles intersect the rule's from-roles, its responder's roles
 * intersect the to-roles, and the service allows the transport and the responder's port. A media rule also
 * matches the reverse orientation (either side may send RTP first).
 */
public final class FlowMatrix {
    public static final int NO_RULE = -1;
    /** Roles are bits 0..61; bit 62 is the pseudo-role "other" (an address bound to no role). */
    public static final int MAX_ROLES = 62;
    public static final long OTHER_BIT = 1L << 62;
    public static final long ANY_MASK = ~0L;

    private final String name;
    private final String description;
    private final List<Role> roles;
    private final Map<String, Service> services;
    private final Rule[] rules;
    private final AddressBlock[] blocks;
    private final long[] blockRoleBits;

    private FlowMatrix(String name, String description, List<Role> roles, Map<String, Service> services,
                       List<Rule> rules) {
        this.name = name;
        this.description = description;
        this.roles = Collections.unmodifiableList(new ArrayList<>(roles));
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        this.rules = rules.toArray(new Rule[0]);
        List<AddressBlock> all = new ArrayList<>();
        List<Long> bits = new ArrayList<>();
        for (Role r : roles) {
            for (AddressBlock b : r.blocks()) {
                all.add(b);
                bits.add(r.bit());
            }
        }
        this.blocks = all.toArray(new AddressBlock[0]);
        this.blockRoleBits = new long[bits.size()];
        for (int i = 0; i < blockRoleBits.length; i++) {
            blockRoleBits[i] = bits.get(i);
        }
    }

    public String name() {
        return name;
    }

    /** Free text from the matrix file ("" when absent). */
    public String description() {
        return description;
    }

    public List<Role> roles() {
        return roles;
    }

    /** The role with this name, or null. */
    public Role role(String roleName) {
        for (Role r : roles) {
            if (r.name().equals(roleName)) {
                return r;
            }
        }
        return null;
    }

    /** Index of the rule with this id, or {@link #NO_RULE}. */
    public int ruleIndex(String id) {
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].id().equals(id)) {
                return i;
            }
        }
        return NO_RULE;
    }

    public Map<String, Service> services() {
        return services;
    }

    public int ruleCount() {
        return rules.length;
    }

    public Rule rule(int index) {
        return rules[index];
    }

    /** Bit mask of the roles an address is bound to, or {@link #OTHER_BIT} when none. */
    public long rolesOf(long hi, long lo) {
        long mask = 0;
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i].contains(hi, lo)) {
                mask |= blockRoleBits[i];
            }
        }
        return mask == 0 ? OTHER_BIT : mask;
    }

    /**
     * Like {@link #rolesOf(long, long)}, plus the roles {@code learned} holds for the address (DNS-named roles);
     * an address with a learned role is no longer "other". {@code learned} may be null.
     */
    public long rolesOf(long hi, long lo, DynamicRoles learned) {
        long mask = rolesOf(hi, lo);
        if (learned == null) {
            return mask;
        }
        long extra = learned.learnedRolesOf(hi, lo) & ~OTHER_BIT;
        return extra == 0 ? mask : (mask & ~OTHER_BIT) | extra;
    }

    /** True when some role names host patterns, i.e. DNS answers and TLS SNI can teach addresses. */
    public boolean hasHostPatterns() {
        for (Role r : roles) {
            if (!r.hostPatterns().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The first (lowest-index) role name in a mask, "other" for the pseudo-role. */
    public String roleName(long mask) {
        if (mask == OTHER_BIT || mask == 0) {
            return "other";
        }
        int i = Long.numberOfTrailingZeros(mask);
        return i < roles.size() ? roles.get(i).name() : "other";
    }

    /** Index of the first rule the flow matches, or {@link #NO_RULE}. */
    public int match(int ipProtocol, long initRoles, int initPort, long respRoles, int respPort) {
        int t = Transport.bitOf(ipProtocol);
        if (t == 0) {
            return NO_RULE;
        }
        for (int i = 0; i < rules.length; i++) {
            Rule r = rules[i];
            if ((r.fromMask() & initRoles) != 0 && (r.toMask() & respRoles) != 0
                    && r.service().allows(t, respPort)) {
                return i;
            }
            if (r.media() && (r.fromMask() & respRoles) != 0 && (r.toMask() & initRoles) != 0
                    && r.service().allows(t, initPort)) {
                return i;
            }
        }
        return NO_RULE;
    }

    /** Convenience: resolves roles and matches. */
    public int match(int ipProtocol, long initHi, long initLo, int initPort, long respHi, long respLo,
                     int respPort) {
        return match(ipProtocol, rolesOf(initHi, initLo), initPort, rolesOf(respHi, respLo), respPort);
    }

    /** Assembles a matrix; the YAML loader and tests use it. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private final List<Role> roles = new ArrayList<>();
        private final Map<String, Role> roleByName = new LinkedHashMap<>();
        private final Map<String, Service> services = new LinkedHashMap<>();
        private final List<Rule> rules = new ArrayList<>();

        public Builder(String name) {
            this.name = name;
        }

        public Builder description(String text) {
            this.description = text == null ? "" : text;
            return this;
        }

        /** Adds a role; throws IllegalArgumentException on a duplicate, a reserved name or too many roles. */
        public Builder role(String roleName, String description) {
            if ("any".equals(roleName) || "other".equals(roleName)) {
                throw new IllegalArgumentException("role name '" + roleName + "' is reserved");
            }
            if (roleByName.containsKey(roleName)) {
                throw new IllegalArgumentException("role '" + roleName + "' is defined twice");
            }
            if (roles.size() >= MAX_ROLES) {
                throw new IllegalArgumentException("at most " + MAX_ROLES + " roles are supported");
            }
            Role r = new Role(roles.size(), roleName, description);
            roles.add(r);
            roleByName.put(roleName, r);
            return this;
        }

        public boolean hasRole(String roleName) {
            return roleByName.containsKey(roleName);
        }

        /** Binds a CIDR to a role; throws IllegalArgumentException for an unknown role or a malformed CIDR. */
        public Builder bind(String roleName, String cidr) {
            Role r = requireRole(roleName);
            AddressBlock b = AddressBlock.parse(cidr);
            if (b == null) {
                throw new IllegalArgumentException("'" + cidr + "' is not an IPv4/IPv6 address or CIDR");
            }
            r.addBlock(b);
            return this;
        }

        public Builder bindHostPattern(String roleName, String pattern) {
            requireRole(roleName).addHostPattern(pattern);
            return this;
        }

        public Builder service(Service service) {
            if (services.containsKey(service.name())) {
                throw new IllegalArgumentException("service '" + service.name() + "' is defined twice");
            }
            services.put(service.name(), service);
            return this;
        }

        public boolean hasService(String serviceName) {
            return services.containsKey(serviceName);
        }

        /** Role names in definition order. */
        public List<String> roleNames() {
            return new ArrayList<>(roleByName.keySet());
        }

        /** Service names in definition order. */
        public List<String> serviceNames() {
            return new ArrayList<>(services.keySet());
        }

        /** Mask for a list of role names ("any" = every role and "other"; "other" = unbound addresses). */
        public long maskOf(List<String> roleNames) {
            long m = 0;
            for (String n : roleNames) {
                if ("any".equals(n)) {
                    m = ANY_MASK;
                } else if ("other".equals(n)) {
                    m |= OTHER_BIT;
                } else {
                    m |= requireRole(n).bit();
                }
            }
            return m;
        }

        public Builder rule(String id, List<String> from, List<String> to, String serviceName, String purpose,
                            boolean media, String provenance, int line) {
            for (Rule r : rules) {
                if (r.id().equals(id)) {
                    throw new IllegalArgumentException("rule id '" + id + "' is used twice");
                }
            }
            Service s = services.get(serviceName);
            if (s == null) {
                throw new IllegalArgumentException("rule '" + id + "' names unknown service '" + serviceName + "'");
            }
            rules.add(new Rule(rules.size(), id, maskOf(from), maskOf(to), s, purpose, media, provenance, line,
                    String.join(", ", from), String.join(", ", to)));
            return this;
        }

        private Role requireRole(String roleName) {
            Role r = roleByName.get(roleName);
            if (r == null) {
                throw new IllegalArgumentException("unknown role '" + roleName + "'");
            }
            return r;
        }

        public FlowMatrix build() {
            return new FlowMatrix(name, description, roles, services, rules);
        }
    }
}

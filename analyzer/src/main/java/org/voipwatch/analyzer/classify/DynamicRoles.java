package org.voipwatch.analyzer.classify;

/**
 * Roles an address has earned at run time rather than by a {@code bind:} block, e.g. because a DNS answer in the
 * traffic said that a role's host name resolves to it (see {@code track.dns.LearnedAddressTable}). Read by the
 * analyzer thread that owns the implementation, through {@link FlowMatrix#rolesOf(long, long, DynamicRoles)}.
 */
public interface DynamicRoles {
    /** Role bits (see {@link Role#bit()}) learned for this address and still valid, or 0. */
    long learnedRolesOf(long hi, long lo);
}

package org.voipwatch.analyzer.protocol.stun;

import org.voipwatch.analyzer.util.SlotAgeList;

/**
 * TURN allocations per client flow (RFC 8656 §7): Allocate attempts, the authentication dance, the outcome, and
 * the relayed transport address with its lifetime, so that media to or from a relayed address can be attributed
 * to the client flow that owns it. Bounded: {@code capacity} pooled entries, least recently active evicted (and
 * counted) when full; no allocation after construction.
 *
 * <p>Which errors are normal (RFC 8656 §7.2, RFC 8489 §9.2): the first Allocate usually carries no credentials and
 * is answered 401 with a realm and nonce ({@link #OUTCOME_CHALLENGE}); 438 Stale Nonce asks the client to retry
 * with the new nonce and 300 Try Alternate redirects it ({@link #OUTCOME_RETRY}). Any other error is a failure:
 * 401 to a request that carried MESSAGE-INTEGRITY (wrong credentials), 403 Forbidden, 437 Allocation Mismatch,
 * 440/443 address family, 441 Wrong Credentials, 442 Unsupported Transport Protocol, 486 Allocation Quota Reached,
 * 508 Insufficient Capacity, 4xx/5xx in general ({@link #OUTCOME_FAILURE}).
 *
 * <p>The flow key is the caller's key of the client↔server flow (the same for both directions). Single-threaded:
 * owned by the analyzer thread (shard) that sees that flow; relayed-media lookups must run on the same thread.
 */
public final class AllocationTracker {
    public static final int OUTCOME_NONE = 0;
    public static final int OUTCOME_CHALLENGE = 1;
    public static final int OUTCOME_RETRY = 2;
    public static final int OUTCOME_FAILURE = 3;
    public static final int OUTCOME_ALLOCATED = 4;

    public static final int STATE_PENDING = 0;
    public static final int STATE_CHALLENGED = 1;
    public static final int STATE_ALLOCATED = 2;
    public static final int STATE_FAILED = 3;
    public static final int STATE_RELEASED = 4;

    private static final long NS_PER_S = 1_000_000_000L;

    private final SlotIndex byFlow;
    private final SlotIndex byRelay;
    private final long[] flowKey;
    private final int[] state;
    private final int[] attempts;
    private final int[] challenges;
    private final boolean[] lastRequestHadIntegrity;
    private final int[] lastErrorCode;
    private final boolean[] relayIndexed;
    private final long[] relayHi;
    private final long[] relayLo;
    private final int[] relayPort;
    private final long[] lifetimeS;
    private final long[] expiresNs;
    private final long[] lastNs;
    /** Entry numbers, least recently active first. */
    private final SlotAgeList ages;

    private long allocations;
    private long failures;
    private long evictions;

    public AllocationTracker(int capacity) {
        ages = new SlotAgeList(capacity); // first: it rejects capacity < 1
        byFlow = new SlotIndex(capacity);
        byRelay = new SlotIndex(capacity);
        flowKey = new long[capacity];
        state = new int[capacity];
        attempts = new int[capacity];
        challenges = new int[capacity];
        lastRequestHadIntegrity = new boolean[capacity];
        lastErrorCode = new int[capacity];
        relayIndexed = new boolean[capacity];
        relayHi = new long[capacity];
        relayLo = new long[capacity];
        relayPort = new int[capacity];
        lifetimeS = new long[capacity];
        expiresNs = new long[capacity];
        lastNs = new long[capacity];
    }

    /** The decision for an Allocate error response; pure, see the class comment. */
    public static int classifyError(int errorCode, boolean requestHadIntegrity) {
        if (errorCode == 401) {
            return requestHadIntegrity ? OUTCOME_FAILURE : OUTCOME_CHALLENGE;
        }
        if (errorCode == 438 || errorCode == 300) {
            return OUTCOME_RETRY;
        }
        return OUTCOME_FAILURE;
    }

    /**
     * Feeds one Allocate or Refresh message of this client flow (requests from the client, responses from the
     * server; other methods are ignored). Returns an OUTCOME_* for responses, {@link #OUTCOME_NONE} otherwise.
     */
    public int onMessage(StunMessage m, long flow, long nowNs) {
        int method = m.method();
        int cls = m.messageClass();
        if (method == StunMessage.METHOD_ALLOCATE) {
            if (cls == StunMessage.CLASS_REQUEST) {
                onAllocateRequest(flow, m.hasMessageIntegrity(), nowNs);
                return OUTCOME_NONE;
            }
            if (cls == StunMessage.CLASS_ERROR) {
                return onAllocateError(flow, m.findErrorCode(), nowNs);
            }
            if (cls == StunMessage.CLASS_SUCCESS) {
                long lifetime = m.findAttribute(StunMessage.ATTR_LIFETIME) ? m.u32Value() : -1;
                if (m.findAttribute(StunMessage.ATTR_XOR_RELAYED_ADDRESS) && m.decodeAddress() == StunStatus.OK) {
                    return onAllocateSuccess(flow, m.addressHi(), m.addressLo(), m.addressPort(), lifetime, nowNs);
                }
                return onAllocateSuccess(flow, 0, 0, -1, lifetime, nowNs);
            }
        } else if (method == StunMessage.METHOD_REFRESH && cls == StunMessage.CLASS_SUCCESS) {
            long lifetime = m.findAttribute(StunMessage.ATTR_LIFETIME) ? m.u32Value() : -1;
            onRefreshSuccess(flow, lifetime, nowNs);
        }
        return OUTCOME_NONE;
    }

    /** An Allocate request; returns the entry number. */
    public int onAllocateRequest(long flow, boolean hasMessageIntegrity, long nowNs) {
        int e = entryFor(flow, nowNs);
        attempts[e]++;
        lastRequestHadIntegrity[e] = hasMessageIntegrity;
        return e;
    }

    /** An Allocate error response with this ERROR-CODE (-1 when absent); returns the OUTCOME_*. */
    public int onAllocateError(long flow, int errorCode, long nowNs) {
        int e = entryFor(flow, nowNs);
        lastErrorCode[e] = errorCode;
        int outcome = classifyError(errorCode, lastRequestHadIntegrity[e]);
        if (outcome == OUTCOME_CHALLENGE) {
            challenges[e]++;
            state[e] = STATE_CHALLENGED;
        } else if (outcome == OUTCOME_FAILURE) {
            failures++;
            state[e] = STATE_FAILED;
        }
        return outcome;
    }

    /**
     * An Allocate success response: relayed address (port -1 when XOR-RELAYED-ADDRESS was missing) and LIFETIME
     * seconds (-1 when missing: RFC 8656 default 600 s is assumed). Returns {@link #OUTCOME_ALLOCATED}.
     */
    public int onAllocateSuccess(long flow, long hi, long lo, int port, long lifetimeSeconds, long nowNs) {
        int e = entryFor(flow, nowNs);
        unindexRelay(e);
        allocations++;
        state[e] = STATE_ALLOCATED;
        relayHi[e] = hi;
        relayLo[e] = lo;
        relayPort[e] = port;
        setLifetime(e, lifetimeSeconds, nowNs);
        if (port >= 0) {
            byRelay.insert(relayHash(hi, lo, port), e);
            relayIndexed[e] = true;
        }
        return OUTCOME_ALLOCATED;
    }

    /** A Refresh success response: LIFETIME 0 releases the allocation (RFC 8656 §8). */
    public void onRefreshSuccess(long flow, long lifetimeSeconds, long nowNs) {
        int e = find(flow);
        if (e < 0 || state[e] != STATE_ALLOCATED) {
            return;
        }
        touch(e, nowNs);
        if (lifetimeSeconds == 0) {
            unindexRelay(e);
            state[e] = STATE_RELEASED;
            lifetimeS[e] = 0;
            expiresNs[e] = nowNs;
            return;
        }
        setLifetime(e, lifetimeSeconds, nowNs);
    }

    /** Entry number of the live allocation whose relayed address is this one, or -1. */
    public int findByRelayedAddress(long hi, long lo, int port, long nowNs) {
        int h = relayHash(hi, lo, port);
        for (int s = byRelay.firstSlot(h); ; s = byRelay.nextSlot(s)) {
            int e = byRelay.entryAt(s);
            if (e < 0) {
                return -1;
            }
            if (relayLo[e] == lo && relayHi[e] == hi && relayPort[e] == port) {
                return nowNs < expiresNs[e] ? e : -1;
            }
        }
    }

    /** Entry number for this client flow, or -1. */
    public int find(long flow) {
        int h = SlotIndex.hash(flow);
        for (int s = byFlow.firstSlot(h); ; s = byFlow.nextSlot(s)) {
            int e = byFlow.entryAt(s);
            if (e < 0) {
                return -1;
            }
            if (flowKey[e] == flow) {
                return e;
            }
        }
    }

    /** Forgets flows idle for at least {@code idleTimeoutNs}, least recently active first; returns how many. */
    public int expire(long nowNs, long idleTimeoutNs) {
        int n = 0;
        for (int e = ages.oldest(); e >= 0 && nowNs - lastNs[e] >= idleTimeoutNs; e = ages.oldest()) {
            release(e);
            n++;
        }
        return n;
    }

    private int entryFor(long flow, long nowNs) {
        int e = find(flow);
        if (e >= 0) {
            touch(e, nowNs);
            return e;
        }
        if (ages.isFull()) {
            evictions++;
            release(ages.oldest());
        }
        e = ages.pushNewest();
        flowKey[e] = flow;
        state[e] = STATE_PENDING;
        attempts[e] = 0;
        challenges[e] = 0;
        lastRequestHadIntegrity[e] = false;
        lastErrorCode[e] = -1;
        relayIndexed[e] = false;
        relayPort[e] = -1;
        lifetimeS[e] = 0;
        expiresNs[e] = 0;
        lastNs[e] = nowNs;
        byFlow.insert(SlotIndex.hash(flow), e);
        return e;
    }

    private void setLifetime(int e, long seconds, long nowNs) {
        long s = seconds < 0 ? 600 : seconds;
        lifetimeS[e] = s;
        expiresNs[e] = nowNs + s * NS_PER_S;
    }

    private static int relayHash(long hi, long lo, int port) {
        return SlotIndex.hash(hi * 0x9e3779b97f4a7c15L ^ lo ^ ((long) port << 48));
    }

    private void unindexRelay(int e) {
        if (relayIndexed[e]) {
            byRelay.remove(relayHash(relayHi[e], relayLo[e], relayPort[e]), e);
            relayIndexed[e] = false;
        }
    }

    private void touch(int e, long nowNs) {
        lastNs[e] = nowNs;
        ages.touch(e);
    }

    private void release(int e) {
        unindexRelay(e);
        byFlow.remove(SlotIndex.hash(flowKey[e]), e);
        ages.remove(e);
    }

    public long flowKey(int e) {
        return flowKey[e];
    }

    /** STATE_PENDING, STATE_CHALLENGED, STATE_ALLOCATED, STATE_FAILED or STATE_RELEASED. */
    public int state(int e) {
        return state[e];
    }

    public int attempts(int e) {
        return attempts[e];
    }

    public int challenges(int e) {
        return challenges[e];
    }

    /** ERROR-CODE of the last Allocate error response, -1 when none (or absent). */
    public int lastErrorCode(int e) {
        return lastErrorCode[e];
    }

    public long relayedHi(int e) {
        return relayHi[e];
    }

    public long relayedLo(int e) {
        return relayLo[e];
    }

    /** Relayed port, -1 when the success response had no usable XOR-RELAYED-ADDRESS. */
    public int relayedPort(int e) {
        return relayPort[e];
    }

    public long lifetimeSeconds(int e) {
        return lifetimeS[e];
    }

    public long expiresNs(int e) {
        return expiresNs[e];
    }

    public int size() {
        return ages.size();
    }

    public long allocations() {
        return allocations;
    }

    public long failures() {
        return failures;
    }

    public long evictions() {
        return evictions;
    }
}

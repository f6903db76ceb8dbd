package org.voipwatch.analyzer.protocol.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.util.IpAddresses;

class AllocationTrackerTest {
    private static final long S = 1_000_000_000L;

    @Test
    void challengeThenAllocatedFromRealMessages() {
        AllocationTracker a = new AllocationTracker(4);
        StunMessage m = new StunMessage();
        long flow = 42;
        byte[][] seq = {StunMessageTest.ALLOCATE_REQUEST, StunMessageTest.ALLOCATE_401,
            StunMessageTest.ALLOCATE_REQUEST_AUTH, StunMessageTest.ALLOCATE_SUCCESS};
        int[] outcomes = new int[seq.length];
        for (int i = 0; i < seq.length; i++) {
            assertEquals(StunStatus.OK, m.wrap(seq[i], 0, seq[i].length));
            outcomes[i] = a.onMessage(m, flow, i * S);
        }
        assertEquals(AllocationTracker.OUTCOME_NONE, outcomes[0]);
        assertEquals(AllocationTracker.OUTCOME_CHALLENGE, outcomes[1]);
        assertEquals(AllocationTracker.OUTCOME_NONE, outcomes[2]);
        assertEquals(AllocationTracker.OUTCOME_ALLOCATED, outcomes[3]);
        int e = a.find(flow);
        assertEquals(AllocationTracker.STATE_ALLOCATED, a.state(e));
        assertEquals(2, a.attempts(e));
        assertEquals(1, a.challenges(e));
        assertEquals(401, a.lastErrorCode(e));
        assertEquals(600, a.lifetimeSeconds(e));
        assertEquals(3 * S + 600 * S, a.expiresNs(e));
        assertEquals(0, a.failures());
        long[] relay = IpAddresses.parse("192.0.2.15");
        assertEquals(e, a.findByRelayedAddress(relay[0], relay[1], 50000, 10 * S));
        assertEquals(flow, a.flowKey(a.findByRelayedAddress(relay[0], relay[1], 50000, 10 * S)));
        assertEquals(-1, a.findByRelayedAddress(relay[0], relay[1], 50001, 10 * S));
        assertEquals(-1, a.findByRelayedAddress(relay[0], relay[1], 50000, 603 * S), "lifetime over");
        a.onRefreshSuccess(flow, 0, 20 * S);
        assertEquals(AllocationTracker.STATE_RELEASED, a.state(e));
        assertEquals(-1, a.findByRelayedAddress(relay[0], relay[1], 50000, 21 * S));
    }

    @Test
    void errorDecisions() {
        assertEquals(AllocationTracker.OUTCOME_CHALLENGE, AllocationTracker.classifyError(401, false));
        assertEquals(AllocationTracker.OUTCOME_FAILURE, AllocationTracker.classifyError(401, true));
        assertEquals(AllocationTracker.OUTCOME_RETRY, AllocationTracker.classifyError(438, true));
        assertEquals(AllocationTracker.OUTCOME_RETRY, AllocationTracker.classifyError(300, false));
        for (int code : new int[] {400, 403, 420, 437, 440, 441, 442, 443, 486, 500, 508, -1}) {
            assertEquals(AllocationTracker.OUTCOME_FAILURE, AllocationTracker.classifyError(code, true), "" + code);
        }
        AllocationTracker a = new AllocationTracker(4);
        a.onAllocateRequest(1, false, 0);
        assertEquals(AllocationTracker.OUTCOME_CHALLENGE, a.onAllocateError(1, 401, S));
        a.onAllocateRequest(1, true, 2 * S);
        assertEquals(AllocationTracker.OUTCOME_RETRY, a.onAllocateError(1, 438, 3 * S));
        a.onAllocateRequest(1, true, 4 * S);
        assertEquals(AllocationTracker.OUTCOME_FAILURE, a.onAllocateError(1, 401, 5 * S));
        assertEquals(AllocationTracker.STATE_FAILED, a.state(a.find(1)));
        assertEquals(3, a.attempts(a.find(1)));
        assertEquals(1, a.failures());
    }

    @Test
    void boundedWithLruEvictionAndIdleExpiry() {
        AllocationTracker a = new AllocationTracker(2);
        a.onAllocateRequest(1, false, 0);
        a.onAllocateRequest(2, false, S);
        a.onAllocateRequest(1, true, 2 * S); // flow 1 becomes most recent
        a.onAllocateRequest(3, false, 3 * S); // evicts flow 2
        assertEquals(1, a.evictions());
        assertEquals(-1, a.find(2));
        assertTrue(a.find(1) >= 0 && a.find(3) >= 0);
        assertEquals(1, a.expire(10 * S, 8 * S - 1));
        assertEquals(-1, a.find(1));
        assertEquals(1, a.size());
    }
}

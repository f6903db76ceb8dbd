package org.voipwatch.analyzer.track;

import java.util.Arrays;

/**
 * Bounded bidirectional flow table keyed by the 5-tuple, in primitive arrays: no boxing, no allocation after
 * construction.
 *
 * <p>Two levels, for cache locality: flows live in dense per-flow arrays indexed by a <em>slot</em> (taken from
 * a LIFO free list, so live flows stay packed at low slots whatever the capacity, and a slot never moves while
 * its flow lives); a separate open-addressing index ({@code long[]}: 32-bit hash | slot + 1, linear probing,
 * backward-shift deletion, no tombstones) finds the slot of a key. A lookup costs one index probe plus the
 * flow's own key words. Measured (benchmarks/README.md): the previous layout, 17 arrays of 2 × capacity
 * indexed by the hash position, cost ~10 cache and TLB misses per packet.
 *
 * <p>A flow is stored once for both directions: the key is canonical (the smaller (address, port) end is
 * "A"), and {@link #initiatorIsA} remembers which end opened it. Callers pass packet time as {@code nowNs};
 * idle flows are removed by {@link #sweep}, which hands each removed flow to a {@link Visitor} first so
 * its figures can be folded into the summary. When the table is full, the caller decides (see
 * {@link FlowTracker}); this class only reports it.
 *
 * <p>Owned by the analyzer thread.
 */
public final class FlowTable {
    public static final int NOT_FOUND = -1;
    public static final int FULL = -2;
    /**
     * Index positions used while few flows live. The index array is allocated at full size once, but only its
     * first {@code mask + 1} entries are used, doubling as flows are added: a site with 4,000 live flows probes a
     * 128 KiB prefix that stays in the L2 cache instead of 4 MiB where every lookup missed (benchmarks/README.md).
     */
    static final int MIN_INDEX_SIZE = 4096;

    /** Per-flow flag bits ({@link #flags}). */
    public static final int F_SYN_SEEN = 1;
    public static final int F_SYNACK_SEEN = 1 << 1;
    public static final int F_RST_FROM_RESPONDER = 1 << 2;
    public static final int F_FIN_SEEN = 1 << 3;
    public static final int F_REPORTED = 1 << 4;
    public static final int F_ICMP_ERROR = 1 << 5;
    public static final int F_MID_STREAM = 1 << 6;
    /** Known only from the datagram quoted in an ICMP error. */
    public static final int F_FROM_ICMP = 1 << 7;
    /** Undocumented but explained by an {@link UnexpectedFlowFilter} (e.g. TURN-relayed media): not reported. */
    public static final int F_EXPLAINED = 1 << 8;

    /** Index positions in use: grows by doubling with the live flows, up to {@link #fullMask}. */
    private int mask;
    private final int fullMask;
    private final int maxFlows;
    private int size;
    /** Hash index: 0 = empty, else (hash32 << 32) | (slot + 1). */
    private final long[] index;
    /** Free slots, LIFO: a freed slot is reused first, which keeps live flows packed. */
    private final int[] freeSlots;
    private int freeTop;
    /** One past the highest slot ever used: iteration bound. */
    private int highWater;

    /**
     * The keys, one 64-byte stride per slot: aHi, aLo, bHi, bLo, ports (proto << 32 | portA << 16 | portB; 0 marks
     * an empty slot, proto is never 0 for a stored flow). A lookup and the direction test read one entry instead
     * of one line in each of five arrays.
     */
    private final long[] keys;
    /** Whether the source of the packet last looked up by {@link #find} is the key's A side. */
    private boolean foundSrcIsA;
    private static final int KEY_STRIDE = 8;
    private static final int K_AHI = 0;
    private static final int K_ALO = 1;
    private static final int K_BHI = 2;
    private static final int K_BLO = 3;
    private static final int K_PORTS = 4;

    // state, indexed by slot
    public final boolean[] initiatorIsA;
    public final long[] firstNs;
    public final long[] lastNs;
    /** Packets sent by the initiator / the responder. */
    public final long[] initPackets;
    public final long[] respPackets;
    public final long[] initBytes;
    public final long[] respBytes;
    public final int[] rule;
    public final int[] flags;
    public final long[] initRoles;
    public final long[] respRoles;
    /** Protocol class of the flow's payload (see ProtocolClass), 0 until a payload was seen. */
    public final byte[] protocolClass;

    public FlowTable(int maxFlows) {
        if (maxFlows < 16) {
            throw new IllegalArgumentException("maxFlows must be at least 16, got " + maxFlows);
        }
        this.maxFlows = maxFlows;
        int indexSize = Integer.highestOneBit(maxFlows * 2 - 1) << 1; // index load factor <= 0.5
        this.fullMask = indexSize - 1;
        this.mask = Math.min(indexSize, MIN_INDEX_SIZE) - 1;
        this.index = new long[indexSize];
        this.freeSlots = new int[maxFlows];
        for (int i = 0; i < maxFlows; i++) {
            freeSlots[i] = maxFlows - 1 - i; // slot 0 on top
        }
        this.freeTop = maxFlows;
        int cap = maxFlows;
        keys = new long[cap * KEY_STRIDE];
        initiatorIsA = new boolean[cap];
        firstNs = new long[cap];
        lastNs = new long[cap];
        initPackets = new long[cap];
        respPackets = new long[cap];
        initBytes = new long[cap];
        respBytes = new long[cap];
        rule = new int[cap];
        flags = new int[cap];
        initRoles = new long[cap];
        respRoles = new long[cap];
        protocolClass = new byte[cap];
    }

    public int size() {
        return size;
    }

    public int maxFlows() {
        return maxFlows;
    }

    /** Upper bound of the slots in use (for iteration with {@link #isUsed}). */
    public int slotCount() {
        return highWater;
    }

    public boolean isUsed(int slot) {
        return keys[slot * KEY_STRIDE + K_PORTS] != 0;
    }

    /** True when the (src, sport) end sorts first, i.e. is end "A" of the canonical key. */
    public static boolean srcIsA(long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        int c = Long.compareUnsigned(sHi, dHi);
        if (c == 0) {
            c = Long.compareUnsigned(sLo, dLo);
        }
        if (c == 0) {
            c = Integer.compare(sPort, dPort);
        }
        return c <= 0;
    }

    private static int hash(long xHi, long xLo, long yHi, long yLo, long p) {
        long h = xHi * 0x9E3779B97F4A7C15L;
        h = (h ^ xLo) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ yHi) * 0x9E3779B97F4A7C15L;
        h = (h ^ yLo) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ p) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 31));
    }

    private int hashOf(int slot) {
        int k = slot * KEY_STRIDE;
        return hash(keys[k + K_AHI], keys[k + K_ALO], keys[k + K_BHI], keys[k + K_BLO], keys[k + K_PORTS]);
    }

    private static long portsKey(int proto, int portA, int portB) {
        return ((long) (proto & 0xff | 0x100) << 32) | ((long) (portA & 0xffff) << 16) | (portB & 0xffff);
    }

    /**
     * Finds the flow of a packet in either direction. Returns the slot, or NOT_FOUND.
     */
    public int find(int proto, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        boolean srcA = srcIsA(sHi, sLo, sPort, dHi, dLo, dPort);
        foundSrcIsA = srcA;
        long xHi = srcA ? sHi : dHi;
        long xLo = srcA ? sLo : dLo;
        long yHi = srcA ? dHi : sHi;
        long yLo = srcA ? dLo : sLo;
        long p = srcA ? portsKey(proto, sPort, dPort) : portsKey(proto, dPort, sPort);
        int h = hash(xHi, xLo, yHi, yLo, p);
        int i = h & mask;
        while (true) {
            long v = index[i];
            if (v == 0) {
                return NOT_FOUND;
            }
            if ((int) (v >>> 32) == h) {
                int slot = (int) v - 1;
                int k = slot * KEY_STRIDE;
                if (keys[k + K_PORTS] == p && keys[k + K_ALO] == xLo && keys[k + K_BLO] == yLo
                        && keys[k + K_AHI] == xHi && keys[k + K_BHI] == yHi) {
                    return slot;
                }
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Inserts a new flow whose initiator is (s, sPort). The caller has checked with {@link #find} that it is
     * absent. Returns the slot, or FULL when {@link #maxFlows} flows are stored.
     */
    public int insert(int proto, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort, long nowNs) {
        if (size >= maxFlows) {
            return FULL;
        }
        if (size >= (mask + 1) >>> 1 && mask < fullMask) {
            growIndex();
        }
        boolean srcA = srcIsA(sHi, sLo, sPort, dHi, dLo, dPort);
        long xHi = srcA ? sHi : dHi;
        long xLo = srcA ? sLo : dLo;
        long yHi = srcA ? dHi : sHi;
        long yLo = srcA ? dLo : sLo;
        long p = srcA ? portsKey(proto, sPort, dPort) : portsKey(proto, dPort, sPort);
        int h = hash(xHi, xLo, yHi, yLo, p);
        int pos = h & mask;
        while (index[pos] != 0) {
            pos = (pos + 1) & mask;
        }
        int i = freeSlots[--freeTop];
        index[pos] = ((long) h << 32) | (i + 1L);
        if (i >= highWater) {
            highWater = i + 1;
        }
        int k = i * KEY_STRIDE;
        keys[k + K_PORTS] = p;
        keys[k + K_AHI] = xHi;
        keys[k + K_ALO] = xLo;
        keys[k + K_BHI] = yHi;
        keys[k + K_BLO] = yLo;
        initiatorIsA[i] = srcA;
        firstNs[i] = nowNs;
        lastNs[i] = nowNs;
        initPackets[i] = 0;
        respPackets[i] = 0;
        initBytes[i] = 0;
        respBytes[i] = 0;
        rule[i] = -1;
        flags[i] = 0;
        initRoles[i] = 0;
        respRoles[i] = 0;
        protocolClass[i] = 0;
        size++;
        return i;
    }

    /** Doubles the index prefix in use and re-files every stored flow (amortised over the inserts). */
    private void growIndex() {
        mask = mask * 2 + 1;
        Arrays.fill(index, 0, mask + 1, 0L);
        for (int slot = 0; slot < highWater; slot++) {
            if (keys[slot * KEY_STRIDE + K_PORTS] != 0) {
                int h = hashOf(slot);
                int pos = h & mask;
                while (index[pos] != 0) {
                    pos = (pos + 1) & mask;
                }
                index[pos] = ((long) h << 32) | (slot + 1L);
            }
        }
    }

    /** True when a packet from (sHi, sLo, sPort) was sent by the flow's initiator. */
    /**
     * {@link #fromInitiator} for the packet that the last {@link #find} found in {@code slot}: find already knew on
     * which side of the key the source is, so only the initiator flag is read (call it before any other lookup).
     */
    public boolean foundFromInitiator(int slot) {
        return foundSrcIsA == initiatorIsA[slot] || foundSrcIsA && isSelfFlow(slot);
    }

    /** Both ends of the flow are the same address and port: there is only one direction. */
    private boolean isSelfFlow(int slot) {
        int k = slot * KEY_STRIDE;
        return keys[k + K_ALO] == keys[k + K_BLO] && keys[k + K_AHI] == keys[k + K_BHI] && portA(slot) == portB(slot);
    }

    public boolean fromInitiator(int slot, long sHi, long sLo, int sPort) {
        int k = slot * KEY_STRIDE;
        boolean srcIsA = keys[k + K_ALO] == sLo && keys[k + K_AHI] == sHi && portA(slot) == sPort;
        return srcIsA == initiatorIsA[slot] || isSelfFlow(slot);
    }

    public int proto(int slot) {
        return (int) (keys[slot * KEY_STRIDE + K_PORTS] >>> 32) & 0xff;
    }

    private int portA(int slot) {
        return (int) (keys[slot * KEY_STRIDE + K_PORTS] >>> 16) & 0xffff;
    }

    private int portB(int slot) {
        return (int) keys[slot * KEY_STRIDE + K_PORTS] & 0xffff;
    }

    public long initHi(int slot) {
        return initiatorIsA[slot] ? keys[slot * KEY_STRIDE + K_AHI] : keys[slot * KEY_STRIDE + K_BHI];
    }

    public long initLo(int slot) {
        return initiatorIsA[slot] ? keys[slot * KEY_STRIDE + K_ALO] : keys[slot * KEY_STRIDE + K_BLO];
    }

    public int initPort(int slot) {
        return initiatorIsA[slot] ? portA(slot) : portB(slot);
    }

    public long respHi(int slot) {
        return initiatorIsA[slot] ? keys[slot * KEY_STRIDE + K_BHI] : keys[slot * KEY_STRIDE + K_AHI];
    }

    public long respLo(int slot) {
        return initiatorIsA[slot] ? keys[slot * KEY_STRIDE + K_BLO] : keys[slot * KEY_STRIDE + K_ALO];
    }

    public int respPort(int slot) {
        return initiatorIsA[slot] ? portB(slot) : portA(slot);
    }

    /** Swaps initiator and responder (used when a SYN-ACK reveals that the first packet seen was an answer). */
    public void swapInitiator(int slot) {
        initiatorIsA[slot] = !initiatorIsA[slot];
        long t = initPackets[slot];
        initPackets[slot] = respPackets[slot];
        respPackets[slot] = t;
        t = initBytes[slot];
        initBytes[slot] = respBytes[slot];
        respBytes[slot] = t;
        t = initRoles[slot];
        initRoles[slot] = respRoles[slot];
        respRoles[slot] = t;
    }

    /** Receives flows as they are removed; the slot's data is valid during the call only. */
    @FunctionalInterface
    public interface Visitor {
        void onRemoved(FlowTable table, int slot);
    }

    /**
     * Removes every flow idle since before {@code cutoffNs}, visiting it first. Returns the number removed.
     */
    public int sweep(long cutoffNs, Visitor visitor) {
        int removed = 0;
        for (int i = 0; i < highWater; i++) {
            if (keys[i * KEY_STRIDE + K_PORTS] != 0 && lastNs[i] < cutoffNs) {
                visitor.onRemoved(this, i);
                remove(i);
                removed++;
            }
        }
        return removed;
    }

    /** Visits every stored flow (e.g. at end of input) without removing it. */
    public void forEach(Visitor visitor) {
        for (int i = 0; i < highWater; i++) {
            if (keys[i * KEY_STRIDE + K_PORTS] != 0) {
                visitor.onRemoved(this, i);
            }
        }
    }

    /**
     * Deletes the flow in {@code slot}: its index entry is removed with backward-shift deletion (Knuth 6.4
     * algorithm R) and the slot returns to the free list. Other flows keep their slots.
     */
    public void remove(int slot) {
        int h = hashOf(slot);
        long entry = ((long) h << 32) | (slot + 1L);
        int hole = h & mask;
        while (index[hole] != entry) {
            hole = (hole + 1) & mask;
        }
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            long v = index[j];
            if (v == 0) {
                break;
            }
            int home = (int) (v >>> 32) & mask;
            // move j into the hole when its home position does not lie cyclically in (hole, j]
            boolean homeInRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeInRange) {
                index[hole] = v;
                hole = j;
            }
        }
        index[hole] = 0;
        keys[slot * KEY_STRIDE + K_PORTS] = 0;
        freeSlots[freeTop++] = slot;
        size--;
    }
}

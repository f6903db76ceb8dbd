package org.voipwatch.capture.ring;

/**
 * One preallocated ring slot carrying a captured frame from a packet source to the analyzer.
 *
 * <p>Slots are created once by {@link PacketEventFactory} and reused for the life of the ring: a source
 * copies the frame bytes into {@link #data} and sets the header fields; nothing is allocated per packet.
 * Owned by the publishing (capture) thread until published, then by the analyzer thread.
 */
public final class PacketEvent {
    /** A captured frame: {@link #data} holds {@link #capturedLength} bytes. */
    public static final int KIND_PACKET = 0;
    /** No packet: the clock advances to {@link #timestampNs} (live mode injects these when the wire is idle). */
    public static final int KIND_TICK = 1;
    /** The source is exhausted; analysis should flush and finish. */
    public static final int KIND_END = 2;

    /** Largest frame a slot holds; longer frames are truncated to this (and counted by the source). */
    public static final int MAX_FRAME_BYTES = 65_536 + 64;
    /**
     * Initial slot capacity: an Ethernet frame with VLAN tags. Slots start small so the ring's touched lines stay
     * in the L3 cache (1024 slots of 64 KiB were 8x the L3 cache and cost 55-75 ns per packet, benchmarks/README.md;
     * the default ring of 4096 slots touches about 1 MiB for small packets); a slot
     * that receives a larger frame grows once to {@link #MAX_FRAME_BYTES} and keeps that buffer, so memory is
     * bounded by ring size × MAX_FRAME_BYTES and allocation happens at most once per slot.
     */
    public static final int INITIAL_FRAME_BYTES = 2048;

    /** Frame bytes, valid from index 0 up to {@link #capturedLength}; may be replaced by a larger array. */
    public byte[] data;
    public int kind;
    /** Packet time in nanoseconds since the Unix epoch (from the capture header, never the wall clock). */
    public long timestampNs;
    /** Link-layer type as a pcap LINKTYPE_* value, see {@link org.voipwatch.capture.source.LinkType}. */
    public int linkType;
    public int capturedLength;
    /** Length of the frame on the wire (may exceed {@link #capturedLength} when the snaplen cut it). */
    public int originalLength;
    /** Which input produced the frame (file index, or interface index in live mode). */
    public int sourceIndex;
    /** Sequence number of the frame within its source, starting at 1 (tshark's frame.number for files). */
    public long frameNumber;

    public PacketEvent() {
        this(INITIAL_FRAME_BYTES);
    }

    public PacketEvent(int capacityBytes) {
        this.data = new byte[capacityBytes];
    }

    /** Copies a frame into this slot; bytes beyond the slot's capacity are cut (and the caller should count it). */
    public void setPacket(long timestampNs, int linkType, byte[] src, int srcOffset, int capturedLength,
                          int originalLength, int sourceIndex, long frameNumber) {
        if (capturedLength > data.length && data.length < MAX_FRAME_BYTES) {
            data = new byte[MAX_FRAME_BYTES]; // once per slot, only for jumbo/GRO frames
        }
        int len = Math.min(capturedLength, data.length);
        System.arraycopy(src, srcOffset, data, 0, len);
        this.kind = KIND_PACKET;
        this.timestampNs = timestampNs;
        this.linkType = linkType;
        this.capturedLength = len;
        this.originalLength = originalLength;
        this.sourceIndex = sourceIndex;
        this.frameNumber = frameNumber;
    }

    public void setTick(long timestampNs) {
        this.kind = KIND_TICK;
        this.timestampNs = timestampNs;
        this.capturedLength = 0;
    }

    public void setEnd(long timestampNs) {
        this.kind = KIND_END;
        this.timestampNs = timestampNs;
        this.capturedLength = 0;
    }
}

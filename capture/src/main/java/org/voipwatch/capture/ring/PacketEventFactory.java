package org.voipwatch.capture.ring;

import com.lmax.disruptor.EventFactory;

/** Creates the ring's slots once, at start-up. */
public final class PacketEventFactory implements EventFactory<PacketEvent> {
    private final int capacityBytes;

    public PacketEventFactory(int capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    public PacketEventFactory() {
        this(PacketEvent.INITIAL_FRAME_BYTES);
    }

    @Override
    public PacketEvent newInstance() {
        return new PacketEvent(capacityBytes);
    }
}

package org.voipwatch.analyzer.event;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

/**
 * {@link EventEmitter} over the event ring. Offline ({@code blockWhenFull}) the analyzer waits for the sink,
 * so no event is lost; live, a full ring costs the event (counted in {@link #dropped()}) rather than
 * stalling capture. Owned by the analyzer thread (the ring's single producer).
 */
public final class RingEventEmitter implements EventEmitter {
    private final RingBuffer<MonitorEvent> ring;
    private final boolean blockWhenFull;
    private final MonitorEvent scratch = new MonitorEvent();
    private long claimed = -1;
    private long emitted;
    private long dropped;

    public RingEventEmitter(RingBuffer<MonitorEvent> ring, boolean blockWhenFull) {
        this.ring = ring;
        this.blockWhenFull = blockWhenFull;
    }

    @Override
    public MonitorEvent begin() {
        if (blockWhenFull) {
            claimed = ring.next();
        } else {
            try {
                claimed = ring.tryNext();
            } catch (InsufficientCapacityException e) {
                claimed = -1;
                scratch.clear();
                return scratch;
            }
        }
        MonitorEvent e = ring.get(claimed);
        e.clear();
        return e;
    }

    @Override
    public void commit() {
        if (claimed < 0) {
            dropped++;
            return;
        }
        ring.publish(claimed);
        claimed = -1;
        emitted++;
    }

    public long emitted() {
        return emitted;
    }

    public long dropped() {
        return dropped;
    }
}

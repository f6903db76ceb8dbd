package org.voipwatch.analyzer.event;

/**
 * How analysis stages publish events without blocking: {@code MonitorEvent e = emitter.begin(); ...fill...;
 * emitter.commit();}. {@code begin()} returns a cleared slot; {@code commit()} publishes it. When the event
 * ring is full the event is counted as dropped instead of blocking the analyzer. Owned by the analyzer thread.
 */
public interface EventEmitter {
    MonitorEvent begin();

    void commit();
}

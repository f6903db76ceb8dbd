package org.voipwatch.analyzer.detect.capture;

import org.voipwatch.analyzer.event.EventEmitter;
import org.voipwatch.analyzer.event.MonitorEvent;

/**
 * Marks every event emitted while the latest capture sample showed loss with a {@code captureLoss} member (the
 * lost and received frames and the period of that sample, see docs/events.md), so that a one-way-audio verdict or
 * a call summary judged over a period in which the capture itself lost frames is not taken for network loss.
 * Wraps the pipeline's emitter; owned by the analyzer thread, like the {@link CaptureLossDetector} it asks.
 */
public final class LossAnnotatingEmitter implements EventEmitter {
    private final EventEmitter delegate;
    private final CaptureLossDetector detector;
    private MonitorEvent current;

    public LossAnnotatingEmitter(EventEmitter delegate, CaptureLossDetector detector) {
        this.delegate = delegate;
        this.detector = detector;
    }

    @Override
    public MonitorEvent begin() {
        current = delegate.begin();
        return current;
    }

    @Override
    public void commit() {
        String loss = detector.annotation();
        if (loss != null && current != null) {
            current.fields.putRaw("captureLoss", loss);
        }
        current = null;
        delegate.commit();
    }
}

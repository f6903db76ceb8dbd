package org.voipwatch.capture.source;

import java.io.IOException;

/** A live capture could not start; the message says what to do about it (it is shown to the user as is). */
public final class LiveCaptureException extends IOException {
    private static final long serialVersionUID = 1L;

    public LiveCaptureException(String message) {
        super(message);
    }
}

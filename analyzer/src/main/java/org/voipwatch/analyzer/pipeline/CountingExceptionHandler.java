package org.voipwatch.analyzer.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces the Disruptor's FatalExceptionHandler (which would stop a consumer for good): a failing handler
 * is counted, each distinct failure (exception class and top frame) is logged once, and the sequence
 * advances so the pipeline goes on.
 */
public final class CountingExceptionHandler<T> implements ExceptionHandler<T> {
    private final String stage;
    private final AtomicLong failures = new AtomicLong();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public CountingExceptionHandler(String stage) {
        this.stage = stage;
    }

    @Override
    public void handleEventException(Throwable ex, long sequence, T event) {
        failures.incrementAndGet();
        StackTraceElement[] st = ex.getStackTrace();
        String where = st.length > 0 ? st[0].toString() : "?";
        if (seen.size() < 100 && seen.add(ex.getClass().getName() + "@" + where)) {
            System.err.println("voipwatch: " + stage + " failed on sequence " + sequence + " (" + ex + " at "
                    + where + "); counted, continuing");
        }
    }

    @Override
    public void handleOnStartException(Throwable ex) {
        failures.incrementAndGet();
        System.err.println("voipwatch: " + stage + " failed to start: " + ex);
    }

    @Override
    public void handleOnShutdownException(Throwable ex) {
        failures.incrementAndGet();
        System.err.println("voipwatch: " + stage + " failed to shut down: " + ex);
    }

    public long failures() {
        return failures.get();
    }
}

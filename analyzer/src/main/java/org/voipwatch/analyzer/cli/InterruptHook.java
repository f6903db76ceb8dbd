package org.voipwatch.analyzer.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.voipwatch.capture.source.PacketSource;

/**
 * SIGTERM / SIGINT during {@code analyze}: a JVM shutdown hook that stops the source (the capture loop then
 * publishes END, the pipeline drains), waits for the command to print its partial summary (marked
 * "interrupted" in the warnings), and ends the process with the command's own exit code (0, or 1 with critical
 * findings) instead of the signal's 143: a report of what was read is a result, not an input error.
 *
 * <p>The hook thread is the JVM's; the command's thread calls {@link #finished} then {@link #uninstall}.
 */
final class InterruptHook {
    /** How long the hook waits for the partial summary before letting the JVM exit anyway. */
    static final long DRAIN_TIMEOUT_SECONDS = 20;

    private final PacketSource source;
    private final PrintStream err;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean interrupted;
    private volatile int exitCode = Main.EXIT_USAGE; // until the command reports its own

    private InterruptHook(PacketSource source, PrintStream err) {
        this.source = source;
        this.err = err;
        this.thread = new Thread(this::onSignal, "voipwatch-interrupt");
    }

    static InterruptHook install(PacketSource source, PrintStream err) {
        InterruptHook h = new InterruptHook(source, err);
        Runtime.getRuntime().addShutdownHook(h.thread);
        return h;
    }

    private void onSignal() {
        interrupted = true;
        err.println("voipwatch: interrupted: stopping the input and summarising what was read");
        err.flush();
        source.stop();
        try {
            if (!done.await(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                err.println("voipwatch: interrupted: no summary after " + DRAIN_TIMEOUT_SECONDS + " s; exiting");
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        System.out.flush();
        err.flush();
        // System.exit from the command thread would block behind this hook; halt with the command's code
        Runtime.getRuntime().halt(exitCode);
    }

    boolean interrupted() {
        return interrupted;
    }

    /** The command has written its summary; a pending signal may now end the process with {@code code}. */
    void finished(int code) {
        exitCode = code;
        done.countDown();
    }

    void uninstall() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and ends the process
        }
    }
}

package org.voipwatch.analyzer.cli;

/** A command-line or input problem: printed as one line, exit code 2. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}

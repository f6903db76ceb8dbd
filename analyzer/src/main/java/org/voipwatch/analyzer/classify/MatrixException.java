package org.voipwatch.analyzer.classify;

/**
 * A flow matrix that cannot be loaded. The message is the whole diagnostic, {@code file:line: problem} for
 * a matrix file or {@code --bind value: problem} for a command-line binding, so the CLI prints it as is.
 * Thrown at start-up only, never on the analyzer thread.
 */
public final class MatrixException extends Exception {
    private static final long serialVersionUID = 1L;

    public MatrixException(String message) {
        super(message);
    }

    static MatrixException at(String file, int line, String problem) {
        return new MatrixException(file + ":" + line + ": " + problem);
    }
}

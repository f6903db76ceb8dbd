package org.voipwatch.analyzer.cli;

import java.util.ArrayList;
import java.util.List;

/** A tiny argument cursor: options as {@code --name value} or {@code --name=value}, the rest positional. */
final class Args {
    private final List<String> items;
    private int pos;

    Args(List<String> items) {
        this.items = new ArrayList<>(items);
    }

    boolean hasNext() {
        return pos < items.size();
    }

    String next() {
        return items.get(pos++);
    }

    /** The value of the option just read ({@code inline} when given as --name=value). */
    String value(String option, String inline) throws UsageException {
        if (inline != null) {
            return inline;
        }
        if (pos >= items.size()) {
            throw new UsageException(option + " needs a value");
        }
        return items.get(pos++);
    }
}

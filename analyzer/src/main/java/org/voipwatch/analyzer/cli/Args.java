package org.voipwatch.analyzer.cli;

import java.util.ArrayList;
import java.util.List;

/** A tiny argument cursor: options as {@code --name value} or {@code --name=value}, the rest positional. */
final class Args {
    private final List<String> items;
    private int pos;
    /** The value given inline with the item {@link #next} returned last ({@code --name=value}), or null. */
    private String inline;

    Args(List<String> items) {
        this.items = new ArrayList<>(items);
    }

    boolean hasNext() {
        return pos < items.size();
    }

    /** The next item; for {@code --name=value}, just {@code --name} (the value is kept for {@link #value}). */
    String next() {
        String a = items.get(pos++);
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
            inline = a.substring(eq + 1);
            return a.substring(0, eq);
        }
        inline = null;
        return a;
    }

    /** The value of the option just read: the inline one ({@code --name=value}) or the next item. */
    String value(String option) throws UsageException {
        if (inline != null) {
            String v = inline;
            inline = null;
            return v;
        }
        if (pos >= items.size()) {
            throw new UsageException(option + " needs a value");
        }
        return items.get(pos++);
    }
}

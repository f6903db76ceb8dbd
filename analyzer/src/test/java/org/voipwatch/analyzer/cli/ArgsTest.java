package org.voipwatch.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The option cursor every command parses with: {@code --name value}, {@code --name=value}, positionals. */
class ArgsTest {
    @Test
    void valueSeparateOrInline() throws UsageException {
        Args a = new Args(List.of("--matrix", "m.yaml", "--bind=pbx=10.0.0.0/8", "--bind", "sbc=192.0.2.1", "x=y.pcap"));
        assertEquals("--matrix", a.next());
        assertEquals("m.yaml", a.value("--matrix"));
        assertEquals("--bind", a.next()); // split at the first '=' only
        assertEquals("pbx=10.0.0.0/8", a.value("--bind"));
        assertEquals("--bind", a.next());
        assertEquals("sbc=192.0.2.1", a.value("--bind")); // a separate value keeps its '='
        assertEquals("x=y.pcap", a.next()); // a positional is never split
        assertFalse(a.hasNext());
    }

    @Test
    void inlineValueBelongsToItsOwnOptionOnly() throws UsageException {
        // a flag given a value it ignores must not hand that value to the next option
        Args a = new Args(List.of("--quiet=yes", "--events", "out.jsonl"));
        assertEquals("--quiet", a.next());
        assertEquals("--events", a.next());
        assertEquals("out.jsonl", a.value("--events"));
    }

    @Test
    void missingValueNamesTheOption() {
        Args a = new Args(List.of("--matrix"));
        a.next();
        UsageException e = assertThrows(UsageException.class, () -> a.value("--matrix"));
        assertEquals("--matrix needs a value", e.getMessage());
    }

    @Test
    void emptyInlineValueIsAValue() throws UsageException {
        Args a = new Args(List.of("--events=", "next"));
        assertEquals("--events", a.next());
        assertEquals("", a.value("--events"));
        assertEquals("next", a.next());
    }
}

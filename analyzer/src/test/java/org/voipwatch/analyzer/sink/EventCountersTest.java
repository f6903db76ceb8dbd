package org.voipwatch.analyzer.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.classify.FlowMatrix;
import org.voipwatch.analyzer.classify.MatrixLoader;
import org.voipwatch.analyzer.testutil.Scenarios;

class EventCountersTest {
    @Test
    void countsByTypeSeverityAndRuleWithFallbacks() throws Exception {
        FlowMatrix m = MatrixLoader.loadNamed(Scenarios.demoMatrix().toString(), List.of());
        EventCounters c = new EventCounters(m);
        c.count("blocked_flow", "critical", new String("sbc-sips-pbx"));
        c.count("blocked_flow", "critical", "sbc-sips-pbx");
        c.count("unexpected_flow", "info", null);
        c.count("brand_new_type", "loud", "no-such-rule");
        Map<String, Long> seen = new TreeMap<>();
        for (int i = 0; i < c.size(); i++) {
            if (c.get(i) != 0) {
                seen.put(c.typeOf(i) + "/" + c.severityOf(i) + "/" + c.ruleOf(i), c.get(i));
            }
        }
        assertEquals(Map.of("blocked_flow/critical/sbc-sips-pbx", 2L, "unexpected_flow/info/none", 1L,
                "other/other/none", 1L), seen);
        assertEquals(EventCounters.TYPES.length * EventCounters.SEVERITIES.length * (m.ruleCount() + 1), c.size());
    }
}

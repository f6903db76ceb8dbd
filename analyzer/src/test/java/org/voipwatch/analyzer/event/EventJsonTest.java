package org.voipwatch.analyzer.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.util.IpAddresses;

class EventJsonTest {
    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void timeFormatAgreesWithJavaTime() {
        Random rnd = new Random(7);
        long[] fixed = {0L, 951_782_400_000_000_000L /* 2000-02-29 */, 4_102_444_799_999_999_999L};
        for (long ns : fixed) {
            check(ns);
        }
        for (int i = 0; i < 10_000; i++) {
            check(Math.floorMod(rnd.nextLong(), 4_102_444_800_000_000_000L)); // 1970..2099
        }
    }

    private static void check(long ns) {
        StringBuilder sb = new StringBuilder();
        EventJson.appendIsoMicros(sb, ns);
        Instant t = Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L);
        assertEquals(ISO_MICROS.format(t), sb.toString(), "epoch ns " + ns);
    }

    @Test
    void writesTheCommonMembersAndEscapesStrings() {
        MonitorEvent e = new MonitorEvent();
        e.clear();
        e.type = EventType.BLOCKED_FLOW;
        e.severity = Severity.CRITICAL;
        e.timeNs = 1_700_000_000_123_456_789L;
        e.proto = "tcp";
        e.flow(0, IpAddresses.v4Lo(0xc0000201), 40000, 0x20010db800000000L, 1L, 5061);
        e.srcRole = "sbc";
        e.dstRole = "pbx";
        e.rule = "sbc-sips-pbx";
        e.reason = "tcp_rst";
        e.fields.put("note", "a \"quoted\"\nline").put("retransmissions", 2);
        String json = new EventJson("probe-1", "demo").toJson(e).toString();
        assertEquals("{\"type\":\"blocked_flow\",\"severity\":\"critical\",\"time\":\"2023-11-14T22:13:20.123456Z\","
                + "\"proto\":\"tcp\",\"src\":\"192.0.2.1\",\"sport\":40000,\"dst\":\"2001:db8::1\",\"dport\":5061,"
                + "\"srcRole\":\"sbc\",\"dstRole\":\"pbx\",\"rule\":\"sbc-sips-pbx\",\"matrix\":\"demo\","
                + "\"reason\":\"tcp_rst\",\"note\":\"a \\\"quoted\\\"\\nline\",\"retransmissions\":2,"
                + "\"probe\":\"probe-1\",\"schema\":1}", json);
    }
}

package org.voipwatch.analyzer.protocol.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.Hex;

/** DnsMessage against hand-decoded RFC 1035 messages, malformed variants, and random bytes (never throws). */
class DnsMessageTest {
    private final DnsMessage m = new DnsMessage();
    private final byte[] name = new byte[DnsMessage.NAME_BUFFER_LENGTH];

    private String name(int pos) {
        int n = m.readName(pos, name, 0);
        return n < 0 ? "error:" + DnsStatus.name(-n) : new String(name, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void indexesTheCnameChainResponse() {
        byte[] b = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        assertEquals(110, b.length);
        assertEquals(DnsStatus.OK, m.wrap(b, 0, b.length));
        assertEquals(0x1234, m.id());
        assertTrue(m.isResponse());
        assertEquals(0, m.opcode());
        assertEquals(0, m.rcode());
        assertFalse(m.isTruncatedFlag());
        assertEquals(1, m.questionCount());
        assertEquals(12, m.questionNameOffset());
        assertEquals(DnsMessage.TYPE_A, m.questionType());
        assertEquals("sip.ucconnect.de", name(12));
        assertEquals(3, m.records());
        assertEquals(DnsMessage.TYPE_CNAME, m.recordType(0));
        assertEquals(3600, m.recordTtl(0));
        assertEquals(46, m.recordDataOffset(0));
        assertEquals("sip.ucconnect.de", name(m.recordNameOffset(0)));
        assertEquals("edge.cloud.example", name(m.recordDataOffset(0)));
        assertEquals(DnsMessage.TYPE_A, m.recordType(1));
        assertEquals("edge.cloud.example", name(m.recordNameOffset(1)));
        assertEquals(60, m.recordTtl(1));
        assertEquals(0x7f003c01L, m.u32(m.recordDataOffset(1)));
        assertEquals(DnsMessage.TYPE_AAAA, m.recordType(2));
        assertEquals(16, m.recordDataLength(2));
        assertEquals(0xfd00_0000_0000_0000L, m.longAt(m.recordDataOffset(2)));
        assertEquals(0x0000_0000_0060_0002L, m.longAt(m.recordDataOffset(2) + 8));
    }

    @Test
    void wrapsAtAnOffsetAndLowerCasesNames() {
        byte[] msg = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        msg[13] = 'S'; // 'sip' -> 'Sip'
        byte[] b = new byte[msg.length + 7];
        System.arraycopy(msg, 0, b, 5, msg.length);
        assertEquals(DnsStatus.OK, m.wrap(b, 5, msg.length));
        assertEquals("sip.ucconnect.de", name(12));
        assertEquals("edge.cloud.example", name(m.recordDataOffset(0)));
    }

    @Test
    void everyCutOfTheMessageIsReportedNotThrown() {
        byte[] b = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        for (int cut = 0; cut < b.length; cut++) {
            int s = m.wrap(b, 0, cut);
            if (cut < 12) {
                assertEquals(DnsStatus.TRUNCATED_HEADER, s, "cut " + cut);
            } else if (cut < 34) {
                assertEquals(DnsStatus.TRUNCATED_QUESTION, s, "cut " + cut);
            } else {
                assertEquals(DnsStatus.TRUNCATED_RECORD, s, "cut " + cut);
                // records wholly before the cut stay indexed: CNAME ends at 66, A at 82
                assertEquals(cut >= 82 ? 2 : cut >= 66 ? 1 : 0, m.records(), "cut " + cut);
            }
        }
    }

    @Test
    void pointerToItselfOrForwardIsBadPointer() {
        byte[] self = Hex.dump("00 01 81 80 00 01 00 00 00 00 00 00\nc0 0c\n00 01 00 01");
        assertEquals(DnsStatus.BAD_POINTER, m.wrap(self, 0, self.length));
        byte[] forward = Hex.dump("00 01 81 80 00 01 00 00 00 00 00 00\nc0 10\n00 01 00 01\n00");
        assertEquals(DnsStatus.BAD_POINTER, m.wrap(forward, 0, forward.length));
    }

    @Test
    void loopThroughAnEarlierLabelIsBadPointer() {
        // offset 12: label "abc", then a pointer back to 12: each pass lands on the same label (a loop that a
        // "target before the pointer" rule alone would follow until some budget ran out)
        byte[] loop = Hex.dump("00 01 81 80 00 01 00 00 00 00 00 00\n03 61 62 63 c0 0c\n00 01 00 01");
        assertEquals(DnsStatus.BAD_POINTER, m.wrap(loop, 0, loop.length));
        assertEquals(-DnsStatus.BAD_POINTER, m.readName(12, name, 0));
    }

    @Test
    void chainOfBackwardPointersWithinBudgetIsRead() {
        // 12: "a" root; 15: "b" ptr->12; 19: "c" ptr->15 ... a legal compressed chain of 3 names
        byte[] b = Hex.dump("00 01 01 00 00 03 00 00 00 00 00 00\n01 61 00 00 01 00 01\n"
                + "01 62 c0 0c 00 01 00 01\n01 63 c0 13 00 01 00 01");
        assertEquals(DnsStatus.OK, m.wrap(b, 0, b.length));
        assertEquals("a", name(12));
        assertEquals("b.a", name(19));
        assertEquals("c.b.a", name(27));
    }

    @Test
    void extendedLabelTypeAndOverlongNamesAreReported() {
        byte[] ext = Hex.dump("00 01 81 80 00 01 00 00 00 00 00 00\n41 00\n00 01 00 01");
        assertEquals(DnsStatus.BAD_LABEL_TYPE, m.wrap(ext, 0, ext.length));
        // 5 labels of 63 bytes = 320 bytes > 255
        byte[] big = new byte[12 + 5 * 64 + 1 + 4];
        big[2] = (byte) 0x81;
        big[5] = 1;
        for (int i = 0; i < 5; i++) {
            big[12 + 64 * i] = 63;
            Arrays.fill(big, 13 + 64 * i, 12 + 64 * (i + 1), (byte) 'x');
        }
        assertEquals(DnsStatus.NAME_TOO_LONG, m.wrap(big, 0, big.length));
    }

    @Test
    void dotInsideALabelCannotPassForALabelBoundary() {
        // one label "a.ucconnect" followed by "de": as text it must not read "a.ucconnect.de"
        byte[] b = Hex.dump("00 01 81 80 00 01 00 00 00 00 00 00\n"
                + "0b 61 2e 75 63 63 6f 6e 6e 65 63 74 02 64 65 00\n00 01 00 01");
        assertEquals(DnsStatus.OK, m.wrap(b, 0, b.length));
        assertEquals("a?ucconnect.de", name(12));
    }

    @Test
    void responseWithoutQuestionAndTooManyRecords() {
        byte[] none = Hex.dump("00 01 81 80 00 00 00 00 00 00 00 00");
        assertEquals(DnsStatus.NO_QUESTION, m.wrap(none, 0, none.length));
        // 40 A records owned by the question name: the first 32 are indexed
        int n = 40;
        byte[] b = new byte[12 + 7 + n * 16];
        byte[] head = Hex.dump("00 01 81 80 00 01 00 28 00 00 00 00\n01 78 00 00 01 00 01");
        System.arraycopy(head, 0, b, 0, head.length);
        for (int i = 0; i < n; i++) {
            byte[] rr = Hex.dump("c0 0c 00 01 00 01 00 00 00 3c 00 04 0a 00 00 " + String.format("%02x", i));
            System.arraycopy(rr, 0, b, 19 + 16 * i, 16);
        }
        assertEquals(DnsStatus.TOO_MANY_RECORDS, m.wrap(b, 0, b.length));
        assertEquals(DnsMessage.MAX_RECORDS, m.records());
        assertEquals(0x0a00001fL, m.u32(m.recordDataOffset(31)));
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(20261122);
        byte[] base = Hex.dump(DnsTestBytes.CNAME_CHAIN);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = i % 2 == 0 ? new byte[r.nextInt(120)] : base.clone();
            if (i % 2 == 0) {
                r.nextBytes(b);
            } else {
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            int s = m.wrap(b, 0, b.length);
            assertTrue(s >= 0 && s < DnsStatus.COUNT);
            for (int k = 0; k < m.records(); k++) {
                int n = m.readName(m.recordNameOffset(k), name, 0);
                assertTrue(n >= -DnsStatus.COUNT && n <= 253, "name length " + n);
            }
        }
    }
}

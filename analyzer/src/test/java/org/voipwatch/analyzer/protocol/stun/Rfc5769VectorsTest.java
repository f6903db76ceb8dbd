package org.voipwatch.analyzer.protocol.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.Hex;
import org.voipwatch.analyzer.util.IpAddresses;

/**
 * RFC 5769 "Test Vectors for STUN", §2.1-§2.4, copied as printed in the RFC. Independent checks of our offsets:
 * the FINGERPRINT CRC-32 and the MESSAGE-INTEGRITY HMAC-SHA1 (with the RFC's passwords) must verify over the
 * ranges the flyweight reports.
 */
class Rfc5769VectorsTest {
    /** RFC 5769 §2.1 Sample Request. Password "VOkJxbRl1RmTxUk/WvJxBt", username "evtj:h6vY". */
    static final String SAMPLE_REQUEST = """
            00 01 00 58     Request type and message length
            21 12 a4 42     Magic cookie
            b7 e7 a7 01  }
            bc 34 d6 86  }  Transaction ID
            fa 87 df ae  }
            80 22 00 10     SOFTWARE attribute header
            53 54 55 4e  }
            20 74 65 73  }  User-agent...
            74 20 63 6c  }  ...name
            69 65 6e 74  }
            00 24 00 04     PRIORITY attribute header
            6e 00 01 ff     ICE priority value
            80 29 00 08     ICE-CONTROLLED attribute header
            93 2f f9 b1  }  Pseudo-random tie breaker...
            51 26 3b 36  }   ...for ICE control
            00 06 00 09     USERNAME attribute header
            65 76 74 6a  }
            3a 68 36 76  }  Username (9 bytes) and padding (3 bytes)
            59 20 20 20  }
            00 08 00 14     MESSAGE-INTEGRITY attribute header
            9a ea a7 0c  }
            bf d8 cb 56  }
            78 1e f2 b5  }  HMAC-SHA1 fingerprint
            b2 d3 f2 49  }
            c1 b5 71 a2  }
            80 28 00 04     FINGERPRINT attribute header
            e5 7a 3b cf     CRC32 fingerprint
            """;

    /** RFC 5769 §2.2 Sample IPv4 Response. */
    static final String IPV4_RESPONSE = """
            01 01 00 3c     Response type and message length
            21 12 a4 42     Magic cookie
            b7 e7 a7 01  }
            bc 34 d6 86  }  Transaction ID
            fa 87 df ae  }
            80 22 00 0b     SOFTWARE attribute header
            74 65 73 74  }
            20 76 65 63  }  UTF-8 server name
            74 6f 72 20  }
            00 20 00 08     XOR-MAPPED-ADDRESS attribute header
            00 01 a1 47     Address family (IPv4) and xor'd mapped port number
            e1 12 a6 43     Xor'd mapped IPv4 address
            00 08 00 14     MESSAGE-INTEGRITY attribute header
            2b 91 f5 99  }
            fd 9e 90 c3  }
            8c 74 89 f9  }  HMAC-SHA1 fingerprint
            2a f9 ba 53  }
            f0 6b e7 d7  }
            80 28 00 04     FINGERPRINT attribute header
            c0 7d 4c 96     CRC32 fingerprint
            """;

    /** RFC 5769 §2.3 Sample IPv6 Response. */
    static final String IPV6_RESPONSE = """
            01 01 00 48     Response type and message length
            21 12 a4 42     Magic cookie
            b7 e7 a7 01  }
            bc 34 d6 86  }  Transaction ID
            fa 87 df ae  }
            80 22 00 0b     SOFTWARE attribute header
            74 65 73 74  }
            20 76 65 63  }  UTF-8 server name
            74 6f 72 20  }
            00 20 00 14     XOR-MAPPED-ADDRESS attribute header
            00 02 a1 47     Address family (IPv6) and xor'd mapped port number
            01 13 a9 fa  }
            a5 d3 f1 79  }  Xor'd mapped IPv6 address
            bc 25 f4 b5  }
            be d2 b9 d9  }
            00 08 00 14     MESSAGE-INTEGRITY attribute header
            a3 82 95 4e  }
            4b e6 7b f1  }
            17 84 c9 7c  }  HMAC-SHA1 fingerprint
            82 92 c2 75  }
            bf e3 ed 41  }
            80 28 00 04     FINGERPRINT attribute header
            c8 fb 0b 4c     CRC32 fingerprint
            """;

    /** RFC 5769 §2.4 Sample Request with Long-Term Authentication (password "TheMatrIX" after SASLprep). */
    static final String LONG_TERM_REQUEST = """
            00 01 00 60     Request type and message length
            21 12 a4 42     Magic cookie
            78 ad 34 33  }
            c6 ad 72 c0  }  Transaction ID
            29 da 41 2e  }
            00 06 00 12     USERNAME attribute header
            e3 83 9e e3  }
            83 88 e3 83  }
            aa e3 83 83  }  Username value (18 bytes) and padding (2 bytes)
            e3 82 af e3  }
            82 b9 00 00  }
            00 15 00 1c     NONCE attribute header
            66 2f 2f 34  }
            39 39 6b 39  }
            35 34 64 36  }
            4f 4c 33 34  }  Nonce value
            6f 4c 39 46  }
            53 54 76 79  }
            36 34 73 41  }
            00 14 00 0b     REALM attribute header
            65 78 61 6d  }
            70 6c 65 2e  }  Realm value (11 bytes) and padding (1 byte)
            6f 72 67 00  }
            00 08 00 14     MESSAGE-INTEGRITY attribute header
            f6 70 24 65  }
            6d d6 4a 3e  }
            02 b8 e0 71  }  HMAC-SHA1 fingerprint
            2e 85 c9 a2  }
            8c a8 96 66  }
            """;

    private static final String SHORT_TERM_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

    private final StunMessage m = new StunMessage();

    @Test
    void sampleRequest() throws Exception {
        byte[] b = Hex.dump(SAMPLE_REQUEST);
        assertEquals(20 + 0x58, b.length, "transcription length");
        assertEquals(StunStatus.OK, m.wrap(b, 0, b.length));
        assertEquals(StunMessage.CLASS_REQUEST, m.messageClass());
        assertEquals(StunMessage.METHOD_BINDING, m.method());
        assertEquals(0xb7e7a701L, m.transactionIdHi());
        assertEquals(0xbc34d686fa87dfaeL, m.transactionIdLo());
        assertEquals(6, m.attributeCount());
        assertTrue(m.findAttribute(StunMessage.ATTR_SOFTWARE));
        assertEquals("STUN test client", text(b));
        assertTrue(m.findAttribute(StunMessage.ATTR_PRIORITY));
        assertEquals(0x6e0001ffL, m.u32Value());
        assertTrue(m.findAttribute(StunMessage.ATTR_ICE_CONTROLLED));
        assertEquals(0x932ff9b151263b36L, m.tieBreaker());
        assertTrue(m.findAttribute(StunMessage.ATTR_USERNAME));
        assertEquals(9, m.attributeLength());
        assertEquals("evtj:h6vY", text(b));
        assertTrue(m.hasIceControlled());
        assertFalse(m.hasIceControlling());
        assertFalse(m.hasUseCandidate());
        assertTrue(m.hasMessageIntegrity());
        assertTrue(m.hasFingerprint());
        assertTrue(m.fingerprintValid());
        assertIntegrity(b, SHORT_TERM_PASSWORD.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ipv4Response() throws Exception {
        byte[] b = Hex.dump(IPV4_RESPONSE);
        assertEquals(20 + 0x3c, b.length, "transcription length");
        assertEquals(StunStatus.OK, m.wrap(b, 0, b.length));
        assertEquals(StunMessage.CLASS_SUCCESS, m.messageClass());
        assertEquals(StunMessage.METHOD_BINDING, m.method());
        assertTrue(m.findAttribute(StunMessage.ATTR_SOFTWARE));
        assertEquals(11, m.attributeLength());
        assertEquals("test vector", text(b));
        assertTrue(m.findAttribute(StunMessage.ATTR_XOR_MAPPED_ADDRESS));
        assertEquals(StunStatus.OK, m.decodeAddress());
        assertEquals(StunMessage.FAMILY_IPV4, m.addressFamily());
        assertEquals("192.0.2.1", IpAddresses.format(m.addressHi(), m.addressLo()));
        assertEquals(32853, m.addressPort());
        assertTrue(m.hasMessageIntegrity());
        assertTrue(m.fingerprintValid());
        assertIntegrity(b, SHORT_TERM_PASSWORD.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ipv6Response() throws Exception {
        byte[] b = Hex.dump(IPV6_RESPONSE);
        assertEquals(20 + 0x48, b.length, "transcription length");
        assertEquals(StunStatus.OK, m.wrap(b, 0, b.length));
        assertEquals(StunMessage.CLASS_SUCCESS, m.messageClass());
        assertTrue(m.findAttribute(StunMessage.ATTR_XOR_MAPPED_ADDRESS));
        assertEquals(StunStatus.OK, m.decodeAddress());
        assertEquals(StunMessage.FAMILY_IPV6, m.addressFamily());
        long[] expected = IpAddresses.parse("2001:db8:1234:5678:11:2233:4455:6677");
        assertEquals(expected[0], m.addressHi());
        assertEquals(expected[1], m.addressLo());
        assertEquals(32853, m.addressPort());
        assertTrue(m.fingerprintValid());
        assertIntegrity(b, SHORT_TERM_PASSWORD.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void longTermAuthenticationRequest() throws Exception {
        byte[] b = Hex.dump(LONG_TERM_REQUEST);
        assertEquals(20 + 0x60, b.length, "transcription length");
        assertEquals(StunStatus.OK, m.wrap(b, 0, b.length));
        assertEquals(0x78ad3433L, m.transactionIdHi());
        assertEquals(0xc6ad72c029da412eL, m.transactionIdLo());
        assertTrue(m.findAttribute(StunMessage.ATTR_USERNAME));
        assertEquals(18, m.attributeLength());
        String username = text(b);
        assertEquals("\u30de\u30c8\u30ea\u30c3\u30af\u30b9", username);
        assertTrue(m.findAttribute(StunMessage.ATTR_NONCE));
        assertEquals("f//499k954d6OL34oL9FSTvy64sA", text(b));
        assertTrue(m.findAttribute(StunMessage.ATTR_REALM));
        assertEquals("example.org", text(b));
        assertTrue(m.hasMessageIntegrity());
        assertFalse(m.hasFingerprint());
        assertFalse(m.fingerprintValid());
        // RFC 8489 §9.2.2: key = MD5(username ":" realm ":" SASLprep(password))
        byte[] key = MessageDigest.getInstance("MD5")
                .digest((username + ":example.org:TheMatrIX").getBytes(StandardCharsets.UTF_8));
        assertIntegrity(b, key);
    }

    private String text(byte[] b) {
        return new String(b, m.attributeOffset(), m.attributeLength(), StandardCharsets.UTF_8);
    }

    /**
     * RFC 8489 §14.5: HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, with the length field rewritten to end
     * after MESSAGE-INTEGRITY. Verifies the attribute offsets the flyweight reports against the RFC's value.
     */
    private void assertIntegrity(byte[] b, byte[] key) throws Exception {
        assertTrue(m.findAttribute(StunMessage.ATTR_MESSAGE_INTEGRITY));
        assertEquals(20, m.attributeLength());
        int miHeader = m.attributeOffset() - 4;
        byte[] covered = Arrays.copyOf(b, miHeader);
        int length = miHeader + 24 - 20;
        covered[2] = (byte) (length >> 8);
        covered[3] = (byte) length;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        assertArrayEquals(Arrays.copyOfRange(b, m.attributeOffset(), m.attributeOffset() + 20), mac.doFinal(covered));
    }
}

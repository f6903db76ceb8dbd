package org.voipwatch.analyzer.protocol.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.Hex;

/**
 * TlsClientHello against a hand-built ClientHello (RFC 8446 §4.1.2 layout, RFC 6066 §3 server_name), its cuts and
 * corrupted lengths, and random bytes. A real OpenSSL ClientHello is checked in TlsSniCorpusTest.
 */
class TlsClientHelloTest {
    /** supported_versions (type 0x002b) first, then server_name "api.UCconnect.de". */
    static final String HELLO = String.join("\n",
            "16 03 01 00 4f                 record: handshake, TLS 1.0 record version, length 79",
            "01 00 00 4b                    ClientHello, length 75",
            "03 03                          client_version TLS 1.2",
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   random (32 bytes)",
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
            "00                             session_id: empty",
            "00 02 13 01                    cipher_suites: TLS_AES_128_GCM_SHA256",
            "01 00                          compression_methods: null",
            "00 20                          extensions: 32 bytes",
            "00 2b 00 03 02 03 04           supported_versions: TLS 1.3",
            "00 00 00 15                    server_name, 21 bytes",
            "00 13                          server_name_list: 19 bytes",
            "00 00 10                       host_name, 16 bytes",
            "61 70 69 2e 55 43 63 6f 6e 6e 65 63 74 2e 64 65   'api.UCconnect.de'");
    /** Absolute offset of the host name in HELLO: 5 + 4 + 2 + 32 + 1 + 4 + 2 + 2 + 7 + 4 + 2 + 3. */
    static final int NAME_AT = 68;

    private final TlsClientHello h = new TlsClientHello();

    private String sni() {
        byte[] out = new byte[TlsClientHello.MAX_HOST_NAME_LENGTH];
        return new String(out, 0, h.copyName(out, 0), StandardCharsets.US_ASCII);
    }

    @Test
    void findsTheServerNameAfterAnotherExtension() {
        byte[] b = Hex.dump(HELLO);
        assertEquals(84, b.length);
        assertEquals(TlsClientHello.OK, h.wrap(b, 0, b.length));
        assertEquals(NAME_AT, h.nameOffset());
        assertEquals(16, h.nameLength());
        assertEquals("api.ucconnect.de", sni());
    }

    @Test
    void worksAtAnOffsetWithTrailingBytes() {
        byte[] hello = Hex.dump(HELLO);
        byte[] b = new byte[hello.length + 40];
        System.arraycopy(hello, 0, b, 20, hello.length);
        assertEquals(TlsClientHello.OK, h.wrap(b, 20, hello.length + 20));
        assertEquals(20 + NAME_AT, h.nameOffset());
        assertEquals("api.ucconnect.de", sni());
    }

    @Test
    void everyCutBeforeTheNameEndsIsTruncated() {
        byte[] b = Hex.dump(HELLO);
        for (int cut = 1; cut < b.length; cut++) {
            int s = h.wrap(b, 0, cut);
            assertEquals(TlsClientHello.TRUNCATED, s, "cut " + cut);
        }
        assertEquals(TlsClientHello.NOT_CLIENT_HELLO, h.wrap(b, 0, 0));
    }

    @Test
    void otherRecordsAndHandshakesAreNotClientHellos() {
        byte[] b = Hex.dump(HELLO);
        b[0] = 0x17; // application data
        assertEquals(TlsClientHello.NOT_CLIENT_HELLO, h.wrap(b, 0, b.length));
        b = Hex.dump(HELLO);
        b[5] = 2; // ServerHello
        assertEquals(TlsClientHello.NOT_CLIENT_HELLO, h.wrap(b, 0, b.length));
        byte[] sip = "INVITE sip:a@b SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(TlsClientHello.NOT_CLIENT_HELLO, h.wrap(sip, 0, sip.length));
    }

    @Test
    void lyingLengthsAreMalformed() {
        byte[] b = Hex.dump(HELLO);
        b[50] = 0x7f; // extensions length (offset 50) 0x0020 -> 0x7f20 runs past the hello
        assertEquals(TlsClientHello.MALFORMED, h.wrap(b, 0, b.length), "extensions length");
        b = Hex.dump(HELLO);
        b[62] = 0x7f; // server_name extension length (offset 61) 0x0015 -> 0x007f runs past the extensions
        assertEquals(TlsClientHello.MALFORMED, h.wrap(b, 0, b.length), "server_name length");
        b = Hex.dump(HELLO);
        b[NAME_AT - 1] = 0x40; // host_name length 16 -> 64 runs past the list
        assertEquals(TlsClientHello.MALFORMED, h.wrap(b, 0, b.length), "host_name length");
        b = Hex.dump(HELLO);
        b[NAME_AT - 3] = 0; // host_name length 0 is not a name
        b[NAME_AT - 2] = 0;
        b[NAME_AT - 1] = 0;
        assertEquals(TlsClientHello.MALFORMED, h.wrap(b, 0, b.length), "empty host_name");
    }

    @Test
    void helloWithoutExtensionsHasNoSni() {
        // 5 + 4 + 2 + 32 + 1 + 4 + 2 = 50 bytes; the hello ends after compression_methods
        byte[] full = Hex.dump(HELLO);
        byte[] b = new byte[50];
        System.arraycopy(full, 0, b, 0, 50);
        b[3] = 0;
        b[4] = 45;
        b[8] = 41;
        assertEquals(TlsClientHello.NO_SNI, h.wrap(b, 0, b.length));
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(6066);
        byte[] base = Hex.dump(HELLO);
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[r.nextInt(100)];
                r.nextBytes(b);
                if (b.length > 6) {
                    b[0] = 22;
                    b[1] = 3;
                    b[5] = 1;
                }
            } else {
                b = base.clone();
                for (int k = 0; k < 1 + r.nextInt(3); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            int s = h.wrap(b, 0, b.length);
            assertTrue(s >= TlsClientHello.OK && s <= TlsClientHello.MALFORMED);
            if (s == TlsClientHello.OK) {
                assertTrue(h.nameOffset() + h.nameLength() <= b.length);
            }
        }
    }
}

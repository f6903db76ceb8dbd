package org.voipwatch.analyzer.protocol.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.Hex;
import org.voipwatch.analyzer.util.IpAddresses;

/** Hand-built TURN messages (RFC 8656 layouts), classic STUN, TCP framing, malformed variants, random bytes. */
class StunMessageTest {
    private static final String TX1 = "01 02 03 04 05 06 07 08 09 0a 0b 0c";
    private static final String TX2 = "a1 a2 a3 a4 b5 b6 b7 b8 c9 ca cb cc";

    /** RFC 8656 §7.1: first Allocate, no credentials; REQUESTED-TRANSPORT = 17 (UDP). */
    static final byte[] ALLOCATE_REQUEST = Hex.of("00 03 00 08  21 12 a4 42 " + TX1
            + " 00 19 00 04  11 00 00 00");

    /** RFC 8656 §7.2 / RFC 8489 §9.2.4: 401 with REALM and NONCE (ERROR-CODE class 4, number 1). */
    static final byte[] ALLOCATE_401 = Hex.of("01 13 00 30  21 12 a4 42 " + TX1
            + " 00 09 00 10  00 00 04 01  55 6e 61 75 74 68 6f 72 69 7a 65 64" // "Unauthorized"
            + " 00 14 00 0b  65 78 61 6d 70 6c 65 2e 6f 72 67 00" // REALM "example.org" + 1 pad
            + " 00 15 00 08  61 62 63 64 65 66 67 68"); // NONCE "abcdefgh"

    /** Second Allocate with USERNAME, REALM, NONCE and a (dummy) MESSAGE-INTEGRITY. */
    static final byte[] ALLOCATE_REQUEST_AUTH = Hex.of("00 03 00 44  21 12 a4 42 " + TX2
            + " 00 19 00 04  11 00 00 00"
            + " 00 06 00 04  75 73 65 72" // USERNAME "user"
            + " 00 14 00 0b  65 78 61 6d 70 6c 65 2e 6f 72 67 00"
            + " 00 15 00 08  61 62 63 64 65 66 67 68"
            + " 00 08 00 14  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");

    /**
     * Allocate success: XOR-RELAYED-ADDRESS 192.0.2.15:50000 (port 0xc350 ^ 0x2112 = 0xe242, address c000020f ^
     * 2112a442 = e112a64d), LIFETIME 600, XOR-MAPPED-ADDRESS 192.0.2.1:40000 (0x9c40 ^ 0x2112 = 0xbd52), MI.
     */
    static final byte[] ALLOCATE_SUCCESS = Hex.of("01 03 00 38  21 12 a4 42 " + TX2
            + " 00 16 00 08  00 01 e2 42  e1 12 a6 4d"
            + " 00 0d 00 04  00 00 02 58"
            + " 00 20 00 08  00 01 bd 52  e1 12 a6 43"
            + " 00 08 00 14  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");

    /** ChannelBind request: CHANNEL-NUMBER 0x4000, XOR-PEER-ADDRESS 198.51.100.7:49170 (c6336407 ^ 2112a442). */
    static final byte[] CHANNEL_BIND_REQUEST = Hex.of("00 09 00 14  21 12 a4 42 " + TX1
            + " 00 0c 00 04  40 00 00 00"
            + " 00 12 00 08  00 01 e1 00  e7 21 c0 45");

    /** RFC 3489 Binding Request / Response, bytes from nDPI stun_classic.pcap frames 1 and 2 (tshark -x). */
    static final byte[] CLASSIC_REQUEST = Hex.of("00 01 00 08 94 29 ef 88 29 4d d5 26 32 c7 29 31 cb 8d bb 4c"
            + " 00 03 00 04 00 00 00 00");
    static final byte[] CLASSIC_RESPONSE = Hex.of("01 01 00 0c 94 29 ef 88 29 4d d5 26 32 c7 29 31 cb 8d bb 4c"
            + " 00 01 00 08 00 01 d7 0a ac 10 3f e0");

    private final StunMessage m = new StunMessage();

    @Test
    void turnAllocateExchange() {
        assertEquals(StunStatus.OK, m.wrap(ALLOCATE_REQUEST, 0, ALLOCATE_REQUEST.length));
        assertEquals(StunMessage.METHOD_ALLOCATE, m.method());
        assertEquals(StunMessage.CLASS_REQUEST, m.messageClass());
        assertEquals(0x01020304L, m.transactionIdHi());
        assertEquals(0x05060708090a0b0cL, m.transactionIdLo());
        assertTrue(m.findAttribute(StunMessage.ATTR_REQUESTED_TRANSPORT));
        assertEquals(17, m.requestedTransport());
        assertFalse(m.hasMessageIntegrity());

        assertEquals(StunStatus.OK, m.wrap(ALLOCATE_401, 0, ALLOCATE_401.length));
        assertEquals(StunMessage.METHOD_ALLOCATE, m.method());
        assertEquals(StunMessage.CLASS_ERROR, m.messageClass());
        assertEquals(401, m.findErrorCode());
        assertEquals(16, m.attributeLength());
        assertEquals(3, m.attributeCount());

        assertEquals(StunStatus.OK, m.wrap(ALLOCATE_REQUEST_AUTH, 0, ALLOCATE_REQUEST_AUTH.length));
        assertTrue(m.hasMessageIntegrity());
        assertTrue(m.findAttribute(StunMessage.ATTR_USERNAME));
        assertEquals(4, m.attributeLength());

        assertEquals(StunStatus.OK, m.wrap(ALLOCATE_SUCCESS, 0, ALLOCATE_SUCCESS.length));
        assertEquals(StunMessage.CLASS_SUCCESS, m.messageClass());
        assertEquals(0xa1a2a3a4L, m.transactionIdHi());
        assertTrue(m.findAttribute(StunMessage.ATTR_XOR_RELAYED_ADDRESS));
        assertEquals(StunStatus.OK, m.decodeAddress());
        assertEquals("192.0.2.15", IpAddresses.format(m.addressHi(), m.addressLo()));
        assertEquals(50000, m.addressPort());
        assertTrue(m.findAttribute(StunMessage.ATTR_LIFETIME));
        assertEquals(600, m.u32Value());
        assertTrue(m.findAttribute(StunMessage.ATTR_XOR_MAPPED_ADDRESS));
        assertEquals(StunStatus.OK, m.decodeAddress());
        assertEquals("192.0.2.1", IpAddresses.format(m.addressHi(), m.addressLo()));
        assertEquals(40000, m.addressPort());
    }

    @Test
    void channelBindRequest() {
        assertEquals(StunStatus.OK, m.wrap(CHANNEL_BIND_REQUEST, 0, CHANNEL_BIND_REQUEST.length));
        assertEquals(StunMessage.METHOD_CHANNEL_BIND, m.method());
        assertTrue(m.findAttribute(StunMessage.ATTR_CHANNEL_NUMBER));
        assertEquals(0x4000, m.channelNumber());
        assertTrue(m.findAttribute(StunMessage.ATTR_XOR_PEER_ADDRESS));
        assertEquals(StunStatus.OK, m.decodeAddress());
        assertEquals("198.51.100.7", IpAddresses.format(m.addressHi(), m.addressLo()));
        assertEquals(49170, m.addressPort());
    }

    @Test
    void classAndMethodFromType() {
        // RFC 8489 §5 Figure 3; values as listed by RFC 8656 §17 / tshark for TURN.
        int[][] cases = {
            {0x0001, StunMessage.CLASS_REQUEST, 0x001}, {0x0011, StunMessage.CLASS_INDICATION, 0x001},
            {0x0101, StunMessage.CLASS_SUCCESS, 0x001}, {0x0111, StunMessage.CLASS_ERROR, 0x001},
            {0x0016, StunMessage.CLASS_INDICATION, StunMessage.METHOD_SEND},
            {0x0017, StunMessage.CLASS_INDICATION, StunMessage.METHOD_DATA},
            {0x0108, StunMessage.CLASS_SUCCESS, StunMessage.METHOD_CREATE_PERMISSION},
            {0x0119, StunMessage.CLASS_ERROR, StunMessage.METHOD_CHANNEL_BIND},
            {0x001c, StunMessage.CLASS_INDICATION, StunMessage.METHOD_CONNECTION_ATTEMPT},
            {0x3eff, StunMessage.CLASS_INDICATION, 0xfff}, {0x3eef, StunMessage.CLASS_REQUEST, 0xfff},
            {0x3fff, StunMessage.CLASS_ERROR, 0xfff},
        };
        for (int[] c : cases) {
            byte[] b = Hex.of("0000 0000 2112a442 000000000000000000000000");
            b[0] = (byte) (c[0] >> 8);
            b[1] = (byte) c[0];
            assertEquals(StunStatus.OK, m.wrap(b, 0, b.length));
            assertEquals(c[1], m.messageClass(), Integer.toHexString(c[0]));
            assertEquals(c[2], m.method(), Integer.toHexString(c[0]));
        }
    }

    @Test
    void malformedVariantsGiveReasonCodes() {
        byte[] ok = Hex.dump(Rfc5769VectorsTest.IPV4_RESPONSE);

        byte[] oddLength = Arrays.copyOf(ok, ok.length + 1);
        oddLength[3] = 0x3d;
        assertEquals(StunStatus.BAD_LENGTH, m.wrap(oddLength, 0, oddLength.length));
        assertTrue(m.headerValid());

        byte[] overrun = ok.clone();
        overrun[20 + 16 + 3] = (byte) 0xff; // XOR-MAPPED-ADDRESS length 8 -> 255
        assertEquals(StunStatus.ATTRIBUTE_OVERRUN, m.wrap(overrun, 0, overrun.length));
        assertEquals(StunMessage.METHOD_BINDING, m.method());
        assertEquals(StunMessage.CLASS_SUCCESS, m.messageClass());
        assertTrue(m.nextAttribute(), "SOFTWARE before the bad attribute is still walkable");
        assertEquals(StunMessage.ATTR_SOFTWARE, m.attributeType());
        assertFalse(m.nextAttribute());

        assertEquals(StunStatus.TRUNCATED_HEADER, m.wrap(ok, 0, 12));
        assertEquals(StunStatus.NOT_STUN, m.wrap(ok, 0, 6), "cookie not visible: no claim");
        assertEquals(StunStatus.NEED_MORE_DATA, m.wrap(ok, 0, 12, StunMessage.TCP_FRAMING));
        assertEquals(StunStatus.TRUNCATED_MESSAGE, m.wrap(ok, 0, 40));
        assertEquals(StunStatus.NEED_MORE_DATA, m.wrap(ok, 0, 40, StunMessage.TCP_FRAMING));
        byte[] trailing = Arrays.copyOf(ok, ok.length + 4);
        assertEquals(StunStatus.TRAILING_BYTES, m.wrap(trailing, 0, trailing.length));

        byte[] notStun = ok.clone();
        notStun[0] = (byte) 0x80;
        assertEquals(StunStatus.NOT_STUN, m.wrap(notStun, 0, notStun.length));
        byte[] noCookie = ok.clone();
        noCookie[4] = 0x22;
        assertEquals(StunStatus.NOT_STUN, m.wrap(noCookie, 0, noCookie.length));
        assertEquals(StunStatus.NOT_STUN, m.wrap(ok, 0, 0));
        assertEquals(StunStatus.NOT_STUN, m.wrap(ok, 70, 20), "range beyond the buffer");
        assertEquals(StunStatus.NOT_STUN, m.wrap(null, 0, 20));
    }

    @Test
    void attributeBudget() {
        assertEquals(StunStatus.OK, m.wrap(emptyAttributes(StunMessage.MAX_ATTRIBUTES), 0,
                20 + 4 * StunMessage.MAX_ATTRIBUTES));
        assertEquals(StunMessage.MAX_ATTRIBUTES, m.attributeCount());
        byte[] tooMany = emptyAttributes(StunMessage.MAX_ATTRIBUTES + 1);
        assertEquals(StunStatus.TOO_MANY_ATTRIBUTES, m.wrap(tooMany, 0, tooMany.length));
        int walked = 0;
        while (m.nextAttribute()) {
            walked++;
        }
        assertEquals(StunMessage.MAX_ATTRIBUTES, walked);
    }

    private static byte[] emptyAttributes(int n) {
        byte[] b = new byte[20 + 4 * n];
        b[1] = 0x01;
        b[2] = (byte) ((4 * n) >> 8);
        b[3] = (byte) (4 * n);
        b[4] = 0x21;
        b[5] = 0x12;
        b[6] = (byte) 0xa4;
        b[7] = 0x42;
        for (int i = 0; i < n; i++) {
            b[20 + 4 * i] = (byte) 0x80; // 0x8030: unknown comprehension-optional, length 0
            b[21 + 4 * i] = 0x30;
        }
        return b;
    }

    @Test
    void badAddressAttributes() {
        byte[] b = Hex.dump(Rfc5769VectorsTest.IPV4_RESPONSE);
        b[20 + 16 + 5] = 0x03; // family 3
        assertEquals(StunStatus.OK, m.wrap(b, 0, b.length));
        assertTrue(m.findAttribute(StunMessage.ATTR_XOR_MAPPED_ADDRESS));
        assertEquals(StunStatus.BAD_ADDRESS_ATTRIBUTE, m.decodeAddress());
        b[20 + 16 + 5] = 0x02; // IPv6 family in an 8-byte value
        assertEquals(StunStatus.OK, m.wrap(b, 0, b.length));
        assertTrue(m.findAttribute(StunMessage.ATTR_XOR_MAPPED_ADDRESS));
        assertEquals(StunStatus.BAD_ADDRESS_ATTRIBUTE, m.decodeAddress());
        assertTrue(m.findAttribute(StunMessage.ATTR_SOFTWARE));
        assertEquals(-1, m.errorCode(), "not an ERROR-CODE attribute");
        assertEquals(-1, m.u32Value(), "SOFTWARE is 11 bytes");
    }

    @Test
    void tcpFramingTwoMessagesInOneSegment() {
        byte[] a = ALLOCATE_REQUEST;
        byte[] c = CHANNEL_BIND_REQUEST;
        byte[] seg = new byte[a.length + c.length];
        System.arraycopy(a, 0, seg, 0, a.length);
        System.arraycopy(c, 0, seg, a.length, c.length);
        assertEquals(StunStatus.TRAILING_BYTES, m.wrap(seg, 0, seg.length), "UDP rules reject it");
        assertEquals(StunStatus.OK, m.wrap(seg, 0, seg.length, StunMessage.TCP_FRAMING));
        assertEquals(a.length, m.messageLength());
        assertEquals(StunMessage.METHOD_ALLOCATE, m.method());
        int next = m.messageLength();
        assertEquals(StunStatus.OK, m.wrap(seg, next, seg.length - next, StunMessage.TCP_FRAMING));
        assertEquals(StunMessage.METHOD_CHANNEL_BIND, m.method());
        assertTrue(m.findAttribute(StunMessage.ATTR_CHANNEL_NUMBER));
        assertEquals(0x4000, m.channelNumber());
        assertEquals(StunStatus.NEED_MORE_DATA, m.wrap(seg, next, c.length - 1, StunMessage.TCP_FRAMING));
    }

    @Test
    void classicStunOnlyWhenAllowedAndStrict() {
        assertEquals(StunStatus.NOT_STUN, m.wrap(CLASSIC_REQUEST, 0, CLASSIC_REQUEST.length));
        assertEquals(StunStatus.OK, m.wrap(CLASSIC_REQUEST, 0, CLASSIC_REQUEST.length, StunMessage.ALLOW_CLASSIC));
        assertTrue(m.isClassic());
        assertEquals(StunMessage.CLASS_REQUEST, m.messageClass());
        assertEquals(0x9429ef88294dd526L, m.transactionIdHi());
        assertEquals(0x32c72931cb8dbb4cL, m.transactionIdLo());
        assertEquals(StunStatus.OK, m.wrap(CLASSIC_RESPONSE, 0, CLASSIC_RESPONSE.length, StunMessage.ALLOW_CLASSIC));
        assertEquals(StunMessage.CLASS_SUCCESS, m.messageClass());
        assertTrue(m.findAttribute(StunMessage.ATTR_MAPPED_ADDRESS));
        assertEquals(StunStatus.OK, m.decodeAddress());
        assertEquals("172.16.63.224", IpAddresses.format(m.addressHi(), m.addressLo()));
        assertEquals(55050, m.addressPort());

        byte[] unknownType = CLASSIC_REQUEST.clone();
        unknownType[1] = 0x03; // 0x0003 is no RFC 3489 message type
        assertEquals(StunStatus.NOT_STUN, m.wrap(unknownType, 0, unknownType.length, StunMessage.ALLOW_CLASSIC));
        byte[] unknownAttr = CLASSIC_REQUEST.clone();
        unknownAttr[21] = 0x20; // 0x0020: comprehension-required, not an RFC 3489 attribute
        assertEquals(StunStatus.NOT_STUN, m.wrap(unknownAttr, 0, unknownAttr.length, StunMessage.ALLOW_CLASSIC));
        byte[] longer = Arrays.copyOf(CLASSIC_REQUEST, CLASSIC_REQUEST.length + 4);
        assertEquals(StunStatus.NOT_STUN, m.wrap(longer, 0, longer.length, StunMessage.ALLOW_CLASSIC));
        assertFalse(m.isClassic());
        assertTrue(StunMessage.isKnownStunPort(3478));
        assertFalse(StunMessage.isKnownStunPort(13958));
    }

    @Test
    void randomBytesNeverThrow() {
        Random rnd = new Random(20261122L);
        StunMessage s = new StunMessage();
        ChannelData cd = new ChannelData();
        byte[] buf = new byte[160];
        int[] seen = new int[StunStatus.COUNT];
        for (int i = 0; i < 50_000; i++) {
            rnd.nextBytes(buf);
            int off = rnd.nextInt(8);
            int len = rnd.nextInt(buf.length - off + 1);
            if ((i & 1) == 0 && len >= 8) {
                // make half of them pass the cheap probe so the attribute walk and decoders get exercised
                buf[off] &= 0x01;
                buf[off + 4] = 0x21;
                buf[off + 5] = 0x12;
                buf[off + 6] = (byte) 0xa4;
                buf[off + 7] = 0x42;
                if (len >= 20 && (i & 2) == 0) {
                    int body = (len - 20) & ~3;
                    buf[off + 2] = (byte) (body >> 8);
                    buf[off + 3] = (byte) body;
                    len = 20 + body;
                }
            }
            int status = s.wrap(buf, off, len, i & 3);
            seen[status]++;
            while (s.nextAttribute()) {
                s.decodeAddress();
                s.errorCode();
                s.u32Value();
                s.channelNumber();
                s.requestedTransport();
                s.tieBreaker();
            }
            s.fingerprintValid();
            s.findErrorCode();
            cd.wrap(buf, off, len, (i & 4) != 0);
            Rfc9443Demux.classify(buf, off, len);
        }
        assertTrue(seen[StunStatus.OK] > 0 && seen[StunStatus.ATTRIBUTE_OVERRUN] > 0
                && seen[StunStatus.NOT_STUN] > 0, Arrays.toString(seen));
    }

    @Test
    void wrapAndWalkDoNotAllocate() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] b = Hex.dump(Rfc5769VectorsTest.IPV6_RESPONSE);
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 100_000; i++) {
                sink += m.wrap(b, 0, b.length);
                while (m.nextAttribute()) {
                    if (m.decodeAddress() == StunStatus.OK) {
                        sink += m.addressLo();
                    }
                }
                sink += m.fingerprintValid() ? 1 : 0;
            }
            long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 1) {
                assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 100k messages");
            }
        }
        assertTrue(sink != 0);
    }
}

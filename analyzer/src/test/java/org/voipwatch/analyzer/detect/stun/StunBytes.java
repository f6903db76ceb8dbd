package org.voipwatch.analyzer.detect.stun;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.voipwatch.analyzer.testutil.Frames;

/**
 * Builds STUN/TURN messages byte by byte after RFC 8489 §5-6 and §14 (header, TLV attributes padded to 4, XOR
 * addresses with the magic cookie) and RFC 8656 §12.4 (ChannelData), for tests. MESSAGE-INTEGRITY is 20 filler
 * bytes: voipwatch notes its presence, it never checks the HMAC (it has no passwords).
 */
final class StunBytes {
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int ALLOCATE_REQUEST = 0x0003;
    static final int ALLOCATE_SUCCESS = 0x0103;
    static final int ALLOCATE_ERROR = 0x0113;
    static final int CHANNEL_BIND_REQUEST = 0x0009;
    static final int CHANNEL_BIND_SUCCESS = 0x0109;
    static final int SEND_INDICATION = 0x0016;
    static final int DATA_INDICATION = 0x0017;
    private static final int COOKIE = 0x2112A442;

    private final ByteArrayOutputStream attrs = new ByteArrayOutputStream();
    private final int type;
    private final byte[] txId;

    private StunBytes(int type, int txNumber) {
        this.type = type;
        this.txId = new byte[12];
        ByteBuffer.wrap(txId).putInt(0x766f6970).putInt(0x77617463).putInt(txNumber); // "voipwatc" + n
    }

    static StunBytes msg(int type, int txNumber) {
        return new StunBytes(type, txNumber);
    }

    StunBytes attr(int attrType, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(4 + ((value.length + 3) & ~3));
        b.putShort((short) attrType).putShort((short) value.length).put(value);
        attrs.writeBytes(b.array());
        return this;
    }

    StunBytes integrity() {
        return attr(0x0008, new byte[20]);
    }

    StunBytes username(String u) {
        return attr(0x0006, u.getBytes(StandardCharsets.US_ASCII));
    }

    StunBytes errorCode(int code) {
        return attr(0x0009, new byte[] {0, 0, (byte) (code / 100), (byte) (code % 100), 'x', 'x', 'x', 'x'});
    }

    StunBytes requestedTransportUdp() {
        return attr(0x0019, new byte[] {17, 0, 0, 0});
    }

    StunBytes lifetime(int seconds) {
        return attr(0x000d, ByteBuffer.allocate(4).putInt(seconds).array());
    }

    StunBytes priority(int p) {
        return attr(0x0024, ByteBuffer.allocate(4).putInt(p).array());
    }

    StunBytes useCandidate() {
        return attr(0x0025, new byte[0]);
    }

    StunBytes iceControlling() {
        return attr(0x802a, new byte[8]);
    }

    StunBytes channelNumber(int ch) {
        return attr(0x000c, new byte[] {(byte) (ch >> 8), (byte) ch, 0, 0});
    }

    /** XOR-RELAYED-ADDRESS (0x0016), XOR-PEER-ADDRESS (0x0012), XOR-MAPPED-ADDRESS (0x0020): IPv4 only. */
    StunBytes xorAddress(int attrType, String ip, int port) {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) 0).put((byte) 1).putShort((short) (port ^ (COOKIE >>> 16)));
        b.putInt(Frames.ip(ip) ^ COOKIE);
        return attr(attrType, b.array());
    }

    byte[] bytes() {
        byte[] a = attrs.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(20 + a.length);
        b.putShort((short) type).putShort((short) a.length).putInt(COOKIE).put(txId).put(a);
        return b.array();
    }

    /** ChannelData (RFC 8656 §12.4) carrying {@code dataLength} bytes, padded to 4 when {@code pad}. */
    static byte[] channelData(int channel, int dataLength, boolean pad) {
        int total = 4 + (pad ? (dataLength + 3) & ~3 : dataLength);
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putShort((short) channel).putShort((short) dataLength);
        for (int i = 0; i < dataLength; i++) {
            b.put((byte) 7);
        }
        return b.array();
    }
}

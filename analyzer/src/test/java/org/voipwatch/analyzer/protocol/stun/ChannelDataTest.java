package org.voipwatch.analyzer.protocol.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.voipwatch.analyzer.testutil.Hex;

/** RFC 8656 §12.4/§12.5 ChannelData framing, hand-built. */
class ChannelDataTest {
    /** Channel 0x4001, Length 5, data "hello" (68 65 6c 6c 6f), then 3 padding bytes. */
    private static final byte[] PADDED = Hex.of("40 01 00 05 68 65 6c 6c 6f 00 00 00");

    private final ChannelData cd = new ChannelData();

    @Test
    void udpExactOrPadded() {
        assertEquals(StunStatus.OK, cd.wrap(PADDED, 0, 9, false));
        assertEquals(0x4001, cd.channelNumber());
        assertEquals(4, cd.dataOffset());
        assertEquals(5, cd.dataLength());
        assertEquals(9, cd.frameLength());
        assertEquals(StunStatus.OK, cd.wrap(PADDED, 0, 12, false));
        assertEquals(12, cd.frameLength());
        assertEquals(StunStatus.CHANNEL_DATA_BAD_LENGTH, cd.wrap(PADDED, 0, 10, false));
        assertEquals(-1, cd.channelNumber());
        assertEquals(StunStatus.CHANNEL_DATA_BAD_LENGTH, cd.wrap(PADDED, 0, 8, false));
        assertEquals(StunStatus.CHANNEL_DATA_TRUNCATED, cd.wrap(PADDED, 0, 3, false));
    }

    @Test
    void tcpNeedsPaddingAndMayHoldMore() {
        assertEquals(StunStatus.NEED_MORE_DATA, cd.wrap(PADDED, 0, 9, true));
        assertEquals(StunStatus.NEED_MORE_DATA, cd.wrap(PADDED, 0, 3, true));
        byte[] two = new byte[24];
        System.arraycopy(PADDED, 0, two, 0, 12);
        System.arraycopy(PADDED, 0, two, 12, 12);
        two[13] = 0x02;
        assertEquals(StunStatus.OK, cd.wrap(two, 0, two.length, true));
        assertEquals(12, cd.frameLength());
        assertEquals(StunStatus.OK, cd.wrap(two, 12, 12, true));
        assertEquals(0x4002, cd.channelNumber());
        assertEquals(16, cd.dataOffset());
    }

    @Test
    void channelRange() {
        byte[] b = PADDED.clone();
        b[0] = 0x4f;
        b[1] = (byte) 0xff;
        assertEquals(StunStatus.OK, cd.wrap(b, 0, 9, false));
        assertEquals(0x4fff, cd.channelNumber());
        b[0] = 0x50; // RFC 5766 range, reserved by RFC 8656
        b[1] = 0x00;
        assertEquals(StunStatus.NOT_STUN, cd.wrap(b, 0, 9, false));
        b[0] = 0x3f;
        assertEquals(StunStatus.NOT_STUN, cd.wrap(b, 0, 9, false));
        b[0] = 0x00; // a STUN message is not ChannelData
        assertEquals(StunStatus.NOT_STUN, cd.wrap(b, 0, 9, false));
        assertEquals(StunStatus.NOT_STUN, cd.wrap(b, 0, 0, false));
    }
}

package org.voipwatch.analyzer.protocol.stun;

/**
 * Result codes of {@link StunMessage#wrap} and {@link ChannelData#wrap}: plain ints, no allocation, no exception.
 * Codes at or above {@link #FIRST_MALFORMED} mean "this is STUN (or ChannelData) but broken": the caller counts
 * them by reason under {@link #name(int)} (stable snake_case, like Zeek's "weirds"). {@link #NOT_STUN} is not an
 * anomaly: the bytes are simply some other protocol. Stateless; any thread.
 */
public final class StunStatus {
    /** A well-formed message; every accessor is valid. */
    public static final int OK = 0;
    /** Not STUN (or not ChannelData): no magic cookie, top bits set, or a classic-STUN check failed. */
    public static final int NOT_STUN = 1;
    /** TCP framing only: the header is plausible but the buffer holds fewer bytes than the message needs. */
    public static final int NEED_MORE_DATA = 2;

    public static final int FIRST_MALFORMED = 10;
    /** Fewer than 20 bytes although the bytes present (top bits, cookie) say STUN. */
    public static final int TRUNCATED_HEADER = 10;
    /** Message length field not a multiple of 4 (RFC 8489 §5: attributes are padded to 4). */
    public static final int BAD_LENGTH = 11;
    /** UDP: the datagram holds fewer bytes than 20 + message length (cut by the snap length or lying). */
    public static final int TRUNCATED_MESSAGE = 12;
    /** UDP: the datagram holds more bytes than 20 + message length. */
    public static final int TRAILING_BYTES = 13;
    /** An attribute (with its padding) runs past the end of the message. */
    public static final int ATTRIBUTE_OVERRUN = 14;
    /** More attributes than {@link StunMessage#MAX_ATTRIBUTES}: the walk stopped (loop budget). */
    public static final int TOO_MANY_ATTRIBUTES = 15;
    /** An address attribute with an unknown family or a length that does not fit the family. */
    public static final int BAD_ADDRESS_ATTRIBUTE = 16;
    /** ChannelData: channel number in range but the length field disagrees with the bytes present. */
    public static final int CHANNEL_DATA_BAD_LENGTH = 17;
    /** ChannelData: fewer than 4 bytes although the first byte says ChannelData (UDP). */
    public static final int CHANNEL_DATA_TRUNCATED = 18;
    /** One past the largest code: size of per-reason counter arrays. */
    public static final int COUNT = 19;

    private static final String[] NAMES = new String[COUNT];

    static {
        NAMES[OK] = "ok";
        NAMES[NOT_STUN] = "not_stun";
        NAMES[NEED_MORE_DATA] = "need_more_data";
        NAMES[TRUNCATED_HEADER] = "truncated_header";
        NAMES[BAD_LENGTH] = "bad_length";
        NAMES[TRUNCATED_MESSAGE] = "truncated_message";
        NAMES[TRAILING_BYTES] = "trailing_bytes";
        NAMES[ATTRIBUTE_OVERRUN] = "attribute_overrun";
        NAMES[TOO_MANY_ATTRIBUTES] = "too_many_attributes";
        NAMES[BAD_ADDRESS_ATTRIBUTE] = "bad_address_attribute";
        NAMES[CHANNEL_DATA_BAD_LENGTH] = "channel_data_bad_length";
        NAMES[CHANNEL_DATA_TRUNCATED] = "channel_data_truncated";
        for (int i = 0; i < COUNT; i++) {
            if (NAMES[i] == null) {
                NAMES[i] = "code_" + i;
            }
        }
    }

    private StunStatus() {
    }

    /** Stable snake_case name of a code (for counters' tags and the summary). */
    public static String name(int code) {
        return code >= 0 && code < COUNT ? NAMES[code] : "code_" + code;
    }

    /** True for codes that mean "STUN/ChannelData, but malformed". */
    public static boolean isMalformed(int code) {
        return code >= FIRST_MALFORMED;
    }
}

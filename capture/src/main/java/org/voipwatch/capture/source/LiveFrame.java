package org.voipwatch.capture.source;

/**
 * The frame a native live reader ({@link PcapDirectReader}, {@link PcapBatchReader}) is positioned on: its capture
 * header and a copy of its bytes into a caller's array. Valid until the reader moves on. Capture thread only.
 */
interface LiveFrame {
    /** Capture time, nanoseconds since the Unix epoch. */
    long timestampNs();

    /** Bytes libpcap holds for the frame (at most the snaplen). */
    int capturedLength();

    /** Length of the frame on the wire. */
    int originalLength();

    /** Copies the first {@code length} bytes of the frame to {@code dst[0..length)}. */
    void copyFrame(byte[] dst, int length);
}

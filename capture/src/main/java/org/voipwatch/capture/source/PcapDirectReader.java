package org.voipwatch.capture.source;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.pcap4j.core.PcapHandle;

/**
 * Reads one live pcap handle with {@code pcap_next_ex} called directly ({@link NativePcap}), on the {@code pcap_t}
 * pcap4j opened, and copies each frame from libpcap's buffer (the kernel's TPACKET ring, memory-mapped) straight into
 * a caller's array: no Java object per packet, where pcap4j's {@code loop()} callback makes a {@code byte[]}, a
 * {@code Timestamp}, an {@code Integer} and JNA glue (about 0.5 KB) for each one.
 *
 * <p>After {@link #next()} returns {@link NativePcap#PCAP_NEXT_PACKET}, the accessors are a flyweight over the
 * packet's {@code struct pcap_pkthdr}, as laid out on LP64 Linux (the only place {@link NativePcap} binds):
 * <pre>
 *   0                   8                   16        20        24
 *  +-------------------+-------------------+---------+---------+
 *  | ts.tv_sec (long)  | ts.tv_usec (long) | caplen  | len     |
 *  +-------------------+-------------------+---------+---------+
 * </pre>
 * {@code tv_usec} holds nanoseconds when the handle was opened with nanosecond precision (pcap4j records which).
 * pcap_next_ex stores the addresses of that header (always {@code &p->pcap_header}, inside the pcap_t) and of the
 * frame bytes in two out-words, preallocated here; the header is read through a direct ByteBuffer made once (pure
 * Java reads), the frame through one {@link Pointer#read} whose address is moved per packet.
 *
 * <p>Threads: owned by the interface's capture thread once it starts; built on the thread that opens the capture.
 * The header and frame stay valid only until the next call on the same handle, and only while the handle is open:
 * the handle must not be closed before the capture thread has left {@link #next()} (LivePacketSource ensures that).
 */
final class PcapDirectReader implements LiveFrame {
    static final int HDR_TS_SEC_OFFSET = 0;
    static final int HDR_TS_FRAC_OFFSET = 8;
    static final int HDR_CAPLEN_OFFSET = 16;
    static final int HDR_LEN_OFFSET = 20;
    static final int HDR_BYTES = 24;
    /** The two out-words of pcap_next_ex in {@link #out}: the header's address, then the frame's. */
    private static final int OUT_HEADER_OFFSET = 0;
    private static final int OUT_DATA_OFFSET = 8;

    private final long pcapT;
    private final long fracToNanos;
    private final Memory out = new Memory(16);
    private final long outHeaderAddress;
    private final long outDataAddress;
    private final ByteBuffer outView;
    /** Its native address is moved to each frame: a Pointer made once instead of one per packet. */
    private final Pointer frame = new Pointer(0);
    private long headerAddress;
    private ByteBuffer header;

    private PcapDirectReader(long pcapT, boolean nanoStamps) {
        this.pcapT = pcapT;
        this.fracToNanos = nanoStamps ? 1 : 1000;
        out.clear();
        this.outHeaderAddress = Pointer.nativeValue(out) + OUT_HEADER_OFFSET;
        this.outDataAddress = Pointer.nativeValue(out) + OUT_DATA_OFFSET;
        this.outView = out.getByteBuffer(0, out.size()).order(ByteOrder.nativeOrder());
    }

    /**
     * A reader on {@code h}'s pcap_t, or throws {@link UnsupportedOperationException} with the reason the direct
     * path cannot be used (the caller then falls back to pcap4j's loop()).
     */
    static PcapDirectReader open(PcapHandle h) {
        String reason = NativePcap.unavailableReason();
        if (reason != null) {
            throw new UnsupportedOperationException(reason);
        }
        Pointer p;
        try {
            p = NativePcap.pcapT(h);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedOperationException("cannot reach pcap4j's pcap_t (PcapHandle.handle): " + e);
        }
        long address = Pointer.nativeValue(p);
        if (address == 0) {
            throw new UnsupportedOperationException("pcap4j's pcap_t is null");
        }
        return new PcapDirectReader(address, h.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO);
    }

    /**
     * Reads the next packet: {@link NativePcap#PCAP_NEXT_PACKET} (the accessors then describe it),
     * {@link NativePcap#PCAP_NEXT_TIMEOUT}, {@link NativePcap#PCAP_ERROR} (see {@link #lastError()}) or
     * {@link NativePcap#PCAP_ERROR_BREAK} after {@code pcap_breakloop}. Blocks in libpcap's poll() meanwhile.
     */
    int next() {
        int rc = NativePcap.pcap_next_ex(pcapT, outHeaderAddress, outDataAddress);
        if (rc != NativePcap.PCAP_NEXT_PACKET) {
            return rc;
        }
        long h = outView.getLong(OUT_HEADER_OFFSET);
        if (h != headerAddress) {
            // libpcap hands out the same header (p->pcap_header) every time: this view is made once per handle
            headerAddress = h;
            header = new Pointer(h).getByteBuffer(0, HDR_BYTES).order(ByteOrder.nativeOrder());
        }
        Pointer.nativeValue(frame, outView.getLong(OUT_DATA_OFFSET));
        return rc;
    }

    /** Capture time of the current packet, nanoseconds since the Unix epoch. */
    @Override
    public long timestampNs() {
        return header.getLong(HDR_TS_SEC_OFFSET) * 1_000_000_000L + header.getLong(HDR_TS_FRAC_OFFSET) * fracToNanos;
    }

    /** Bytes of the current frame libpcap holds (at most the snaplen). */
    @Override
    public int capturedLength() {
        return header.getInt(HDR_CAPLEN_OFFSET);
    }

    /** Length of the current frame on the wire. */
    @Override
    public int originalLength() {
        return header.getInt(HDR_LEN_OFFSET);
    }

    /** Copies the first {@code length} bytes of the current frame to {@code dst[0..length)}. */
    @Override
    public void copyFrame(byte[] dst, int length) {
        frame.read(0, dst, 0, length);
    }

    /** libpcap's text for the last error (after {@link NativePcap#PCAP_ERROR}); allocates, so only then. */
    String lastError() {
        return NativePcap.pcap_geterr(pcapT);
    }
}

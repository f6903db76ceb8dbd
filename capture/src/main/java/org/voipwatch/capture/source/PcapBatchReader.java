package org.voipwatch.capture.source;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.pcap4j.core.PcapHandle;

/**
 * Reads a live pcap handle many frames per native call (experimental, {@code --capture-api batch}): one
 * {@code pcap_dispatch} hands every frame that is ready (up to {@link #framesPerCall()}) to libpcap's own
 * {@code pcap_dump} as the <em>native</em> callback, whose dumper writes into a C memory stream ({@code fmemopen})
 * over a buffer allocated once here. Java then walks the records in that buffer and copies each frame into its ring
 * slot. So the JNA call (about 240 ns on the benchmark machine, paid per frame by {@link PcapDirectReader}) is paid
 * once per batch, and no Java up-call or object is made per frame.
 *
 * <p>The buffer holds pcap savefile records, in host byte order, as {@code pcap_dump} writes them:
 * <pre>
 *   0          4           8         12        16
 *  +----------+-----------+---------+---------+---------------------+
 *  | ts_sec   | ts_frac   | caplen  | len     | caplen frame bytes  |
 *  +----------+-----------+---------+---------+---------------------+
 * </pre>
 * {@code ts_sec} is 32 bits (read unsigned: good until 2106); {@code ts_frac} is in nanoseconds when the handle has
 * nanosecond precision. A batch is bounded so that that many records of snaplen bytes always fit: the stream never
 * runs out of room, which would make pcap_dump drop a frame silently.
 *
 * <p>Threads: owned by the interface's capture thread once it starts; {@link #close()} only after that thread has
 * left {@link #read()}.
 */
final class PcapBatchReader implements LiveFrame {
    /** Memory stream size per interface: 127 records of a 65,535-byte snaplen, thousands of typical frames. */
    static final int BUFFER_BYTES = 8 << 20;
    static final int REC_TS_SEC_OFFSET = 0;
    static final int REC_TS_FRAC_OFFSET = 4;
    static final int REC_CAPLEN_OFFSET = 8;
    static final int REC_LEN_OFFSET = 12;
    static final int REC_HEADER_BYTES = 16;

    private final long pcapT;
    private final long dumpCallback;
    private final long stream;
    private final long dumper;
    private final int framesPerCall;
    private final long fracToNanos;
    /** Kept referenced: the memory stream writes into it until close. */
    private final Memory buffer;
    private final ByteBuffer view;
    private int end;
    private int next;
    private int record;
    private boolean closed;

    private PcapBatchReader(long pcapT, long dumpCallback, Memory buffer, long stream, long dumper, int snapshot,
                            boolean nanoStamps) {
        this.pcapT = pcapT;
        this.dumpCallback = dumpCallback;
        this.buffer = buffer;
        this.stream = stream;
        this.dumper = dumper;
        this.framesPerCall = Math.max(1, (BUFFER_BYTES - 64) / (REC_HEADER_BYTES + snapshot));
        this.fracToNanos = nanoStamps ? 1 : 1000;
        this.view = buffer.getByteBuffer(0, buffer.size()).order(ByteOrder.nativeOrder());
    }

    /**
     * A batch reader on {@code h}'s pcap_t, or throws {@link UnsupportedOperationException} with the reason it
     * cannot be set up (the caller then falls back).
     */
    static PcapBatchReader open(PcapHandle h) {
        String reason = NativePcap.unavailableReason();
        if (reason == null) {
            reason = NativePcap.Libc.unavailableReason();
        }
        if (reason != null) {
            throw new UnsupportedOperationException(reason);
        }
        long p;
        try {
            p = Pointer.nativeValue(NativePcap.pcapT(h));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedOperationException("cannot reach pcap4j's pcap_t (PcapHandle.handle): " + e);
        }
        if (p == 0) {
            throw new UnsupportedOperationException("pcap4j's pcap_t is null");
        }
        int snapshot = NativePcap.pcap_snapshot(p);
        if (snapshot <= 0 || REC_HEADER_BYTES + snapshot > BUFFER_BYTES / 2) {
            throw new UnsupportedOperationException("snapshot length " + snapshot + " too large for a batch");
        }
        Memory buffer = new Memory(BUFFER_BYTES);
        long stream = NativePcap.Libc.fmemopen(Pointer.nativeValue(buffer), BUFFER_BYTES, "w");
        if (stream == 0) {
            throw new UnsupportedOperationException("fmemopen failed");
        }
        long dumper = NativePcap.pcap_dump_fopen(p, stream);
        if (dumper == 0) {
            throw new UnsupportedOperationException("pcap_dump_fopen failed: " + NativePcap.pcap_geterr(p));
        }
        PcapBatchReader r = new PcapBatchReader(p, NativePcap.pcapDumpAddress(), buffer, stream, dumper, snapshot,
                h.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO);
        r.rewind(); // drop the savefile header pcap_dump_fopen wrote: every batch starts at offset 0
        return r;
    }

    /** Most frames one {@link #read()} returns. */
    int framesPerCall() {
        return framesPerCall;
    }

    /**
     * Reads the frames that are ready (waiting in libpcap's poll() for some when there are none) into the buffer;
     * walk them with {@link #nextRecord()}. Returns pcap_dispatch's result: a count, 0 (read timeout),
     * {@link NativePcap#PCAP_ERROR} or {@link NativePcap#PCAP_ERROR_BREAK}. Records written before a break or an
     * error are still there to walk.
     */
    int read() {
        rewind();
        int rc = NativePcap.pcap_dispatch(pcapT, framesPerCall, dumpCallback, dumper);
        NativePcap.pcap_dump_flush(dumper);
        long written = NativePcap.pcap_dump_ftell(dumper);
        end = (int) Math.max(0, Math.min(written, BUFFER_BYTES));
        return rc;
    }

    private void rewind() {
        NativePcap.Libc.fseek(stream, 0, NativePcap.Libc.SEEK_SET);
        end = 0;
        next = 0;
        record = -1;
    }

    /** Moves to the next record of the last {@link #read()}; false when there is none (or a record is incomplete). */
    boolean nextRecord() {
        if (next + REC_HEADER_BYTES > end) {
            return false;
        }
        int caplen = view.getInt(next + REC_CAPLEN_OFFSET);
        if (caplen < 0 || next + REC_HEADER_BYTES + caplen > end) {
            next = end;
            return false;
        }
        record = next;
        next += REC_HEADER_BYTES + caplen;
        return true;
    }

    @Override
    public long timestampNs() {
        return Integer.toUnsignedLong(view.getInt(record + REC_TS_SEC_OFFSET)) * 1_000_000_000L
                + Integer.toUnsignedLong(view.getInt(record + REC_TS_FRAC_OFFSET)) * fracToNanos;
    }

    @Override
    public int capturedLength() {
        return view.getInt(record + REC_CAPLEN_OFFSET);
    }

    @Override
    public int originalLength() {
        return view.getInt(record + REC_LEN_OFFSET);
    }

    /** Copies the first {@code length} bytes of the current frame to {@code dst[0..length)}. */
    @Override
    public void copyFrame(byte[] dst, int length) {
        view.get(record + REC_HEADER_BYTES, dst, 0, length);
    }

    String lastError() {
        return NativePcap.pcap_geterr(pcapT);
    }

    /** Closes the memory stream (not the pcap handle). Idempotent; only once the capture thread has left read(). */
    void close() {
        if (!closed) {
            closed = true;
            NativePcap.pcap_dump_close(dumper);
        }
    }
}

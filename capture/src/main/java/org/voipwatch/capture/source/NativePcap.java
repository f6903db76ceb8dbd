package org.voipwatch.capture.source;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import org.pcap4j.core.PcapHandle;

/**
 * The few libpcap functions the native live read paths ({@link PcapDirectReader}, {@link PcapBatchReader}) call,
 * bound with JNA direct mapping ({@link Native#register}) on the same library pcap4j loaded. A direct-mapped call
 * boxes nothing, builds no {@code Object[]} and allocates nothing, unlike pcap4j's interface-mapped calls and its
 * {@code pcap_loop} callback (a JNA up-call allocates its argument objects on every packet). It still goes through
 * libffi: about 240 ns per call on the benchmark machine (docs/live.md, "Copies"), which is why the batch path exists.
 *
 * <p>Pointers are passed as {@code long} addresses: the binding is used only where a pointer is 64 bits
 * ({@link #unavailableReason()} says so otherwise), and a {@code long} argument costs nothing to convert.
 *
 * <p>Threads: the natives are thread-safe as libpcap is (one thread per {@code pcap_t}); registration happens once,
 * in the class initializer, on whichever thread touches the class first.
 */
final class NativePcap {
    /** pcap_next_ex: a packet was read. */
    static final int PCAP_NEXT_PACKET = 1;
    /** pcap_next_ex: the read timeout expired with no packet (live capture). */
    static final int PCAP_NEXT_TIMEOUT = 0;
    /** libpcap's PCAP_ERROR: see pcap_geterr. */
    static final int PCAP_ERROR = -1;
    /** libpcap's PCAP_ERROR_BREAK: pcap_breakloop() was called (or, for a file, its end was reached). */
    static final int PCAP_ERROR_BREAK = -2;

    /** Null when the binding works; otherwise why not, for the log line of the fallback. */
    private static final String UNAVAILABLE_REASON = register();

    private NativePcap() {
    }

    private static String register() {
        if (!Platform.isLinux()) {
            // the pcap_pkthdr layout (struct timeval) is read by hand and checked on Linux only
            return "the direct read path is implemented for Linux only (os.name " + System.getProperty("os.name")
                    + ")";
        }
        if (Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
            return "the direct read path needs a 64-bit JVM (pointer size " + Native.POINTER_SIZE + ")";
        }
        try {
            // the same library and name pcap4j loads (org.pcap4j.core.NativeMappings), so the same pcap_t layout
            NativeLibrary lib = NativeLibrary.getInstance(libraryName());
            Native.register(NativePcap.class, lib);
            return null;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return "cannot bind libpcap directly: " + e;
        }
    }

    /** The library name pcap4j uses ({@code org.pcap4j.core.pcapLibName}, default {@code pcap}). */
    static String libraryName() {
        return System.getProperty("org.pcap4j.core.pcapLibName", "pcap");
    }

    /** Null when {@link #pcap_next_ex} and {@link #pcap_geterr} may be called; otherwise the reason. */
    static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /**
     * The {@code pcap_t*} pcap4j opened, read once from PcapHandle's private field {@code handle} (pcap4j 1.8 has
     * no accessor). Throws with the reason when pcap4j's internals are not what we expect.
     */
    static Pointer pcapT(PcapHandle h) throws ReflectiveOperationException {
        Field f = PcapHandle.class.getDeclaredField("handle");
        f.setAccessible(true);
        Object p = f.get(h);
        if (!(p instanceof Pointer)) {
            throw new NoSuchFieldException("PcapHandle.handle is " + (p == null ? "null" : p.getClass().getName())
                    + ", not a com.sun.jna.Pointer");
        }
        return (Pointer) p;
    }

    /**
     * {@code int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **pkt_header, const u_char **pkt_data)}: reads one
     * packet and stores the addresses of its header and its bytes at {@code headerOut} and {@code dataOut} (both
     * valid until the next call on {@code p}). Returns 1, {@link #PCAP_NEXT_TIMEOUT}, {@link #PCAP_ERROR} or
     * {@link #PCAP_ERROR_BREAK}.
     */
    static native int pcap_next_ex(long p, long headerOut, long dataOut);

    /** {@code char *pcap_geterr(pcap_t *p)}: libpcap's text for the last error on {@code p}. */
    static native String pcap_geterr(long p);

    /** {@code int pcap_snapshot(pcap_t *p)}: the snapshot length in effect (no frame is captured longer). */
    static native int pcap_snapshot(long p);

    /**
     * {@code int pcap_dispatch(pcap_t *p, int cnt, pcap_handler callback, u_char *user)} with a native callback
     * address: processes at most {@code cnt} packets that are ready (or waits for some), returns how many, 0 on a
     * read timeout, {@link #PCAP_ERROR} or {@link #PCAP_ERROR_BREAK}.
     */
    static native int pcap_dispatch(long p, int cnt, long callback, long user);

    /** {@code pcap_dumper_t *pcap_dump_fopen(pcap_t *p, FILE *fp)}: writes the file header; 0 on error. */
    static native long pcap_dump_fopen(long p, long fp);

    /** {@code int pcap_dump_flush(pcap_dumper_t *d)}: fflush of the dumper's stream; 0 or -1. */
    static native int pcap_dump_flush(long d);

    /** {@code long pcap_dump_ftell(pcap_dumper_t *d)}: the stream position, i.e. bytes written since the rewind. */
    static native long pcap_dump_ftell(long d);

    /** {@code void pcap_dump_close(pcap_dumper_t *d)}: flushes and fcloses the stream. */
    static native void pcap_dump_close(long d);

    /** Address of libpcap's {@code pcap_dump}, used as the native pcap_dispatch callback ({@link PcapBatchReader}). */
    static long pcapDumpAddress() {
        return Pointer.nativeValue(NativeLibrary.getInstance(libraryName()).getFunction("pcap_dump"));
    }

    /**
     * The C library's memory streams, for {@link PcapBatchReader}: bound on first use (its own class initializer),
     * so a C library without them only makes the batch path unavailable.
     */
    static final class Libc {
        static final int SEEK_SET = 0;
        private static final String UNAVAILABLE_REASON = registerLibc();

        private Libc() {
        }

        private static String registerLibc() {
            try {
                Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
                return null;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return "cannot bind the C library's fmemopen: " + e;
            }
        }

        static String unavailableReason() {
            return UNAVAILABLE_REASON;
        }

        /** {@code FILE *fmemopen(void *buf, size_t size, const char *mode)}; 0 on error. */
        static native long fmemopen(long buf, long size, String mode);

        /** {@code int fseek(FILE *stream, long offset, int whence)}. */
        static native int fseek(long stream, long offset, int whence);
    }
}

package org.voipwatch.capture.source;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.voipwatch.capture.ring.PacketEvent;

/**
 * Reads capture files with libpcap through pcap4j's raw API ({@code getNextRawPacketEx}), one file after the other
 * (not merged): the {@code --reader libpcap} alternative, kept to cross-check the pure-Java readers against an
 * independent decoder. It allocates per packet (pcap4j returns a new array and header each time), so it is not for
 * production volumes. The link type is asked from libpcap directly ({@code pcap_datalink}) so that nothing from
 * {@code org.pcap4j.packet} is touched. Owned by the capture thread; {@link #stop()} is thread-safe.
 */
public final class LibpcapFileSource implements PacketSource {
    private final List<Path> files;
    private final List<String> warnings = new ArrayList<>();
    private int fileIndex = -1;
    private PcapHandle handle;
    private int linkType;
    private long frameNumber;
    private long cutFrames;
    private volatile boolean stopped;

    /** Opens the first file at once so a missing or unreadable file fails here, with its name. */
    public LibpcapFileSource(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IOException("no capture file given");
        }
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                throw new IOException(f + ": no such file or not readable");
            }
        }
        this.files = List.copyOf(files);
        openNext();
        if (handle == null && !warnings.isEmpty()) {
            throw new IOException(warnings.get(0));
        }
    }

    private void openNext() {
        closeHandle();
        while (++fileIndex < files.size()) {
            Path f = files.get(fileIndex);
            try {
                linkType = datalinkOf(f);
                handle = Pcaps.openOffline(f.toString(), PcapHandle.TimestampPrecision.NANO);
                frameNumber = 0;
                return;
            } catch (IOException | PcapNativeException | RuntimeException e) {
                warnings.add(f + ": libpcap cannot open it: " + e.getMessage());
            }
        }
    }

    /** Asks libpcap itself for the file's link type, bypassing pcap4j's packet model. */
    static int datalinkOf(Path file) throws IOException {
        NativeLibrary lib = NativeLibrary.getInstance(System.getProperty("org.pcap4j.core.pcapLibName", "pcap"));
        Memory errbuf = new Memory(512);
        errbuf.setByte(0, (byte) 0);
        Pointer p = (Pointer) lib.getFunction("pcap_open_offline").invoke(Pointer.class,
                new Object[] {file.toString(), errbuf});
        if (p == null) {
            throw new IOException(file + ": " + errbuf.getString(0));
        }
        try {
            return lib.getFunction("pcap_datalink").invokeInt(new Object[] {p});
        } finally {
            lib.getFunction("pcap_close").invokeVoid(new Object[] {p});
        }
    }

    @Override
    public boolean nextInto(PacketEvent slot) {
        while (!stopped && handle != null) {
            try {
                byte[] frame = handle.getNextRawPacketEx();
                Timestamp ts = handle.getTimestamp();
                long ns = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                Integer orig = handle.getOriginalLength();
                if (frame.length > Math.max(slot.data.length, PacketEvent.MAX_FRAME_BYTES)) {
                    cutFrames++;
                }
                slot.setPacket(ns, linkType, frame, 0, frame.length, orig == null ? frame.length : orig,
                        fileIndex, ++frameNumber);
                return true;
            } catch (EOFException e) {
                openNext();
            } catch (TimeoutException e) {
                // Only live handles time out; an offline read never should. Give up on the file rather than spin.
                warnings.add(files.get(fileIndex) + ": libpcap timed out after " + frameNumber + " packets");
                openNext();
            } catch (PcapNativeException | NotOpenException | RuntimeException e) {
                warnings.add(files.get(fileIndex) + ": libpcap error after " + frameNumber + " packets: "
                        + e.getMessage());
                openNext();
            }
        }
        return false;
    }

    /** Frames whose captured length exceeded the slot and were cut to it. */
    public long cutFrames() {
        return cutFrames;
    }

    @Override
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    @Override
    public void stop() {
        stopped = true;
    }

    private void closeHandle() {
        if (handle != null) {
            handle.close();
            handle = null;
        }
    }

    @Override
    public void close() {
        closeHandle();
        fileIndex = files.size();
    }
}

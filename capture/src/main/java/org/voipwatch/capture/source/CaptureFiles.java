package org.voipwatch.capture.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Opens capture files as one {@link PacketSource} (several files are merged in packet-time order). The format is
 * detected from the magic bytes: classic pcap (µs, ns, modified; both byte orders), pcapng, and gzip of either.
 * Called once at start-up by the thread that will own the source.
 */
public final class CaptureFiles {
    private static final int GZIP_BUFFER_BYTES = 64 * 1024;

    private CaptureFiles() {
    }

    /**
     * Opens the files; throws IOException with a clear message for a missing file or an unknown format. The files'
     * indexes in the list become {@link org.voipwatch.capture.ring.PacketEvent#sourceIndex}.
     */
    public static PacketSource open(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IOException("no capture file given");
        }
        List<CaptureReader> readers = new ArrayList<>(files.size());
        List<String> names = new ArrayList<>(files.size());
        try {
            for (Path f : files) {
                readers.add(openReader(f));
                names.add(f.toString());
            }
        } catch (IOException | RuntimeException e) {
            for (CaptureReader r : readers) {
                r.close();
            }
            throw e;
        }
        return new MergingPacketSource(readers, names);
    }

    /**
     * Opens the files with libpcap through pcap4j (one after the other, not merged): an independent reader for
     * cross-checking the pure-Java one ({@code --reader libpcap}). gzip is not supported there.
     */
    public static PacketSource openWithLibpcap(List<Path> files) throws IOException {
        return new LibpcapFileSource(files);
    }

    /** Opens one file as a {@link CaptureReader} with a 1 MiB window. */
    public static CaptureReader openReader(Path file) throws IOException {
        return openReader(file, CaptureInput.DEFAULT_CAPACITY);
    }

    static CaptureReader openReader(Path file, int windowBytes) throws IOException {
        String name = file.toString();
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException(name + ": no such file", e);
        } catch (IOException e) {
            throw new IOException(name + ": cannot open: " + e, e);
        }
        CaptureInput in = null;
        try {
            ByteBuffer head = ByteBuffer.allocate(4);
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // positional reads leave the channel at 0 for the reader
            }
            boolean gzip = head.position() >= 2 && (head.get(0) & 0xff) == 0x1f && (head.get(1) & 0xff) == 0x8b;
            if (gzip) {
                InputStream gz = new GZIPInputStream(Channels.newInputStream(channel), GZIP_BUFFER_BYTES);
                in = new CaptureInput(null, gz, windowBytes);
            } else {
                in = new CaptureInput(channel, null, windowBytes);
            }
            if (!in.ensure(4)) {
                throw new IOException(name + ": too short for a capture file (" + in.available() + " bytes"
                        + (gzip ? " after gunzip" : "") + ")");
            }
            int magic = in.getInt(in.pos, false);
            if (isPcapMagic(magic) || isPcapMagic(Integer.reverseBytes(magic))) {
                return new PcapFileReader(name, in, magic, gzip);
            }
            if (magic == PcapngFileReader.BLOCK_SHB) {
                return new PcapngFileReader(name, in, gzip);
            }
            throw new IOException(name + ": unknown capture format (magic bytes " + hex(in.array(), in.pos, 4)
                    + describe(in.array(), in.pos) + ")" + (gzip ? " inside gzip" : ""));
        } catch (IOException e) {
            if (in != null) {
                in.close();
            }
            channel.close();
            throw e.getMessage() != null && e.getMessage().startsWith(name) ? e
                    : new IOException(name + ": " + e, e);
        }
    }

    private static boolean isPcapMagic(int m) {
        return m == PcapFileReader.MAGIC_MICROS || m == PcapFileReader.MAGIC_NANOS
                || m == PcapFileReader.MAGIC_MODIFIED;
    }

    private static String describe(byte[] b, int at) {
        if (b[at] == 'G' && b[at + 1] == 'M' && b[at + 2] == 'B' && b[at + 3] == 'U') {
            return ", a Microsoft Network Monitor 2.x capture: not supported, convert it with "
                    + "'editcap -F pcap IN OUT'";
        }
        if (b[at] == 'R' && b[at + 1] == 'T' && b[at + 2] == 'S' && b[at + 3] == 'S') {
            return ", a Microsoft Network Monitor 1.x capture: not supported";
        }
        if (b[at] == 'P' && b[at + 1] == 'K') {
            return ", a zip archive: unpack it first";
        }
        return "";
    }

    private static String hex(byte[] b, int at, int n) {
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit((b[at + i] >> 4) & 0xf, 16)).append(Character.forDigit(b[at + i] & 0xf, 16));
        }
        return sb.toString();
    }
}

package org.voipwatch.capture.source;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads pcapng files (draft-ietf-opsawg-pcapng) block by block: several sections, each with its own byte order;
 * Interface Description Blocks with their link type, {@code if_tsresol} (decimal or power-of-2) and
 * {@code if_tsoffset}; Enhanced, Simple and obsolete Packet Blocks. Other block types are skipped.
 *
 * <pre>
 * Every block: 0 type, 4 total length, body, total length again (all multiples of 4).
 * SHB  (0x0A0D0D0A): 8 byte-order magic 0x1A2B3C4D, 12 major, 14 minor, 16 section length, 24 options
 * IDB  (1):          8 linktype(16), 10 reserved, 12 snaplen, 16 options
 * EPB  (6):          8 interface id, 12 ts high, 16 ts low, 20 captured len, 24 original len, 28 data
 * PB   (2):          8 interface id(16), 10 drops(16), then as EPB from 12
 * SPB  (3):          8 original len, 12 data (interface 0, no timestamp)
 * </pre>
 * A Simple Packet Block has no timestamp; it gets the previous packet's time (0 before any) so that merging
 * several files stays in order. Nothing is allocated per record; interface tables grow only when an IDB arrives.
 * Owned by one thread.
 */
public final class PcapngFileReader extends CaptureFileReader {
    public static final int BLOCK_SHB = 0x0A0D0D0A;
    public static final int BLOCK_IDB = 1;
    public static final int BLOCK_PB = 2;
    public static final int BLOCK_SPB = 3;
    public static final int BLOCK_EPB = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    static final int TYPE_OFFSET = 0;
    static final int LENGTH_OFFSET = 4;
    static final int SHB_BOM_OFFSET = 8;
    static final int SHB_MAJOR_OFFSET = 12;
    static final int SHB_MIN_LENGTH = 28;
    static final int IDB_LINKTYPE_OFFSET = 8;
    static final int IDB_SNAPLEN_OFFSET = 12;
    static final int IDB_OPTIONS_OFFSET = 16;
    static final int IDB_MIN_LENGTH = 20;
    static final int EPB_INTERFACE_OFFSET = 8;
    static final int PB_INTERFACE_OFFSET = 8;
    static final int EPB_TS_HIGH_OFFSET = 12;
    static final int EPB_TS_LOW_OFFSET = 16;
    static final int EPB_CAPLEN_OFFSET = 20;
    static final int EPB_ORIGLEN_OFFSET = 24;
    static final int EPB_DATA_OFFSET = 28;
    static final int EPB_MIN_LENGTH = 32;
    static final int SPB_ORIGLEN_OFFSET = 8;
    static final int SPB_DATA_OFFSET = 12;
    static final int SPB_MIN_LENGTH = 16;
    static final int OPT_ENDOFOPT = 0;
    static final int OPT_IF_TSRESOL = 9;
    static final int OPT_IF_TSOFFSET = 14;
    /** More interfaces than this in one section is taken as corruption. */
    static final int MAX_INTERFACES = 65_536;

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private boolean bigEndian;

    private int interfaceCount;
    private int[] ifLinkType = new int[4];
    private int[] ifSnaplen = new int[4];
    /** Resolution exponent: units are 10^-exp s, or 2^-exp s when {@link #ifPow2}. */
    private int[] ifResolExp = new int[4];
    private boolean[] ifPow2 = new boolean[4];
    private long[] ifOffsetNs = new long[4];

    PcapngFileReader(String name, CaptureInput in, boolean gzip) throws IOException {
        super(name, in, gzip ? "pcapng+gzip" : "pcapng");
        if (!in.ensure(SHB_MIN_LENGTH)) {
            throw new IOException(name + ": pcapng section header truncated (" + in.available() + " bytes)");
        }
        int bom = in.getInt(in.pos + SHB_BOM_OFFSET, false);
        if (bom != BYTE_ORDER_MAGIC && bom != Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            throw new IOException(name + ": pcapng byte-order magic 0x" + Integer.toHexString(bom) + " is invalid");
        }
    }

    @Override
    public boolean next() {
        if (!stepPastRecord()) {
            return false;
        }
        // Each pass consumes a whole block (at least 12 bytes) or stops, so the loop ends with the input.
        while (true) {
            long blockStart = in.offset();
            if (!in.ensure(12)) {
                return endInBlockHeader(blockStart);
            }
            int p = in.pos;
            int type = in.getInt(p + TYPE_OFFSET, bigEndian);
            if (type == BLOCK_SHB) {
                int bom = in.getInt(p + SHB_BOM_OFFSET, false);
                if (bom == BYTE_ORDER_MAGIC) {
                    bigEndian = false;
                } else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
                    bigEndian = true;
                } else {
                    return badMagic(bom, blockStart);
                }
            }
            long blockLength = in.getUnsignedInt(p + LENGTH_OFFSET, bigEndian);
            if (blockLength < 12 || (blockLength & 3) != 0) {
                return badBlockLength(blockLength, type, blockStart);
            }
            if (type != BLOCK_IDB && type != BLOCK_EPB && type != BLOCK_SPB && type != BLOCK_PB) {
                if (type == BLOCK_SHB && !startSection(blockLength, blockStart)) {
                    return false;
                }
                // Contents not needed (statistics, name resolution, secrets, custom): stream past them.
                if (in.skip(blockLength) < blockLength) {
                    return truncatedSkip(type, blockLength, blockStart);
                }
                continue;
            }
            if (blockLength > in.capacity()) {
                return blockTooLong(blockLength, blockStart);
            }
            int len = (int) blockLength;
            if (!in.ensure(len)) {
                return truncatedBlock(type, len, blockStart);
            }
            p = in.pos;
            if (in.getInt(p + len - 4, bigEndian) != len) {
                return badTrailingLength(p, len, blockStart);
            }
            if (type == BLOCK_IDB) {
                if (!addInterface(p, len, blockStart)) {
                    return false;
                }
                in.pos = p + len;
                continue;
            }
            if (!readPacket(type, p, len, blockStart)) {
                return false;
            }
            recordEnd = p + len;
            recordCount++;
            return true;
        }
    }

    private boolean startSection(long blockLength, long blockStart) {
        if (blockLength < SHB_MIN_LENGTH) {
            return stop("bad section header length " + blockLength, blockStart);
        }
        if (!in.ensure(SHB_MIN_LENGTH)) {
            return stop("truncated section header block", blockStart);
        }
        int major = in.getUnsignedShort(in.pos + SHB_MAJOR_OFFSET, bigEndian);
        if (major != 1) {
            return stop("unsupported pcapng major version " + major, blockStart);
        }
        interfaceCount = 0; // interface ids are per section
        return true;
    }

    private boolean addInterface(int p, int len, long blockStart) {
        if (len < IDB_MIN_LENGTH) {
            return stop("bad interface description block length " + len, blockStart);
        }
        if (interfaceCount == MAX_INTERFACES) {
            return stop("more than " + MAX_INTERFACES + " interfaces in one section", blockStart);
        }
        if (interfaceCount == ifLinkType.length) {
            growInterfaces();
        }
        int i = interfaceCount;
        ifLinkType[i] = in.getUnsignedShort(p + IDB_LINKTYPE_OFFSET, bigEndian);
        ifSnaplen[i] = in.getInt(p + IDB_SNAPLEN_OFFSET, bigEndian);
        ifResolExp[i] = 6;
        ifPow2[i] = false;
        ifOffsetNs[i] = 0;
        int opt = p + IDB_OPTIONS_OFFSET;
        int end = p + len - 4;
        while (opt + 4 <= end) {
            int code = in.getUnsignedShort(opt, bigEndian);
            int optLen = in.getUnsignedShort(opt + 2, bigEndian);
            if (code == OPT_ENDOFOPT) {
                break;
            }
            if (opt + 4 + optLen > end) {
                return stop("interface option " + code + " length " + optLen + " overruns its block", blockStart);
            }
            if (code == OPT_IF_TSRESOL && optLen >= 1) {
                int v = in.array()[opt + 4] & 0xff;
                ifPow2[i] = (v & 0x80) != 0;
                ifResolExp[i] = v & 0x7f;
                if (ifPow2[i] ? ifResolExp[i] > 63 : ifResolExp[i] > 18) {
                    return stop("unsupported if_tsresol 0x" + Integer.toHexString(v), blockStart);
                }
            } else if (code == OPT_IF_TSOFFSET && optLen >= 8) {
                ifOffsetNs[i] = in.getLong(opt + 4, bigEndian) * 1_000_000_000L;
            }
            opt += 4 + ((optLen + 3) & ~3);
        }
        interfaceCount++;
        return true;
    }

    private void growInterfaces() {
        int n = ifLinkType.length * 2;
        ifLinkType = Arrays.copyOf(ifLinkType, n);
        ifSnaplen = Arrays.copyOf(ifSnaplen, n);
        ifResolExp = Arrays.copyOf(ifResolExp, n);
        ifPow2 = Arrays.copyOf(ifPow2, n);
        ifOffsetNs = Arrays.copyOf(ifOffsetNs, n);
    }

    private boolean readPacket(int type, int p, int len, long blockStart) {
        int iface;
        long caplen;
        long origlen;
        if (type == BLOCK_SPB) {
            if (len < SPB_MIN_LENGTH) {
                return badPacketBlockLength("simple packet", len, blockStart);
            }
            iface = 0;
            origlen = in.getUnsignedInt(p + SPB_ORIGLEN_OFFSET, bigEndian);
            caplen = Math.min(origlen, len - SPB_MIN_LENGTH);
            if (interfaceCount > 0 && ifSnaplen[0] > 0) {
                caplen = Math.min(caplen, ifSnaplen[0] & 0xffffffffL);
            }
            dataOffset = p + SPB_DATA_OFFSET;
        } else {
            if (len < EPB_MIN_LENGTH) {
                return badPacketBlockLength("packet", len, blockStart);
            }
            iface = type == BLOCK_EPB ? in.getInt(p + EPB_INTERFACE_OFFSET, bigEndian)
                    : in.getUnsignedShort(p + PB_INTERFACE_OFFSET, bigEndian);
            caplen = in.getUnsignedInt(p + EPB_CAPLEN_OFFSET, bigEndian);
            origlen = in.getUnsignedInt(p + EPB_ORIGLEN_OFFSET, bigEndian);
            if (caplen > len - EPB_MIN_LENGTH) {
                return caplenOverrun(caplen, len, blockStart);
            }
            dataOffset = p + EPB_DATA_OFFSET;
        }
        if (iface < 0 || iface >= interfaceCount) {
            return unknownInterface(iface, blockStart);
        }
        if (caplen > PcapFileReader.MAX_RECORD_BYTES) {
            return recordTooLong(caplen, blockStart);
        }
        if (type != BLOCK_SPB) {
            long units = in.getUnsignedInt(p + EPB_TS_HIGH_OFFSET, bigEndian) << 32
                    | in.getUnsignedInt(p + EPB_TS_LOW_OFFSET, bigEndian);
            timestampNs = toNanos(units, ifPow2[iface], ifResolExp[iface]) + ifOffsetNs[iface];
        }
        linkType = ifLinkType[iface];
        capturedLength = (int) caplen;
        originalLength = (int) Math.min(Integer.MAX_VALUE, origlen);
        return true;
    }

    /**
     * Converts a timestamp in interface units to nanoseconds: units are 2^-exp s when {@code pow2}, else 10^-exp s.
     * Seconds and fraction are split first so 64-bit unsigned unit counts never overflow the multiplication.
     */
    static long toNanos(long units, boolean pow2, int exp) {
        if (pow2) {
            if (exp == 0) {
                return units * 1_000_000_000L;
            }
            long seconds = units >>> exp;
            long frac = exp == 64 ? units : units & ((1L << exp) - 1);
            int fracBits = exp;
            if (fracBits > 33) {
                // Keep frac * 1e9 below 2^63; the dropped bits are worth less than a nanosecond.
                frac >>>= fracBits - 33;
                fracBits = 33;
            }
            return seconds * 1_000_000_000L + ((frac * 1_000_000_000L) >>> fracBits);
        }
        if (exp == 9) {
            return units;
        }
        long unitsPerSecond = POW10[exp];
        long seconds = Long.divideUnsigned(units, unitsPerSecond);
        long frac = Long.remainderUnsigned(units, unitsPerSecond);
        long fracNs = exp < 9 ? frac * POW10[9 - exp] : frac / POW10[exp - 9];
        return seconds * 1_000_000_000L + fracNs;
    }

    // Failure paths, out of line so that next() and readPacket() stay small for the JIT: C1 compiled the reader
    // to code several times slower while these String-building paths sat in its body (benchmarks/README.md).

    private boolean badMagic(int bom, long blockStart) {
        return stop("bad section byte-order magic 0x" + Integer.toHexString(bom), blockStart);
    }

    private boolean badBlockLength(long blockLength, int type, long blockStart) {
        return stop("bad block length " + blockLength + " (block type 0x" + Integer.toHexString(type) + ")",
                blockStart);
    }

    private boolean truncatedSkip(int type, long blockLength, long blockStart) {
        return stop("truncated block (type 0x" + Integer.toHexString(type) + ", length " + blockLength + ")",
                blockStart);
    }

    private boolean blockTooLong(long blockLength, long blockStart) {
        return stop("block length " + blockLength + " exceeds the " + in.capacity() + "-byte limit", blockStart);
    }

    private boolean truncatedBlock(int type, int len, long blockStart) {
        return stop("truncated block (type " + type + ", " + in.available() + " of " + len + " bytes present)",
                blockStart);
    }

    private boolean badTrailingLength(int p, int len, long blockStart) {
        return stop("block trailing length " + in.getUnsignedInt(p + len - 4, bigEndian)
                + " differs from leading length " + len, blockStart);
    }

    private boolean badPacketBlockLength(String kind, int len, long blockStart) {
        return stop("bad " + kind + " block length " + len, blockStart);
    }

    private boolean caplenOverrun(long caplen, int len, long blockStart) {
        return stop("captured length " + caplen + " overruns its block of " + len + " bytes", blockStart);
    }

    private boolean unknownInterface(int iface, long blockStart) {
        return stop("packet refers to interface " + (iface & 0xffffffffL) + " but the section has "
                + interfaceCount, blockStart);
    }

    private boolean recordTooLong(long caplen, long blockStart) {
        return stop("record captured length " + caplen + " exceeds the " + PcapFileReader.MAX_RECORD_BYTES
                + "-byte limit", blockStart);
    }

    private boolean endInBlockHeader(long blockStart) {
        return stop(in.available() == 0 ? null : "EOF in the middle of a block header", blockStart);
    }
}

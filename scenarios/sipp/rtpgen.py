import struct, sys
# rtpgen.py OUT FIRST COUNT SSRC [TSFIRST]: COUNT RTP packets (PCMA, 30 ms) numbered from FIRST, payloads taken in
# turn from sipp's g711a.pcap; sequence numbers run on (FIRST..FIRST+COUNT-1) so segments can follow each other.
# The RTP timestamp of packet n is 240 * (n + 1 + TSFIRST - FIRST): TSFIRST > FIRST makes the sampling clock run on
# over a pause in sending (RFC 3550 5.1), so a receiver's jitter estimate does not count the pause.
src, (out, first, count, ssrc) = "/usr/share/sip-tester/g711a.pcap", sys.argv[1:5]
first, count, ssrc = int(first), int(count), int(ssrc, 16)
tsoff = int(sys.argv[5]) - first if len(sys.argv) > 5 else 0
data = open(src, "rb").read()
assert struct.unpack("<I", data[:4])[0] == 0xa1b2c3d4, "little-endian microsecond pcap expected"
frames, off = [], 24
while off < len(data):
    _, _, incl, _ = struct.unpack("<IIII", data[off:off + 16])
    frames.append(data[off + 16:off + 16 + incl])
    off += 16 + incl
res = [data[:24]]
for i in range(count):
    n = first + i
    f = bytearray(frames[n % len(frames)])
    rtp = 14 + (f[14] & 0x0F) * 4 + 8
    f[rtp + 1] = (f[rtp + 1] & 0x7F) | (0x80 if i == 0 else 0)
    struct.pack_into("!HII", f, rtp + 2, n & 0xFFFF, (240 * (n + 1 + tsoff)) & 0xFFFFFFFF, ssrc)
    t = i * 30000
    res.append(struct.pack("<IIII", t // 1000000, t % 1000000, len(f), len(f)) + bytes(f))
open(out, "wb").write(b"".join(res))

package org.voipwatch.capture.source;

/**
 * 128 bytes of fields that keep a subclass's hot fields off the cache lines of objects allocated before it
 * (superclass fields are laid out first). The capture thread writes its reader's position and record fields on
 * every packet; when the heap put them on a cache line with something the analyzer thread writes per packet, the
 * line bounced between the two cores: {@code PcapFileReader.next} cost ~220 ns a packet instead of ~50
 * (async-profiler, benchmarks/README.md). The hot class then adds its own trailing pad fields (subclass fields
 * come after). The Disruptor pads its sequences the same way.
 */
@SuppressWarnings("unused")
abstract class CacheLinePadding {
    private long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
}

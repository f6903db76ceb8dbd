package org.voipwatch.capture.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.voipwatch.capture.ring.PacketEvent;

/** Test helper: a copy of one slot's content, and a drain of a whole source. */
record Rec(long timestampNs, int linkType, int capturedLength, int originalLength, int sourceIndex, long frameNumber,
           byte[] data) {

    static Rec of(PacketEvent e) {
        return new Rec(e.timestampNs, e.linkType, e.capturedLength, e.originalLength, e.sourceIndex, e.frameNumber,
                Arrays.copyOf(e.data, e.capturedLength));
    }

    /** Reads the source to its end (bounded by {@code max} records so a bug cannot hang the test). */
    static List<Rec> drain(PacketSource source, int max) {
        List<Rec> out = new ArrayList<>();
        PacketEvent slot = new PacketEvent();
        while (out.size() < max && source.nextInto(slot)) {
            out.add(of(slot));
        }
        return out;
    }
}

package org.voipwatch.analyzer.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A named role of the matrix (PBX, SBC, TURN server...) and the address blocks bound to it at this site. */
public final class Role {
    private final int index;
    private final String name;
    private final String description;
    private final List<AddressBlock> blocks = new ArrayList<>();
    private final List<String> hostPatterns = new ArrayList<>();

    Role(int index, String name, String description) {
        this.index = index;
        this.name = name;
        this.description = description;
    }

    public int index() {
        return index;
    }

    public long bit() {
        return 1L << index;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public List<AddressBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /** DNS host-name patterns such as "*.ucconnect.de" (resolved from observed DNS, see issue 3). */
    public List<String> hostPatterns() {
        return Collections.unmodifiableList(hostPatterns);
    }

    void addBlock(AddressBlock block) {
        blocks.add(block);
    }

    void addHostPattern(String pattern) {
        hostPatterns.add(pattern);
    }
}

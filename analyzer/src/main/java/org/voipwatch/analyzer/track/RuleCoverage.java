package org.voipwatch.analyzer.track;

/**
 * Per matrix rule: how many flows it carried, how many were answered or blocked, packets and bytes. Indexed
 * by rule index; the extra last row counts flows that matched no rule. Written by the analyzer thread.
 */
public final class RuleCoverage {
    public final long[] flows;
    public final long[] answered;
    public final long[] blocked;
    public final long[] packets;
    public final long[] bytes;
    private final int unmatchedRow;

    public RuleCoverage(int ruleCount) {
        int n = ruleCount + 1;
        flows = new long[n];
        answered = new long[n];
        blocked = new long[n];
        packets = new long[n];
        bytes = new long[n];
        unmatchedRow = ruleCount;
    }

    /** Row of a rule index, or of the "no rule" row for a negative index. */
    public int row(int ruleIndex) {
        return ruleIndex < 0 ? unmatchedRow : ruleIndex;
    }

    public int unmatchedRow() {
        return unmatchedRow;
    }
}

package org.loopedicl.experiment;

/** Whether a claim held on an evaluation, with the numbers that decided it. */
public record Verdict(String claim, boolean holds, String evidence) {
    @Override
    public String toString() {
        return (holds ? "holds     " : "DOES NOT HOLD ") + claim + ": " + evidence;
    }
}

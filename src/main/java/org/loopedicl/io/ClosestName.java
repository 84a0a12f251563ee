package org.loopedicl.io;

import java.util.Collection;

/** Suggests the valid name nearest to a misspelt one, for one-line error messages. */
public final class ClosestName {
    private static final int OVERLAP_BONUS = 1 << 16;

    private ClosestName() {}

    /**
     * "unknown {what} 'given'; did you mean 'closest'?" — closest by edit distance, names that
     * contain the given one (or are contained in it) first, since a shortened name is the
     * likelier slip ('orthogonal' for 'orthogonal_query' rather than 'orthant').
     */
    public static IllegalArgumentException unknown(String what, String given, Collection<String> valid) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            boolean overlaps = !given.isEmpty() && (candidate.contains(given) || given.contains(candidate));
            int d = editDistance(given, candidate) - (overlaps ? OVERLAP_BONUS : 0);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        String hint = best == null ? " (none are valid here)" : "; did you mean '" + best + "'?";
        return new IllegalArgumentException("unknown " + what + " '" + given + "'" + hint);
    }

    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}

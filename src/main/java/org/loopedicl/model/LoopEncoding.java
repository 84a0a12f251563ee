package org.loopedicl.model;

/**
 * Whether the looped model tells its block which iteration it is in (docs/DESIGN.md §5): none, as
 * the paper's model, or a learned embedding of the iteration t added to the backbone's input.
 */
public enum LoopEncoding {
    NONE("none"),
    /** u_t = inject(z_{t−1}, e) + loop_emb[min(t, n_loops_max) − 1]. */
    LEARNED("learned");

    private final String key;

    LoopEncoding(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static LoopEncoding parse(String s) {
        for (LoopEncoding f : values()) if (f.key.equals(s)) return f;
        throw new IllegalArgumentException("unknown loop_encoding '" + s + "', expected none or learned");
    }
}

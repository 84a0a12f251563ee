package org.loopedicl.model;

/** How the looped model injects the prompt embedding e into the loop state z. */
public enum LoopFunc {
    /** z_0 = 0, input z + e. */
    ADD("add"),
    /** z_0 = 1, input z ⊙ e. */
    MUL("mul");

    private final String key;

    LoopFunc(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static LoopFunc parse(String s) {
        for (LoopFunc f : values()) if (f.key.equals(s)) return f;
        throw new IllegalArgumentException("unknown loop_func '" + s + "', expected add or mul");
    }
}

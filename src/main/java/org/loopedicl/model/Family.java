package org.loopedicl.model;

/** The three model families of docs/DESIGN.md §5, named as in checkpoints' metadata. */
public enum Family {
    /** Reference gpt2: one pass through an n_layer backbone. */
    STANDARD("standard"),
    /** Reference gpt2_loop: z_t = backbone(z_{t−1} ∘ e), the input injected at every iteration. */
    LOOPED("looped"),
    /** Reference gpt2_tying: z_t = backbone(z_{t−1}) from z_0 = e, no injection (the ablation). */
    TIED("tied");

    private final String key;

    Family(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Family parse(String s) {
        for (Family f : values()) if (f.key.equals(s)) return f;
        throw new IllegalArgumentException("unknown family '" + s + "', expected standard, looped or tied");
    }
}

package org.loopedicl.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture of a model (docs/DESIGN.md §3–§5). Its metadata form, keys {@code family, n_dims,
 * n_positions, n_embd, n_layer, n_head, loop_func}, is stored in every weights file.
 */
public record ModelConfig(Family family, int nDims, int nPositions, int nEmbd, int nLayer, int nHead, LoopFunc loopFunc) {
    public static final String[] KEYS = {"family", "n_dims", "n_positions", "n_embd", "n_layer", "n_head", "loop_func"};

    public ModelConfig {
        if (family == null || loopFunc == null) throw new IllegalArgumentException("family and loop_func are required");
        positive("n_dims", nDims);
        positive("n_positions", nPositions);
        positive("n_embd", nEmbd);
        positive("n_layer", nLayer);
        positive("n_head", nHead);
        if (!headsDivide(nEmbd, nHead))
            throw new IllegalArgumentException("'n_embd' is " + nEmbd + ", expected a multiple of n_head (" + nHead + ")");
    }

    /** Whether the width splits evenly into heads: the rule every architecture obeys, from a config or a weights file. */
    public static boolean headsDivide(int nEmbd, int nHead) {
        return nHead >= 1 && nEmbd % nHead == 0;
    }

    private static void positive(String key, int v) {
        if (v < 1) throw new IllegalArgumentException(key + " must be >= 1, got " + v);
    }

    /** Rows of the position embedding: an x and a y token per point, plus one (the reference's size). */
    public int blockSize() {
        return 2 * nPositions + 1;
    }

    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("family", family.key());
        m.put("n_dims", Integer.toString(nDims));
        m.put("n_positions", Integer.toString(nPositions));
        m.put("n_embd", Integer.toString(nEmbd));
        m.put("n_layer", Integer.toString(nLayer));
        m.put("n_head", Integer.toString(nHead));
        m.put("loop_func", loopFunc.key());
        return m;
    }

    /** Reads the metadata form; a missing or malformed key throws IllegalArgumentException naming it. */
    public static ModelConfig fromMetadata(Map<String, String> m) {
        return new ModelConfig(
                Family.parse(require(m, "family")),
                intKey(m, "n_dims"), intKey(m, "n_positions"), intKey(m, "n_embd"),
                intKey(m, "n_layer"), intKey(m, "n_head"),
                LoopFunc.parse(m.getOrDefault("loop_func", "add")));
    }

    private static String require(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException("metadata lacks '" + key + "'");
        return v;
    }

    private static int intKey(Map<String, String> m, String key) {
        String v = require(m, key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata '" + key + "' is '" + v + "', expected an integer");
        }
    }
}

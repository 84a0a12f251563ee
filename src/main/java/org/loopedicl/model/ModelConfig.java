package org.loopedicl.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture of a model (docs/DESIGN.md §3–§5). Its metadata form, keys {@code family, n_dims,
 * n_positions, n_embd, n_layer, n_head, loop_func}, is stored in every weights file; a model with
 * a loop encoding adds {@code loop_encoding} and {@code n_loops_max}, so that a model without one
 * keeps the metadata it always had.
 *
 * @param nLoopsMax rows of the loop embedding (iteration t uses row min(t, n_loops_max) − 1); 0 without one
 */
public record ModelConfig(Family family, int nDims, int nPositions, int nEmbd, int nLayer, int nHead, LoopFunc loopFunc,
                          LoopEncoding loopEncoding, int nLoopsMax) {
    public static final String[] KEYS = {"family", "n_dims", "n_positions", "n_embd", "n_layer", "n_head", "loop_func"};

    /** A model without loop encoding, as every model before it. */
    public ModelConfig(Family family, int nDims, int nPositions, int nEmbd, int nLayer, int nHead, LoopFunc loopFunc) {
        this(family, nDims, nPositions, nEmbd, nLayer, nHead, loopFunc, LoopEncoding.NONE, 0);
    }

    public ModelConfig {
        if (family == null || loopFunc == null || loopEncoding == null)
            throw new IllegalArgumentException("family, loop_func and loop_encoding are required");
        if (loopEncoding == LoopEncoding.NONE && nLoopsMax != 0)
            throw new IllegalArgumentException("n_loops_max is " + nLoopsMax + ", expected 0 (absent) without a loop encoding");
        if (loopEncoding == LoopEncoding.LEARNED) {
            positive("n_loops_max", nLoopsMax);
            if (family != Family.LOOPED)
                throw new IllegalArgumentException("loop_encoding learned is for the looped family, not " + family.key());
        }
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
        if (loopEncoding != LoopEncoding.NONE) {
            m.put("loop_encoding", loopEncoding.key());
            m.put("n_loops_max", Integer.toString(nLoopsMax));
        }
        return m;
    }

    /**
     * Reads the metadata form; a missing or malformed key throws IllegalArgumentException naming it.
     * A missing loop_func reads as add, a missing loop_encoding as none.
     */
    public static ModelConfig fromMetadata(Map<String, String> m) {
        LoopEncoding enc = LoopEncoding.parse(m.getOrDefault("loop_encoding", "none"));
        return new ModelConfig(
                Family.parse(require(m, "family")),
                intKey(m, "n_dims"), intKey(m, "n_positions"), intKey(m, "n_embd"),
                intKey(m, "n_layer"), intKey(m, "n_head"),
                LoopFunc.parse(m.getOrDefault("loop_func", "add")),
                enc, enc == LoopEncoding.NONE ? 0 : intKey(m, "n_loops_max"));
    }

    /** Whether the backbone's input gets a learned embedding of the iteration. */
    public boolean encodesLoops() {
        return loopEncoding != LoopEncoding.NONE;
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

package org.loopedicl.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture of a model (SPEC §3–§5). Its metadata form, keys {@code family, n_dims,
 * n_positions, n_embd, n_layer, n_head, loop_func}, is stored in every weights file.
 */
public record ModelConfig(Family family, int nDims, int nPositions, int nEmbd, int nLayer, int nHead, LoopFunc loopFunc) {
    public static final String[] KEYS = {"family", "n_dims", "n_positions", "n_embd", "n_layer", "n_head", "loop_func"};

    /** Sizes that make no model: the key, its value and what was expected. */
    public static final class InvalidSize extends IllegalArgumentException {
        private final String key, expected;
        private final int value;

        InvalidSize(String key, int value, String expected) {
            super("'" + key + "' is " + value + ", expected " + expected);
            this.key = key;
            this.value = value;
            this.expected = expected;
        }

        public String key() {
            return key;
        }

        public int value() {
            return value;
        }

        public String expected() {
            return expected;
        }
    }

    /** The one check of an architecture's sizes, whether they come from a config or a weights file. */
    public ModelConfig {
        if (family == null || loopFunc == null) throw new IllegalArgumentException("family and loop_func are required");
        positive("n_dims", nDims);
        positive("n_positions", nPositions);
        positive("n_embd", nEmbd);
        positive("n_layer", nLayer);
        positive("n_head", nHead);
        if (nEmbd % nHead != 0) throw new InvalidSize("n_embd", nEmbd, "a multiple of n_head (" + nHead + ")");
    }

    private static void positive(String key, int v) {
        if (v < 1) throw new InvalidSize(key, v, ">= 1");
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

package org.loopedicl.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loopedicl.io.ClosestName;
import org.loopedicl.io.ConfigTree;
import org.loopedicl.io.InvalidInputException;

/**
 * A sweep file: {@code base}, a training config (relative to the sweep file, or absolute);
 * {@code set}, overrides for every cell; {@code grid}, key → list of values, whose cartesian
 * product is the cells; {@code eval}, how each cell is evaluated. Overrides are kept as --set
 * text, {@code key=value} with the value written as JSON, which the config loader reads back as
 * the same YAML value.
 */
public record SweepFile(Path file, Path base, List<String> set, Map<String, List<Object>> grid, EvalSettings eval) {
    static final List<String> KEYS = List.of("base", "set", "grid", "eval");
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final ObjectMapper JSON = new ObjectMapper();

    public static SweepFile load(Path file) {
        Map<String, Object> root;
        try {
            Object parsed = YAML.readValue(Files.readString(file), Object.class);
            if (!(parsed instanceof Map)) throw new InvalidInputException(file + ": expected a map with keys " + String.join(", ", KEYS));
            root = asMap(parsed);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": " + ConfigTree.syntaxError(e));
        } catch (IOException e) {
            throw InvalidInputException.io(file, "read", e);
        }
        for (String key : root.keySet())
            if (!KEYS.contains(key)) throw new InvalidInputException(file + ": " + ClosestName.unknown("key", key, KEYS).getMessage());
        if (!(root.get("base") instanceof String base))
            throw new InvalidInputException(file + ": 'base' is " + describe(root.get("base")) + ", expected the path of a training config");
        Path basePath = file.toAbsolutePath().getParent().resolve(base).normalize();
        if (!Files.isRegularFile(basePath)) throw new InvalidInputException(file + ": 'base': " + basePath + ": no such file");
        return new SweepFile(file, basePath, overrides(file, root.get("set")), grid(file, root.get("grid")),
                EvalSettings.of(file, root.get("eval")));
    }

    /** The sweep's name: the file's stem. */
    public String name() {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }

    /** {@code key=value} text for one override, as ConfigTree reads it. */
    static String assignment(String key, Object value) {
        try {
            return key + "=" + JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a YAML value that is not JSON", e);
        }
    }

    private static List<String> overrides(Path file, Object set) {
        if (set == null) return List.of();
        if (!(set instanceof Map)) throw new InvalidInputException(file + ": 'set' is " + describe(set) + ", expected a map of config keys to values");
        List<String> out = new ArrayList<>();
        flatten(asMap(set), "", out);
        return List.copyOf(out);
    }

    /** Nested maps become dotted keys, so that {@code training: {seed: 1}} changes the seed alone, not the whole section. */
    private static void flatten(Map<String, Object> node, String prefix, List<String> out) {
        node.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map && !asMap(v).isEmpty()) flatten(asMap(v), key, out);
            else out.add(assignment(key, v));
        });
    }

    private static Map<String, List<Object>> grid(Path file, Object grid) {
        if (grid == null || grid instanceof Map && asMap(grid).isEmpty())
            throw new InvalidInputException(file + ": 'grid' is empty; expected at least one config key with a list of values");
        if (!(grid instanceof Map)) throw new InvalidInputException(file + ": 'grid' is " + describe(grid) + ", expected a map of config keys to lists of values");
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : asMap(grid).entrySet()) {
            String at = file + ": 'grid." + e.getKey() + "'";
            if (!(e.getValue() instanceof List<?> values) || values.isEmpty())
                throw new InvalidInputException(at + " is " + describe(e.getValue()) + ", expected a non-empty list of values");
            for (Object v : values) {
                if (v == null || v instanceof Map || v instanceof List)
                    throw new InvalidInputException(at + ": value " + describe(v) + " is not a scalar (a number, word or boolean)");
                if (values.indexOf(v) != values.lastIndexOf(v)) throw new InvalidInputException(at + ": value " + v + " appears twice");
            }
            out.put(e.getKey(), List.copyOf(values));
        }
        return out;
    }

    private static String describe(Object v) {
        return v == null ? "missing" : v instanceof Map ? "a map" : v instanceof List ? "a list" : "'" + v + "'";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}

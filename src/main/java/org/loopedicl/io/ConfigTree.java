package org.loopedicl.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML configuration as a tree of maps, lists and scalars: {@code inherit:} resolved (bases
 * first, deep-merged, the including file wins) and {@code --set key=value} overrides applied.
 * The typed reads remember every key the program asked for, so that {@link #rejectUnknownKeys()}
 * can report a key nobody read — a typo would otherwise silently leave a default in force.
 * Every error is one line naming the file (or {@code --set}) that gave the offending value.
 */
public final class ConfigTree {

    private static final String SET = "--set";
    private static final String INHERIT = "inherit";
    private static final ObjectMapper READER = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // The builder, unlike new YAMLFactory(), would read an empty value ("training:") as "".
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build());
    private static final YAMLMapper WRITER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // Without this a string such as "5" is written bare and read back as a number.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private final Path file;
    private final Map<String, Object> root;
    /** Dotted path of each leaf (a non-map value or an empty map) → the file or --set that gave it. */
    private final Map<String, String> origins;
    private final Set<String> known = new LinkedHashSet<>();

    private ConfigTree(Path file, Map<String, Object> root, Map<String, String> origins) {
        this.file = file;
        this.root = root;
        this.origins = origins;
    }

    /** Reads {@code file} with everything it inherits, then applies each {@code key=value} of {@code sets} in order. */
    public static ConfigTree load(Path file, List<String> sets) {
        return load(file, Map.of(SET, sets));
    }

    /**
     * As {@link #load(Path, List)}, with the overrides in groups named by where they came from
     * (a sweep's {@code set} and {@code grid}), so that an error names the group, not --set.
     */
    public static ConfigTree load(Path file, Map<String, List<String>> setsByOrigin) {
        Map<String, String> origins = new LinkedHashMap<>();
        Map<String, Object> root = resolve(file, null, new LinkedHashMap<>(), origins);
        retainLeafOrigins(root, origins);
        ConfigTree tree = new ConfigTree(file, root, origins);
        setsByOrigin.forEach((origin, sets) -> sets.forEach(s -> tree.set(s, origin)));
        return tree;
    }

    /** The resolved tree as read, without defaults: a deep, unmodifiable copy. */
    public Map<String, Object> tree() {
        return unmodifiableMap(root);
    }

    /** Whether the configuration gives {@code key} a (non-null) value. */
    public boolean has(String key) {
        return lookup(key) != null;
    }

    public int integer(String key, int fallback) {
        long v = longInteger(key, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw mismatch(key, v, "a 32-bit integer");
        return (int) v;
    }

    public long longInteger(String key, long fallback) {
        Object v = read(key);
        if (v == null) return fallback;
        BigDecimal d = decimal(v);
        if (d == null) throw mismatch(key, v, "an integer");
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            throw mismatch(key, v, "an integer");
        }
    }

    public double number(String key, double fallback) {
        Object v = read(key);
        if (v == null) return fallback;
        BigDecimal d = decimal(v);
        if (d == null) throw mismatch(key, v, "a number");
        return d.doubleValue();
    }

    /** Any scalar, as text: {@code out_dir: 2024} is the directory "2024". */
    public String string(String key, String fallback) {
        Object v = read(key);
        if (v == null) return fallback;
        if (v instanceof Map || v instanceof List) throw mismatch(key, v, "a string");
        return v.toString();
    }

    public String choice(String key, String fallback, List<String> allowed) {
        String v = string(key, fallback);
        if (!allowed.contains(v)) throw mismatch(key, v, "one of " + String.join(", ", allowed));
        return v;
    }

    /**
     * A map whose keys the program does not know in advance (checked later by whoever uses it);
     * reading it marks all its subkeys as known. Absent gives an empty map.
     */
    public Map<String, Object> freeMap(String key) {
        Object v = read(key);
        if (v == null) return Map.of();
        if (!(v instanceof Map)) throw mismatch(key, v, "a map");
        return unmodifiableMap(asMap(v));
    }

    /** Throws for the first key in the tree that no read asked for, suggesting the nearest known key. */
    public void rejectUnknownKeys() {
        String unknown = firstUnknown(root, "");
        if (unknown == null) return;
        String nearest = nearest(unknown);
        throw new InvalidInputException(originOf(unknown) + ": unknown key '" + unknown + "'"
                + (nearest == null ? "" : " (did you mean '" + nearest + "'?)"));
    }

    /** "origin: 'key' problem", naming the file or --set that gave the key its value (else the top file). */
    public InvalidInputException error(String key, String problem) {
        return new InvalidInputException(originOf(key) + ": '" + key + "' " + problem);
    }

    /** Throws "origin: 'key' is V, expected ..." unless {@code ok}; says when V is a default, not a value from the file. */
    public void require(boolean ok, String key, Object value, String expected) {
        if (!ok) throw error(key, "is " + value + (has(key) ? "" : " (the default)") + ", expected " + expected);
    }

    /**
     * Whether {@code key} got its value after {@code other} did: by a later --set, or in a file
     * that inherits the one that set {@code other}. A key left at its default is set before any.
     */
    public boolean setLast(String key, String other) {
        List<String> order = new ArrayList<>(origins.keySet());
        return order.indexOf(key) > order.indexOf(other);
    }

    /** YAML text of a tree of maps, lists and scalars. */
    public static String toYaml(Map<String, ?> tree) {
        try {
            return WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a tree of maps, lists and scalars: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@code header} (comment lines, may be empty) and the tree, atomically. */
    public static void write(Map<String, ?> tree, String header, Path target) {
        byte[] bytes = (header + toYaml(tree)).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(target, out -> out.write(bytes));
    }

    // ---------------------------------------------------------------- reading files and inherit

    /** {@code chain}: the files being read, real path → name as written, to refuse a cycle. */
    private static Map<String, Object> resolve(Path file, Path includer, Map<Path, Path> chain, Map<String, String> origins) {
        Path real = realPath(file, includer);
        if (chain.containsKey(real)) {
            List<String> cycle = new ArrayList<>();
            chain.values().forEach(p -> cycle.add(p.toString()));
            cycle.add(file.toString());
            throw new InvalidInputException(includer + ": inherit cycle: " + String.join(" -> ", cycle));
        }
        chain.put(real, file);
        Map<String, Object> own = parseFile(file, includer);
        Object inherit = own.remove(INHERIT);
        Map<String, Object> merged = new LinkedHashMap<>();
        for (String base : inheritList(file, inherit)) {
            Path basePath = file.toAbsolutePath().getParent().resolve(base);
            merge(merged, resolve(relativeToCwd(basePath), file, chain, origins));
        }
        flatten(own, "", file.toString(), origins);
        merge(merged, own);
        chain.remove(real);
        return merged;
    }

    private static Path realPath(Path file, Path includer) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            throw unreadable(file, includer, e);
        }
    }

    private static Map<String, Object> parseFile(Path file, Path includer) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(file, includer, e);
        }
        Object tree;
        try {
            tree = parse(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": " + syntaxError(e));
        }
        if (tree == null) return new LinkedHashMap<>();
        if (!(tree instanceof Map)) throw new InvalidInputException(file + ": expected a map of keys at the top level");
        rejectDottedKeys(file, asMap(tree), "");
        return asMap(tree);
    }

    private static InvalidInputException unreadable(Path file, Path includer, IOException e) {
        InvalidInputException io = InvalidInputException.io(file, "read", e);
        return includer == null ? io : new InvalidInputException(includer + ": inherit: " + io.getMessage(), e);
    }

    /** A literal dotted key would pass the unknown-key check (its path reads like a known key), yet no read finds it. */
    private static void rejectDottedKeys(Path file, Map<String, Object> node, String prefix) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String path = join(prefix, e.getKey());
            if (e.getKey().contains("."))
                throw new InvalidInputException(file + ": key '" + path + "' contains '.'; nest it as a map instead");
            if (e.getValue() instanceof Map) rejectDottedKeys(file, asMap(e.getValue()), path);
        }
    }

    private static List<String> inheritList(Path file, Object inherit) {
        if (inherit == null) return List.of();
        if (inherit instanceof String s) return List.of(s);
        if (inherit instanceof List<?> list && list.stream().allMatch(x -> x instanceof String))
            return list.stream().map(x -> (String) x).toList();
        throw new InvalidInputException(file + ": 'inherit' is '" + inherit + "', expected a path or a list of paths");
    }

    /** Keeps the names in messages as short as the user wrote them. */
    private static Path relativeToCwd(Path absolute) {
        Path cwd = Path.of("").toAbsolutePath();
        Path p = absolute.normalize();
        return p.startsWith(cwd) ? cwd.relativize(p) : p;
    }

    /** YAML text → maps, lists and scalars; null for an empty document. */
    private static Object parse(String text) throws JsonProcessingException {
        JsonNode node = READER.readTree(text);
        return node == null || node.isMissingNode() ? null : READER.treeToValue(node, Object.class);
    }

    /** "YAML syntax error at line N: problem", one line for a parse failure. */
    public static String syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null)
            return "YAML syntax error at line " + (m.getProblemMark().getLine() + 1) + ": " + m.getProblem();
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return "YAML syntax error" + (line > 0 ? " at line " + line : "") + ": " + e.getOriginalMessage().lines().findFirst().orElse("");
    }

    /** Deep merge: maps merge key by key, anything else in {@code over} replaces; a null in {@code over} keeps the base. */
    private static void merge(Map<String, Object> base, Map<String, Object> over) {
        for (Map.Entry<String, Object> e : over.entrySet()) {
            Object b = base.get(e.getKey());
            Object o = e.getValue();
            if (b instanceof Map && o instanceof Map) {
                merge(asMap(b), asMap(o));
            } else if (o != null || !base.containsKey(e.getKey())) {
                base.put(e.getKey(), o instanceof Map ? deepCopy(asMap(o)) : o);
            }
        }
    }

    // ---------------------------------------------------------------- --set

    private void set(String assignment, String origin) {
        int eq = assignment.indexOf('=');
        if (eq < 0) throw new InvalidInputException(origin + ": '" + assignment + "' is not key=value");
        String key = assignment.substring(0, eq).trim();
        if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains(".."))
            throw new InvalidInputException(origin + ": '" + assignment + "' has no valid key before '=' (as in training.batch_size=8)");
        Object value;
        try {
            value = parse(assignment.substring(eq + 1));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(origin + ": value of '" + key + "': " + syntaxError(e));
        }
        String[] parts = key.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (child == null) {
                child = new LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            } else if (!(child instanceof Map)) {
                String at = String.join(".", List.of(parts).subList(0, i + 1));
                throw new InvalidInputException(origin + ": cannot set '" + key + "': '" + at + "' is '" + child + "', not a map");
            }
            node = asMap(child);
        }
        node.put(parts[parts.length - 1], value);
        origins.keySet().removeIf(p -> p.equals(key) || p.startsWith(key + "."));
        if (value instanceof Map && !asMap(value).isEmpty()) flatten(asMap(value), key, origin, origins);
        else origins.put(key, origin);
        retainLeafOrigins(root, origins);
    }

    // ---------------------------------------------------------------- typed reads

    private Object read(String key) {
        known.add(key);
        return lookup(key);
    }

    private Object lookup(String key) {
        Object node = root;
        String at = "";
        for (String part : key.split("\\.")) {
            if (node == null) return null;
            if (!(node instanceof Map)) throw mismatch(at, node, "a map");
            node = asMap(node).get(part);
            at = join(at, part);
        }
        return node;
    }

    private InvalidInputException mismatch(String key, Object value, String expected) {
        return error(key, "is '" + value + "', expected " + expected);
    }

    /** Numbers, and text that reads as one (quoted, or 1e-4 by a YAML 1.1 reader); null for anything else. */
    private static BigDecimal decimal(Object v) {
        try {
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)
                return BigDecimal.valueOf(((Number) v).longValue());
            if (v instanceof BigInteger b) return new BigDecimal(b);
            if (v instanceof BigDecimal b) return b;
            if (v instanceof Number n) return Double.isFinite(n.doubleValue()) ? new BigDecimal(n.toString()) : null;
            if (v instanceof String s) return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    // ---------------------------------------------------------------- unknown keys

    private String firstUnknown(Map<String, Object> node, String prefix) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String path = join(prefix, e.getKey());
            if (known.contains(path)) continue;
            if (!isPrefixOfKnown(path)) return path;
            if (e.getValue() instanceof Map) {
                String inner = firstUnknown(asMap(e.getValue()), path);
                if (inner != null) return inner;
            }
        }
        return null;
    }

    private boolean isPrefixOfKnown(String path) {
        for (String k : known) if (k.startsWith(path + ".")) return true;
        return false;
    }

    /**
     * The known key or section closest in edit distance, comparing whole paths and also last
     * segments (so a key put in the wrong section still finds its home); null when nothing is
     * plausibly meant.
     */
    private String nearest(String unknown) {
        Set<String> candidates = new LinkedHashSet<>();
        for (String k : known) {
            for (int dot = k.indexOf('.'); dot > 0; dot = k.indexOf('.', dot + 1)) candidates.add(k.substring(0, dot));
            candidates.add(k);
        }
        String last = lastSegment(unknown);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String k : candidates) {
            int score = Math.min(ClosestName.editDistance(unknown, k), ClosestName.editDistance(last, lastSegment(k)) + 1);
            if (score < bestScore) {
                best = k;
                bestScore = score;
            }
        }
        return bestScore <= Math.max(2, last.length() / 3) ? best : null;
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    // ---------------------------------------------------------------- origins

    private String originOf(String key) {
        String exact = origins.get(key);
        if (exact != null) return exact;
        for (Map.Entry<String, String> e : origins.entrySet())
            if (e.getKey().startsWith(key + ".") || key.startsWith(e.getKey() + ".")) return e.getValue();
        return file.toString();
    }

    private static void flatten(Map<String, Object> node, String prefix, String source, Map<String, String> origins) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String path = join(prefix, e.getKey());
            if (e.getValue() instanceof Map && !asMap(e.getValue()).isEmpty()) {
                flatten(asMap(e.getValue()), path, source, origins);
            } else if (e.getValue() != null || !origins.containsKey(path)) {
                origins.remove(path); // re-inserted last: the order of origins is the order values were set in
                origins.put(path, source);
            }
        }
    }

    /** Drops origins of values a later file or --set replaced by a value of another shape. */
    private static void retainLeafOrigins(Map<String, Object> tree, Map<String, String> origins) {
        Set<String> leaves = new HashSet<>();
        collectLeaves(tree, "", leaves);
        origins.keySet().retainAll(leaves);
    }

    private static void collectLeaves(Map<String, Object> node, String prefix, Set<String> leaves) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String path = join(prefix, e.getKey());
            if (e.getValue() instanceof Map && !asMap(e.getValue()).isEmpty()) collectLeaves(asMap(e.getValue()), path, leaves);
            else leaves.add(path);
        }
    }

    // ---------------------------------------------------------------- tree helpers

    private static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(k, v instanceof Map ? deepCopy(asMap(v)) : v instanceof List<?> l ? new ArrayList<>(l) : v));
        return copy;
    }

    private static Map<String, Object> unmodifiableMap(Map<String, Object> m) {
        Map<String, Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(k, v instanceof Map ? unmodifiableMap(asMap(v)) : v instanceof List<?> l ? Collections.unmodifiableList(new ArrayList<>(l)) : v));
        return Collections.unmodifiableMap(copy);
    }
}

package org.loopedicl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTreeTest {

    @TempDir
    Path dir;

    private Path file(String name, String yaml) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, yaml);
        return p;
    }

    private static String message(Runnable r) {
        String m = assertThrows(InvalidInputException.class, r::run).getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        return m;
    }

    // ------------------------------------------------------------ inherit

    @Test
    void inheritDeepMergesMapsAndReplacesEverythingElse() throws IOException {
        file("common/base.yaml", "a: {x: 1, y: 2}\nb: [1, 2]\nc: base\n");
        file("mid.yaml", "inherit: common/base.yaml\na: {y: 3}\nb: [9]\n");
        Path top = file("top.yaml", "inherit: mid.yaml\na: {z: 4}\n");
        Map<String, Object> tree = ConfigTree.load(top, List.of()).tree();
        assertEquals(Map.of("a", Map.of("x", 1, "y", 3, "z", 4), "b", List.of(9), "c", "base"), tree);
        assertFalse(tree.containsKey("inherit"));
    }

    @Test
    void inheritPathsAreRelativeToTheIncludingFile() throws IOException {
        file("a/base.yaml", "k: base\n");
        file("a/b/mid.yaml", "inherit: ../base.yaml\nm: mid\n");
        Path top = file("c/top.yaml", "inherit: ../a/b/mid.yaml\n");
        assertEquals(Map.of("k", "base", "m", "mid"), ConfigTree.load(top, List.of()).tree());
    }

    @Test
    void laterBasesInAnInheritListWin() throws IOException {
        file("a.yaml", "k: 1\nm: 1\n");
        file("b.yaml", "k: 2\n");
        Path top = file("top.yaml", "inherit: [a.yaml, b.yaml]\nn: 3\n");
        assertEquals(Map.of("k", 2, "m", 1, "n", 3), ConfigTree.load(top, List.of()).tree());
    }

    @Test
    void anEmptySectionKeepsTheBase() throws IOException {
        file("base.yaml", "training: {batch_size: 8}\n");
        Path top = file("top.yaml", "inherit: base.yaml\ntraining:\n");
        assertEquals(8, ConfigTree.load(top, List.of()).integer("training.batch_size", 64));
    }

    @Test
    void inheritCycleIsRefused() throws IOException {
        Path a = file("a.yaml", "inherit: b.yaml\n");
        file("b.yaml", "inherit: a.yaml\n");
        String m = message(() -> ConfigTree.load(a, List.of()));
        assertTrue(m.contains("inherit cycle: "), m);
        assertTrue(m.matches(".*a\\.yaml -> .*b\\.yaml -> .*a\\.yaml"), m);
    }

    @Test
    void selfInheritIsACycle() throws IOException {
        Path a = file("a.yaml", "inherit: a.yaml\n");
        assertTrue(message(() -> ConfigTree.load(a, List.of())).contains("inherit cycle"));
    }

    @Test
    void diamondInheritanceIsNoCycle() throws IOException {
        file("root.yaml", "r: 1\n");
        file("l.yaml", "inherit: root.yaml\nl: 1\n");
        file("r.yaml", "inherit: root.yaml\nq: 1\n");
        Path top = file("top.yaml", "inherit: [l.yaml, r.yaml]\n");
        assertEquals(Map.of("r", 1, "l", 1, "q", 1), ConfigTree.load(top, List.of()).tree());
    }

    @Test
    void inheritMustNamePaths() throws IOException {
        Path top = file("top.yaml", "inherit: 5\n");
        assertEquals(top + ": 'inherit' is '5', expected a path or a list of paths", message(() -> ConfigTree.load(top, List.of())));
    }

    // ------------------------------------------------------------ files that cannot be read

    @Test
    void missingFileIsOneLine() {
        Path missing = dir.resolve("nope.yaml");
        assertEquals(missing + ": cannot read: no such file or directory", message(() -> ConfigTree.load(missing, List.of())));
    }

    @Test
    void missingBaseNamesTheIncludingFile() throws IOException {
        Path top = file("top.yaml", "inherit: gone.yaml\n");
        String m = message(() -> ConfigTree.load(top, List.of()));
        assertTrue(m.startsWith(top + ": inherit: "), m);
        assertTrue(m.endsWith("gone.yaml: cannot read: no such file or directory"), m);
    }

    @Test
    void syntaxErrorGivesTheLine() throws IOException {
        Path f = file("bad.yaml", "model:\n  n_dims: 20\n  n_embd: [1, 2\ntraining: {}\n");
        String m = message(() -> ConfigTree.load(f, List.of()));
        assertTrue(m.startsWith(f + ": YAML syntax error at line "), m);
        Path g = file("bad2.yaml", "a: 1\n  b: 2\n");
        assertEquals(g + ": YAML syntax error at line 2: mapping values are not allowed here", message(() -> ConfigTree.load(g, List.of())));
    }

    @Test
    void duplicateKeyIsRefused() throws IOException {
        Path f = file("dup.yaml", "a: 1\nb: 2\na: 3\n");
        String m = message(() -> ConfigTree.load(f, List.of()));
        assertTrue(m.startsWith(f + ": YAML syntax error at line 3: Duplicate field 'a'"), m);
    }

    @Test
    void dottedKeysInFilesAreRefused() throws IOException {
        Path f = file("dot.yaml", "training.batch_size: 8\n");
        assertEquals(f + ": key 'training.batch_size' contains '.'; nest it as a map instead",
                message(() -> ConfigTree.load(f, List.of())));
    }

    @Test
    void topLevelMustBeAMap() throws IOException {
        Path f = file("list.yaml", "- a\n- b\n");
        assertEquals(f + ": expected a map of keys at the top level", message(() -> ConfigTree.load(f, List.of())));
    }

    @Test
    void emptyFileIsAnEmptyTree() throws IOException {
        Path f = file("empty.yaml", "# nothing\n");
        ConfigTree t = ConfigTree.load(f, List.of());
        assertEquals(Map.of(), t.tree());
        assertEquals(7, t.integer("a.b", 7));
        t.rejectUnknownKeys();
    }

    // ------------------------------------------------------------ --set

    @Test
    @SuppressWarnings("unchecked")
    void setParsesValuesAsYaml() throws IOException {
        Path f = file("c.yaml", "training: {lr: 1}\n");
        ConfigTree t = ConfigTree.load(f, List.of(
                "training.lr=3e-4", "training.n=12", "training.flag=true", "training.name=abc",
                "training.list=[1,2]", "training.kw={a: 1, b: x}", "training.quoted='5'"));
        assertEquals(3e-4, t.number("training.lr", 0));
        assertEquals(12, t.integer("training.n", 0));
        Map<String, Object> training = (Map<String, Object>) t.tree().get("training");
        assertEquals(true, training.get("flag"));
        assertEquals("abc", training.get("name"));
        assertEquals(List.of(1, 2), training.get("list"));
        assertEquals(Map.of("a", 1, "b", "x"), training.get("kw"));
        assertEquals("5", training.get("quoted"));
    }

    @Test
    void setOverridesFilesAndTheLastSetWins() throws IOException {
        file("base.yaml", "a: {b: 1, c: 1}\n");
        Path top = file("top.yaml", "inherit: base.yaml\na: {b: 2}\n");
        ConfigTree t = ConfigTree.load(top, List.of("a.b=3", "a.b=4"));
        assertEquals(4, t.integer("a.b", 0));
        assertEquals(1, t.integer("a.c", 0));
    }

    @Test
    void setCreatesMissingSections() throws IOException {
        Path f = file("c.yaml", "");
        assertEquals(8, ConfigTree.load(f, List.of("training.batch_size=8")).integer("training.batch_size", 64));
    }

    @Test
    void setWithAnEmptyValueRestoresTheDefault() throws IOException {
        Path f = file("c.yaml", "a: 5\nb: ''\n");
        ConfigTree t = ConfigTree.load(f, List.of("a="));
        assertEquals("", t.string("b", "fallback"));
        assertEquals(7, t.integer("a", 7));
        t.rejectUnknownKeys();
    }

    @Test
    void setInsideAScalarIsRefused() throws IOException {
        Path f = file("c.yaml", "model: {n_dims: 20}\n");
        assertEquals("--set: cannot set 'model.n_dims.x': 'model.n_dims' is '20', not a map",
                message(() -> ConfigTree.load(f, List.of("model.n_dims.x=1"))));
    }

    @Test
    void malformedSetIsRefused() throws IOException {
        Path f = file("c.yaml", "");
        assertEquals("--set: 'training.lr' is not key=value", message(() -> ConfigTree.load(f, List.of("training.lr"))));
        assertTrue(message(() -> ConfigTree.load(f, List.of("=3"))).equals("--set: '=3' has no valid key before '=' (as in training.batch_size=8)"));
        assertTrue(message(() -> ConfigTree.load(f, List.of("a..b=3"))).startsWith("--set: 'a..b=3'"));
        assertTrue(message(() -> ConfigTree.load(f, List.of("a=[1,"))).startsWith("--set: value of 'a': YAML syntax error"));
    }

    // ------------------------------------------------------------ unknown keys

    @Test
    void unknownKeySuggestsTheNearestKnownKey() throws IOException {
        Path f = file("conf.yaml", "training:\n  lerning_rate: 0.001\n");
        ConfigTree t = ConfigTree.load(f, List.of());
        t.number("training.learning_rate", 1e-4);
        t.integer("training.batch_size", 64);
        assertEquals(f + ": unknown key 'training.lerning_rate' (did you mean 'training.learning_rate'?)", message(t::rejectUnknownKeys));
    }

    @Test
    void unknownKeyInABaseNamesTheBase() throws IOException {
        Path base = file("base.yaml", "model: {n_dim: 20}\n");
        Path top = file("top.yaml", "inherit: base.yaml\nmodel: {n_embd: 64}\n");
        ConfigTree t = ConfigTree.load(top, List.of());
        t.integer("model.n_dims", 20);
        t.integer("model.n_embd", 256);
        assertEquals(base + ": unknown key 'model.n_dim' (did you mean 'model.n_dims'?)", message(t::rejectUnknownKeys));
    }

    @Test
    void aKeyInTheWrongSectionFindsItsHome() throws IOException {
        Path f = file("conf.yaml", "learning_rate: 0.001\n");
        ConfigTree t = ConfigTree.load(f, List.of());
        t.number("training.learning_rate", 1e-4);
        t.string("out_dir", "runs");
        assertEquals(f + ": unknown key 'learning_rate' (did you mean 'training.learning_rate'?)", message(t::rejectUnknownKeys));
    }

    @Test
    void anUnrelatedKeyGetsNoSuggestion() throws IOException {
        Path f = file("conf.yaml", "zzz: 1\n");
        ConfigTree t = ConfigTree.load(f, List.of());
        t.integer("training.seed", 0);
        assertEquals(f + ": unknown key 'zzz'", message(t::rejectUnknownKeys));
    }

    @Test
    void anUnknownSectionIsReportedWhole() throws IOException {
        Path f = file("conf.yaml", "trainig: {batch_size: 8, seed: 1}\n");
        ConfigTree t = ConfigTree.load(f, List.of());
        t.integer("training.batch_size", 64);
        t.integer("training.seed", 0);
        assertEquals(f + ": unknown key 'trainig' (did you mean 'training'?)", message(t::rejectUnknownKeys));
    }

    @Test
    void unknownSetKeyNamesSet() throws IOException {
        Path f = file("conf.yaml", "training: {learning_rate: 0.001}\n");
        ConfigTree t = ConfigTree.load(f, List.of("training.lerning_rate=3e-4"));
        t.number("training.learning_rate", 1e-4);
        assertEquals("--set: unknown key 'training.lerning_rate' (did you mean 'training.learning_rate'?)", message(t::rejectUnknownKeys));
    }

    @Test
    void freeFormMapSubkeysAreKnown() throws IOException {
        Path f = file("conf.yaml", "training: {task_kwargs: {sparsity: 3, noise_std: 0.1}}\n");
        ConfigTree t = ConfigTree.load(f, List.of("training.task_kwargs.scale=2.0"));
        assertEquals(Map.of("sparsity", 3, "noise_std", 0.1, "scale", 2.0), t.freeMap("training.task_kwargs"));
        t.rejectUnknownKeys();
        assertEquals(Map.of(), ConfigTree.load(file("e.yaml", ""), List.of()).freeMap("training.task_kwargs"));
    }

    // ------------------------------------------------------------ types

    @Test
    void wrongTypesNameFileKeyAndExpectation() throws IOException {
        Path f = file("conf.yaml", "training: {batch_size: abc, steps: 1.5, lr: [1], task: 5, kw: 3}\n");
        ConfigTree t = ConfigTree.load(f, List.of());
        assertEquals(f + ": 'training.batch_size' is 'abc', expected an integer", message(() -> t.integer("training.batch_size", 64)));
        assertEquals(f + ": 'training.steps' is '1.5', expected an integer", message(() -> t.integer("training.steps", 1)));
        assertEquals(f + ": 'training.lr' is '[1]', expected a number", message(() -> t.number("training.lr", 1)));
        assertEquals(f + ": 'training.task' is '5', expected one of a, b", message(() -> t.choice("training.task", "a", List.of("a", "b"))));
        assertEquals(f + ": 'training.kw' is '3', expected a map", message(() -> t.freeMap("training.kw")));
        assertEquals(f + ": 'training.batch_size' is 'abc', expected a map", message(() -> t.integer("training.batch_size.x", 0)));
    }

    @Test
    void wrongTypeFromSetNamesSet() throws IOException {
        Path f = file("conf.yaml", "training: {batch_size: 8}\n");
        ConfigTree t = ConfigTree.load(f, List.of("training.batch_size=abc"));
        assertEquals("--set: 'training.batch_size' is 'abc', expected an integer", message(() -> t.integer("training.batch_size", 64)));
    }

    @Test
    void numbersAreReadLeniently() throws IOException {
        Path f = file("conf.yaml", "a: 5e5\nb: '1e-4'\nc: 3\nd: 3000000000\n");
        ConfigTree t = ConfigTree.load(f, List.of());
        assertEquals(500_000, t.integer("a", 0));
        assertEquals(1e-4, t.number("b", 0));
        assertEquals(3.0, t.number("c", 0));
        assertEquals(3_000_000_000L, t.longInteger("d", 0));
        assertEquals(f + ": 'd' is '3000000000', expected a 32-bit integer", message(() -> t.integer("d", 0)));
    }

    @Test
    void requireSaysWhenTheValueIsADefault() throws IOException {
        Path f = file("conf.yaml", "a: 0\n");
        ConfigTree t = ConfigTree.load(f, List.of());
        assertEquals(f + ": 'a' is 0, expected >= 1", message(() -> t.require(false, "a", 0, ">= 1")));
        assertEquals(f + ": 'b' is 41 (the default), expected <= 31", message(() -> t.require(false, "b", 41, "<= 31")));
        t.require(true, "a", 0, ">= 1");
    }

    // ------------------------------------------------------------ writing

    @Test
    void writtenTreeReadsBackEqual() throws IOException {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("model", Map.of("family", "looped", "n_dims", 20));
        tree.put("training", Map.of("learning_rate", 1e-4, "kw", Map.of("name", "5", "flag", "yes", "list", List.of(1, 2.5)), "empty", Map.of()));
        tree.put("out_dir", "runs/x y");
        Path out = dir.resolve("resolved.yaml");
        ConfigTree.write(tree, "# header\n", out);
        assertTrue(Files.readString(out).startsWith("# header\n"));
        assertEquals(tree, ConfigTree.load(out, List.of()).tree());
    }

    @Test
    void editDistanceCountsEdits() {
        assertEquals(0, ClosestName.editDistance("abc", "abc"));
        assertEquals(1, ClosestName.editDistance("lerning_rate", "learning_rate"));
        assertEquals(3, ClosestName.editDistance("kitten", "sitting"));
        assertEquals(4, ClosestName.editDistance("", "seed"));
    }
}

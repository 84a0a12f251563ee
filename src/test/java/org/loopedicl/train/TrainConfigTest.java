package org.loopedicl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopEncoding;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.train.CurriculumConfig.Schedule;
import org.loopedicl.train.TrainingConfig.LrSchedule;
import org.loopedicl.train.TrainingConfig.Optimizer;

class TrainConfigTest {

    @TempDir
    Path dir;

    private Path file(String name, String yaml) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, yaml);
        return p;
    }

    private TrainConfig load(String yaml, String... sets) throws IOException {
        return TrainConfig.load(file("conf.yaml", yaml), List.of(sets));
    }

    private String error(String yaml, String... sets) throws IOException {
        Path f = file("conf.yaml", yaml);
        String m = assertThrows(InvalidInputException.class, () -> TrainConfig.load(f, List.of(sets))).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }

    private String conf() {
        return dir.resolve("conf.yaml").toString();
    }

    @Test
    void defaultsAreThePapersLoopedLinearRegression() throws IOException {
        TrainConfig c = load("");
        assertEquals(new ModelConfig(Family.LOOPED, 20, 101, 256, 1, 8, LoopFunc.ADD), c.model());
        TrainingConfig t = c.training();
        assertEquals("linear_regression", t.task());
        assertEquals(Map.of(), t.taskKwargs());
        assertEquals(64, t.batchSize());
        assertEquals(1e-4, t.learningRate());
        assertEquals(500_000, t.trainSteps());
        assertEquals(0, t.seed());
        assertEquals(Optimizer.ADAM, t.optimizer());
        assertEquals(0.0, t.weightDecay());
        assertEquals(LrSchedule.CONSTANT, t.lrSchedule());
        assertEquals(0, t.warmupSteps());
        assertEquals(0.0, t.gradClip());
        assertEquals(15, t.loopWindow());
        assertEquals(0, t.datasetSize());
        assertEquals(1000, t.saveEverySteps());
        assertEquals(100_000, t.keepEverySteps());
        assertEquals(100, t.logEverySteps());
        assertEquals(0, t.evalEverySteps());
        assertEquals(new CurriculumConfig(new Schedule(5, 20, 1, 5000), new Schedule(11, 41, 2, 5000), new Schedule(15, 20, 2, 500)),
                t.curriculum());
        assertEquals(Path.of("runs/conf"), c.outDir());
    }

    @Test
    void standardFamilyDefaultsToTwelveLayers() throws IOException {
        assertEquals(12, load("model: {family: standard}\n").model().nLayer());
        assertEquals(1, load("model: {family: tied}\n").model().nLayer());
    }

    @Test
    void derivedDefaultsFollowTheKeysTheyDependOn() throws IOException {
        TrainConfig c = load("model: {n_dims: 10}\ntraining: {loop_window: 10}\n");
        assertEquals(10, c.training().curriculum().dims().end());
        assertEquals(10, c.training().curriculum().loops().start());
    }

    @Test
    void everyKeyIsBound() throws IOException {
        TrainConfig c = load("""
                model: {family: standard, n_dims: 8, n_positions: 33, n_embd: 48, n_layer: 3, n_head: 6, loop_func: add}
                training:
                  task: sparse_linear_regression
                  task_kwargs: {sparsity: 2, scale: 1.5}
                  batch_size: 32
                  learning_rate: 3e-4
                  train_steps: 1234
                  seed: 7
                  optimizer: adamw
                  weight_decay: 0.01
                  lr_schedule: cosine
                  warmup_steps: 10
                  grad_clip: 1.0
                  loop_window: 3
                  loop_spread: 4
                  dataset_size: 1000
                  save_every_steps: 11
                  keep_every_steps: 0
                  log_every_steps: 5
                  eval_every_steps: 50
                  init_from: runs/base/model.safetensors
                  curriculum:
                    dims: {start: 2, end: 8, inc: 2, interval: 10}
                    points: {start: 3, end: 33, inc: 3, interval: 20}
                    loops: {start: 3, end: 9, inc: 1, interval: 30}
                out_dir: somewhere/else
                """);
        assertEquals(new ModelConfig(Family.STANDARD, 8, 33, 48, 3, 6, LoopFunc.ADD), c.model());
        assertEquals(new TrainingConfig("sparse_linear_regression", Map.of("sparsity", 2, "scale", 1.5), 32, 3e-4, 1234, 7,
                Optimizer.ADAMW, 0.01, LrSchedule.COSINE, 10, 1.0, 3, 4, 1000, 11, 0, 5, 50, "runs/base/model.safetensors",
                new CurriculumConfig(new Schedule(2, 8, 2, 10), new Schedule(3, 33, 3, 20), new Schedule(3, 9, 1, 30))),
                c.training());
        assertEquals(Path.of("somewhere/else"), c.outDir());
    }

    @Test
    void setOverridesTheFile() throws IOException {
        TrainConfig c = load("training: {learning_rate: 0.001}\n",
                "training.learning_rate=3e-4", "model.family=standard", "training.task_kwargs={sparsity: 3}");
        assertEquals(3e-4, c.training().learningRate());
        assertEquals(Family.STANDARD, c.model().family());
        assertEquals(Map.of("sparsity", 3), c.training().taskKwargs());
    }

    // ------------------------------------------------------------ errors

    @Test
    void unknownKeysAreReportedWithASuggestion() throws IOException {
        assertEquals(conf() + ": unknown key 'training.lerning_rate' (did you mean 'training.learning_rate'?)",
                error("training: {lerning_rate: 0.001}\n"));
        assertEquals("--set: unknown key 'model.n_emb' (did you mean 'model.n_embd'?)", error("", "model.n_emb=64"));
    }

    @Test
    void anUnknownKeyIsReportedBeforeTheChecksItsDefaultFails() throws IOException {
        assertEquals(conf() + ": unknown key 'model.n_position' (did you mean 'model.n_positions'?)",
                error("model: {n_position: 21}\ntraining: {curriculum: {points: {end: 21}}}\n"));
    }

    @Test
    void wrongTypesAndChoices() throws IOException {
        assertEquals(conf() + ": 'training.batch_size' is 'abc', expected an integer", error("training: {batch_size: abc}\n"));
        assertEquals(conf() + ": 'model.family' is 'gpt2', expected one of standard, looped, tied", error("model: {family: gpt2}\n"));
        assertEquals(conf() + ": 'training.task' is 'linear', expected one of linear_regression, noisy_linear_regression, "
                + "sparse_linear_regression, relu2nn, decision_tree, quadratic_regression, linear_classification",
                error("training: {task: linear}\n"));
        assertEquals("--set: 'training.optimizer' is 'sgd', expected one of adam, adamw", error("", "training.optimizer=sgd"));
    }

    @Test
    void outOfRangeValuesNameTheKey() throws IOException {
        assertEquals(conf() + ": 'training.batch_size' is 0, expected >= 1", error("training: {batch_size: 0}\n"));
        assertEquals(conf() + ": 'training.learning_rate' is -1.0, expected > 0", error("training: {learning_rate: -1}\n"));
        assertEquals(conf() + ": 'training.loop_window' is 0, expected >= 1",
                error("training: {loop_window: 0, curriculum: {loops: {start: 1}}}\n"));
        assertEquals(conf() + ": 'training.keep_every_steps' is -1, expected >= 0 (0 = none)", error("training: {keep_every_steps: -1}\n"));
        assertEquals(conf() + ": 'model.n_head' is 0, expected >= 1", error("model: {n_head: 0}\n"));
        assertEquals(conf() + ": 'model.n_embd' is 100, expected a multiple of model.n_head (8)", error("model: {n_embd: 100}\n"));
        assertEquals(conf() + ": 'model.loop_func' is mul, expected add: only the looped family injects the input",
                error("model: {family: standard, loop_func: mul}\n"));
    }

    @Test
    void curriculumChecks() throws IOException {
        assertEquals(conf() + ": 'training.curriculum.points.end' is 9, expected >= training.curriculum.points.start (11)",
                error("training: {curriculum: {points: {end: 9}}}\n"));
        assertEquals(conf() + ": 'training.curriculum.loops.interval' is 0, expected >= 1",
                error("training: {curriculum: {loops: {interval: 0}}}\n"));
        assertEquals(conf() + ": 'training.curriculum.dims.inc' is -1, expected >= 0",
                error("training: {curriculum: {dims: {inc: -1}}}\n"));
        assertEquals(conf() + ": 'training.curriculum.points.end' is 41 (the default), expected <= model.n_positions (31)",
                error("model: {n_positions: 31}\n"));
        assertEquals(conf() + ": 'training.curriculum.dims.end' is 25, expected <= model.n_dims (20)",
                error("training: {curriculum: {dims: {end: 25}}}\n"));
        assertEquals(conf() + ": 'training.curriculum.loops.end' is 20 (the default), expected >= training.curriculum.loops.start (25)",
                error("training: {loop_window: 25}\n"));
    }

    @Test
    void aValidationErrorNamesTheFileThatGaveTheValue() throws IOException {
        Path base = file("base.yaml", "training: {batch_size: 0}\n");
        Path top = file("top.yaml", "inherit: base.yaml\n");
        String m = assertThrows(InvalidInputException.class, () -> TrainConfig.load(top, List.of())).getMessage();
        assertEquals(base + ": 'training.batch_size' is 0, expected >= 1", m);
    }

    @Test
    void aHeadCountThatDoesNotDivideTheWidthBlamesTheFileThatSetIt() throws IOException {
        Path base = file("base.yaml", "model: {n_embd: 256, n_head: 8}\n");
        Path top = file("top.yaml", "inherit: base.yaml\nmodel: {n_head: 6}\n");
        String m = assertThrows(InvalidInputException.class, () -> TrainConfig.load(top, List.of())).getMessage();
        assertEquals(top + ": 'model.n_head' is 6, expected a divisor of model.n_embd (256)", m);
        // The other way round the width is the one set last, and blamed.
        Path wide = file("wide.yaml", "inherit: base.yaml\nmodel: {n_embd: 100}\n");
        m = assertThrows(InvalidInputException.class, () -> TrainConfig.load(wide, List.of())).getMessage();
        assertEquals(wide + ": 'model.n_embd' is 100, expected a multiple of model.n_head (8)", m);
    }

    @Test
    void aModelTooBigForTheHeapOrAnArrayIsRefusedNamingTheKey() throws IOException {
        // Each would end in an OutOfMemoryError or an int overflow once allocated.
        String m = error("model: {n_embd: 20000, n_head: 8}\n");
        assertTrue(m.startsWith(conf() + ": 'model.n_embd' is 20000, expected <= "), m);
        assertTrue(m.contains("GiB"), m);
        m = error("training: {train_steps: 1}\n", "model.n_positions=2000000000");
        assertTrue(m.startsWith("--set: 'model.n_positions' is 2000000000, expected <= "), m);
        m = error("model: {n_embd: 1000000, n_head: 8}\n");
        assertTrue(m.startsWith(conf() + ": 'model.n_embd' is 1000000, expected <= 23170"), m);
    }

    // ------------------------------------------------------------ resolved tree

    @Test
    void resolvedTreeRoundTrips() throws IOException {
        file("base.yaml", "model: {family: standard, n_layer: 4}\ntraining: {task_kwargs: {sparsity: 3, note: '5'}}\n");
        TrainConfig c = TrainConfig.load(file("top.yaml", "inherit: base.yaml\ntraining: {task: sparse_linear_regression}\n"),
                List.of("training.learning_rate=3e-4", "training.seed=12345678901"));
        Path resolved = dir.resolve("run").resolve("config.yaml");
        Files.createDirectories(resolved.getParent());
        c.writeResolved(resolved);
        String text = Files.readString(resolved);
        assertFalse(text.contains("inherit:"), text);
        assertTrue(text.contains("n_positions: 101"), "defaults are written out: " + text);
        TrainConfig back = TrainConfig.load(resolved, List.of());
        assertEquals(c, back);
        assertEquals(c.resolvedTree(), back.resolvedTree());
    }

    @Test
    void resolvedTreeMirrorsTheSchema() throws IOException {
        Map<String, Object> tree = load("").resolvedTree();
        assertEquals(List.of("model", "training", "out_dir"), List.copyOf(tree.keySet()));
        List<String> keys = new java.util.ArrayList<>(List.of(ModelConfig.KEYS));
        keys.add("loop_encoding"); // n_loops_max only with a learned encoding
        assertEquals(keys, List.copyOf(((Map<?, ?>) tree.get("model")).keySet()));
        assertEquals("runs/conf", tree.get("out_dir"));
    }

    // ------------------------------------------------------------ loop encoding

    @Test
    void aLearnedLoopEncodingHasOneRowPerTrainedLoopUnlessTold() throws IOException {
        String yaml = "model: {loop_encoding: learned}\ntraining: {curriculum: {loops: {start: 3, end: 7}}, loop_window: 3}\n";
        assertEquals(new ModelConfig(Family.LOOPED, 20, 101, 256, 1, 8, LoopFunc.ADD, LoopEncoding.LEARNED, 7), load(yaml).model());
        assertEquals(12, load(yaml, "model.n_loops_max=12").model().nLoopsMax());
        TrainConfig c = load(yaml);
        Path resolved = dir.resolve("resolved.yaml");
        c.writeResolved(resolved);
        assertEquals(c, TrainConfig.load(resolved, List.of()));
    }

    @Test
    void loopEncodingMistakesAreOneLineNamingTheKey() throws IOException {
        assertEquals(conf() + ": 'model.n_loops_max' is 5, expected absent: it sizes the table of model.loop_encoding learned",
                error("model: {n_loops_max: 5}\n"));
        assertEquals(conf() + ": 'model.loop_encoding' is learned, expected none: the loop encoding is for the looped family",
                error("model: {family: standard, loop_encoding: learned}\n"));
        assertTrue(error("model: {loop_encoding: sinus}\n").contains("'model.loop_encoding'"));
    }
}

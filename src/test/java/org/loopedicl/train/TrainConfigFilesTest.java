package org.loopedicl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.train.CurriculumConfig.Schedule;
import org.loopedicl.train.TrainingConfig.LrSchedule;
import org.loopedicl.train.TrainingConfig.Optimizer;

/** The repository's configs/: every file loads, validates and round-trips; the paper's hold the paper's numbers. */
class TrainConfigFilesTest {

    private static final Path CONFIGS = Path.of(System.getProperty("basedir", ".")).resolve("configs");

    @TempDir
    Path dir;

    private static List<Path> yamlFiles(String sub) throws IOException {
        try (Stream<Path> s = Files.walk(CONFIGS.resolve(sub))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static TrainConfig cpu(String name) {
        return TrainConfig.load(CONFIGS.resolve("cpu").resolve(name + ".yaml"), List.of());
    }

    private static TrainConfig paper(String name) {
        return TrainConfig.load(CONFIGS.resolve("paper").resolve(name + ".yaml"), List.of());
    }

    @TestFactory
    Stream<DynamicTest> everyConfigLoadsAndRoundTrips() throws IOException {
        List<Path> files = Stream.concat(yamlFiles("paper").stream(), yamlFiles("cpu").stream()).toList();
        assertTrue(files.size() >= 20, "configs found: " + files);
        return files.stream().map(f -> DynamicTest.dynamicTest(CONFIGS.relativize(f).toString(), () -> {
            TrainConfig c = TrainConfig.load(f, List.of());
            Path resolved = dir.resolve(f.getFileName());
            c.writeResolved(resolved);
            assertEquals(c, TrainConfig.load(resolved, List.of()));
        }));
    }

    @Test
    void theRequiredConfigsExist() {
        for (String name : List.of("linear_regression_looped", "linear_regression_looped_b30", "linear_regression_standard",
                "sparse_linear_regression_looped", "sparse_linear_regression_standard",
                "noisy_linear_regression_looped", "noisy_linear_regression_standard",
                "decision_tree_looped", "decision_tree_standard", "relu2nn_looped", "relu2nn_standard"))
            assertTrue(Files.isRegularFile(CONFIGS.resolve("paper").resolve(name + ".yaml")), name);
        for (String name : List.of("linear_regression_looped", "linear_regression_standard",
                "sparse_linear_regression_looped", "sparse_linear_regression_standard",
                "decision_tree_looped", "decision_tree_standard", "relu2nn_looped", "relu2nn_standard",
                "demo_looped", "demo_standard"))
            assertTrue(Files.isRegularFile(CONFIGS.resolve("cpu").resolve(name + ".yaml")), name);
    }

    @TestFactory
    Stream<DynamicTest> everyShippedRunWasTrainedAsItsConfigSays() throws IOException {
        Path shipped = CONFIGS.resolveSibling("results").resolve("runs");
        try (Stream<Path> runs = Files.list(shipped)) {
            return runs.sorted().toList().stream().map(run -> DynamicTest.dynamicTest(run.getFileName().toString(), () -> {
                TrainConfig recorded = TrainConfig.load(run.resolve("config.yaml"), List.of());
                TrainConfig config = cpu(run.getFileName().toString());
                assertEquals(config.model(), recorded.model());
                assertEquals(config.training(), recorded.training());
            }));
        }
    }

    @Test
    void theHeadlinePairGivesTheLoopedModelUnderATenthOfTheParameters() {
        // The looped model trains in two stages: stage 1 with the standard model's recipe, stage 2
        // from its weights with the loss past b (configs/cpu/linear_regression_looped.yaml).
        TrainConfig looped = cpu("linear_regression_looped"), standard = cpu("linear_regression_standard");
        TrainConfig stage1 = cpu("linear_regression_looped_no_spread");
        assertEquals("results/runs/linear_regression_looped_no_spread", looped.training().initFrom());
        assertEquals(stage1.model(), looped.model());
        assertEquals(12, standard.model().nLayer());
        assertEquals(looped.model().nEmbd(), standard.model().nEmbd());
        assertEquals(new Schedule(15, 20, 2, 500), stage1.training().curriculum().loops()); // b = 20, T = 15
        assertEquals(20, looped.training().curriculum().loops().end());
        assertEquals(15, stage1.training().loopWindow());
        assertEquals(15, looped.training().loopWindow());
        assertEquals(0, stage1.training().loopSpread());
        assertTrue(looped.training().loopSpread() > 0);
        long a = TransformerModel.empty(looped.model()).parameters().count();
        long b = TransformerModel.empty(standard.model()).parameters().count();
        assertTrue(a < 0.1 * b, a + " vs " + b);
        assertEquals(stage1.training().trainSteps(), standard.training().trainSteps());
        assertEquals(LrSchedule.COSINE, stage1.training().lrSchedule());
        assertEquals(LrSchedule.COSINE, looped.training().lrSchedule());
    }

    @TestFactory
    Stream<DynamicTest> paperConfigsHoldThePapersSettings() throws IOException {
        return yamlFiles("paper").stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            TrainConfig c = TrainConfig.load(f, List.of());
            // docs/DESIGN.md §6
            assertEquals(20, c.model().nDims());
            assertEquals(101, c.model().nPositions());
            assertEquals(256, c.model().nEmbd());
            assertEquals(8, c.model().nHead());
            assertEquals(LoopFunc.ADD, c.model().loopFunc());
            assertEquals(c.model().family() == Family.STANDARD ? 12 : 1, c.model().nLayer());
            // docs/DESIGN.md §7
            TrainingConfig t = c.training();
            assertEquals(64, t.batchSize());
            assertEquals(1e-4, t.learningRate());
            assertEquals(500_000, t.trainSteps());
            assertEquals(Optimizer.ADAM, t.optimizer());
            assertEquals(LrSchedule.CONSTANT, t.lrSchedule());
            assertEquals(0.0, t.weightDecay());
            assertEquals(0.0, t.gradClip());
            assertEquals(0, t.warmupSteps());
            assertEquals(0, t.datasetSize());
            assertEquals(1000, t.saveEverySteps());
            assertEquals(100_000, t.keepEverySteps());
            assertEquals(new Schedule(5, 20, 1, 5000), t.curriculum().dims());
            boolean longPrompts = t.task().equals("decision_tree") || t.task().equals("relu2nn");
            assertEquals(longPrompts ? new Schedule(26, 101, 5, 5000) : new Schedule(11, 41, 2, 5000), t.curriculum().points());
        }));
    }

    @Test
    void paperLoopedConfigsUseThePapersBAndT() {
        // (b, T) per task, docs/DESIGN.md §7; noisy LR has none in the paper and takes linear regression's.
        Map<String, int[]> bt = Map.of(
                "linear_regression_looped", new int[] {20, 15},
                "linear_regression_looped_b30", new int[] {30, 15},
                "sparse_linear_regression_looped", new int[] {20, 10},
                "noisy_linear_regression_looped", new int[] {20, 15},
                "decision_tree_looped", new int[] {70, 15},
                "relu2nn_looped", new int[] {12, 5});
        bt.forEach((name, v) -> {
            TrainConfig c = paper(name);
            assertEquals(Family.LOOPED, c.model().family(), name);
            assertEquals(new Schedule(v[1], v[0], 2, 500), c.training().curriculum().loops(), name);
            assertEquals(v[1], c.training().loopWindow(), name);
        });
    }

    @Test
    void paperConfigsNameTheirTaskAndKnobs() {
        for (String family : List.of("looped", "standard")) {
            assertEquals(Family.parse(family), paper("linear_regression_" + family).model().family());
            assertEquals("linear_regression", paper("linear_regression_" + family).training().task());
            assertEquals(Map.of("sparsity", 3), paper("sparse_linear_regression_" + family).training().taskKwargs());
            assertEquals(Map.of("noise_std", 0.1), paper("noisy_linear_regression_" + family).training().taskKwargs());
            assertEquals("decision_tree", paper("decision_tree_" + family).training().task());
            assertEquals("relu2nn", paper("relu2nn_" + family).training().task());
        }
    }
}

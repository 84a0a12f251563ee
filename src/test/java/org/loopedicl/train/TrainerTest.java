package org.loopedicl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.model.ModelFile;

/** The training loop end to end on tiny models: learning, exact resume, crash safety, NaN stop. */
class TrainerTest {
    /** A tiny looped linear-regression run: d = 4, width 16, b = 4, T = 2, all curricula moving. */
    static final String TINY = """
            model: {family: looped, n_dims: 4, n_positions: 9, n_embd: 16, n_head: 2, n_layer: 1}
            training:
              task: linear_regression
              batch_size: 16
              learning_rate: 0.003
              train_steps: 40
              seed: 7
              save_every_steps: 10
              keep_every_steps: 20
              log_every_steps: 5
              eval_every_steps: 20
              loop_window: 2
              curriculum:
                dims:   {start: 2, end: 4, inc: 1, interval: 6}
                points: {start: 5, end: 9, inc: 2, interval: 7}
                loops:  {start: 2, end: 4, inc: 1, interval: 5}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TrainConfig config(String yaml, String... sets) throws IOException {
        Path f = dir.resolve("conf.yaml");
        Files.writeString(f, yaml);
        return TrainConfig.load(f, List.of(sets));
    }

    /** Records the losses and loop counts the trainer reports. */
    static final class Recorder implements Trainer.Progress {
        final List<Double> losses = new ArrayList<>();
        final List<Integer> loops = new ArrayList<>();
        final List<String> messages = new ArrayList<>();

        @Override
        public void started(long step, long total) {}

        @Override
        public void stepped(StepMetrics metrics) {
            losses.add(metrics.loss());
            loops.add(metrics.loops());
        }

        @Override
        public void message(String line) {
            messages.add(line);
        }

        @Override
        public void finished() {}
    }

    private static byte[] bytes(Path p) throws IOException {
        return Files.readAllBytes(p);
    }

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() throws IOException {
        RunDirectory straight = new RunDirectory(dir.resolve("straight"));
        new Trainer(config(TINY), straight).run(false, new Recorder());

        RunDirectory split = new RunDirectory(dir.resolve("split"));
        new Trainer(config(TINY, "training.train_steps=20"), split).run(false, new Recorder());
        Recorder second = new Recorder();
        Trainer resumed = new Trainer(config(TINY), split);
        resumed.run(true, second);
        assertEquals(40, resumed.step());
        assertEquals(20, second.losses.size(), "the resumed run trains only the remaining steps");

        // Weights, Adam moments and every piece of state in the metadata are identical.
        assertArrayEquals(bytes(straight.checkpoint()), bytes(split.checkpoint()));
        assertArrayEquals(bytes(straight.model()), bytes(split.model()));
        assertEquals(withoutTimings(straight.metrics()), withoutTimings(split.metrics()),
                "the metrics log of a resumed run reads as one run");
    }

    @Test
    void aLoopEncodedRunTrainsItsTableAndResumesBitForBit() throws IOException {
        String[] learned = {"model.loop_encoding=learned"};
        RunDirectory straight = new RunDirectory(dir.resolve("straight"));
        new Trainer(config(TINY, learned), straight).run(false, new Recorder());
        RunDirectory split = new RunDirectory(dir.resolve("split"));
        new Trainer(config(TINY, "model.loop_encoding=learned", "training.train_steps=20"), split).run(false, new Recorder());
        new Trainer(config(TINY, learned), split).run(true, new Recorder());
        assertArrayEquals(bytes(straight.checkpoint()), bytes(split.checkpoint()));

        SafetensorsFile ckpt = SafetensorsFile.read(straight.checkpoint());
        assertEquals("learned", ckpt.metadata().get("loop_encoding"));
        assertEquals("4", ckpt.metadata().get("n_loops_max"), "one row per loop of b = 4");
        assertTrue(ckpt.tensors().containsKey("optimizer.m._loop_embedding.weight"));
        float[] trained = ModelFile.load(straight.model()).model().parameter("_loop_embedding.weight").data;
        float[] initial = org.loopedicl.model.TransformerModel.initialize(config(TINY, learned).model(), 7)
                .parameter("_loop_embedding.weight").data;
        for (int row = 0; row < 4; row++) {
            final int r = row;
            assertFalse(Arrays.equals(Arrays.copyOfRange(trained, r * 16, r * 16 + 16), Arrays.copyOfRange(initial, r * 16, r * 16 + 16)),
                    () -> "row " + r + " never trained");
        }
    }

    private static List<JsonNode> withoutTimings(Path metrics) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(metrics)) {
            ObjectNode o = (ObjectNode) JSON.readTree(l);
            o.remove("step_ms");
            lines.add(o);
        }
        return lines;
    }

    @Test
    void fixedDatasetRunResumesExactlyToo() throws IOException {
        String fixed = TINY.replace("seed: 7", "seed: 7\n  dataset_size: 40");
        RunDirectory straight = new RunDirectory(dir.resolve("straight"));
        new Trainer(config(fixed), straight).run(false, new Recorder());
        RunDirectory split = new RunDirectory(dir.resolve("split"));
        new Trainer(config(fixed, "training.train_steps=30"), split).run(false, new Recorder());
        new Trainer(config(fixed), split).run(true, new Recorder());
        assertArrayEquals(bytes(straight.checkpoint()), bytes(split.checkpoint()));
    }

    @Test
    void aLoopSpreadRunsBetweenKAndKPlusNIterationsAndResumesBitForBit() throws IOException {
        String[] spread = {"training.loop_spread=3"};
        RunDirectory straight = new RunDirectory(dir.resolve("straight"));
        Recorder loops = new Recorder();
        new Trainer(config(TINY, spread), straight).run(false, loops);
        // The curriculum's K is 2, 3, 4 (+1 every 5 steps, up to b = 4); the spread adds 0..3.
        for (int i = 0; i < loops.loops.size(); i++) {
            int k = Math.min(2 + i / 5, 4), got = loops.loops.get(i);
            assertTrue(got >= k && got <= k + 3, "step " + (i + 1) + " ran " + got + " loops, expected " + k + ".." + (k + 3));
        }
        assertTrue(loops.loops.stream().distinct().count() >= 4, "the spread draws several values: " + loops.loops);
        RunDirectory split = new RunDirectory(dir.resolve("split"));
        new Trainer(config(TINY, "training.loop_spread=3", "training.train_steps=20"), split).run(false, new Recorder());
        new Trainer(config(TINY, spread), split).run(true, new Recorder());
        assertArrayEquals(bytes(straight.checkpoint()), bytes(split.checkpoint()));
        InvalidInputException changed = assertThrows(InvalidInputException.class,
                () -> new Trainer(config(TINY, "training.loop_spread=2"), straight).run(true, new Recorder()));
        assertTrue(changed.getMessage().contains("'training.loop_spread' is 3 in this run, 2 now"), changed.getMessage());
    }

    @Test
    void initFromStartsFromTheGivenWeightsAndRefusesAnotherArchitecture() throws IOException {
        RunDirectory base = new RunDirectory(dir.resolve("base"));
        new Trainer(config(TINY), base).run(false, new Recorder());
        var trained = ModelFile.load(base.model()).model();

        Trainer tuned = new Trainer(config(TINY, "training.init_from=" + base.root(), "training.seed=3"), new RunDirectory(dir.resolve("tuned")));
        for (var p : trained.parameters().all())
            assertArrayEquals(p.data, tuned.model().parameters().get(p.name()).data, p.name() + " taken from the run directory's weights");

        // A loop encoding may be added: the shared weights come from the file, the table from the seed.
        Trainer encoded = new Trainer(config(TINY, "training.init_from=" + base.model(), "model.loop_encoding=learned"),
                new RunDirectory(dir.resolve("encoded")));
        assertArrayEquals(trained.parameter("_read_in.weight").data, encoded.model().parameter("_read_in.weight").data);
        assertArrayEquals(org.loopedicl.model.TransformerModel.initialize(config(TINY, "model.loop_encoding=learned").model(), 7)
                .parameter("_loop_embedding.weight").data, encoded.model().parameter("_loop_embedding.weight").data);

        InvalidInputException wider = assertThrows(InvalidInputException.class, () -> new Trainer(
                config(TINY, "training.init_from=" + base.model(), "model.n_embd=32"), new RunDirectory(dir.resolve("wider"))));
        assertEquals("training.init_from: " + base.model() + " holds a model with n_embd 16, the config's model has 32", wider.getMessage());
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> new Trainer(
                config(TINY, "training.init_from=" + dir.resolve("nothing")), new RunDirectory(dir.resolve("m"))));
        assertTrue(missing.getMessage().startsWith("training.init_from: " + dir.resolve("nothing") + " is not a weights file"), missing.getMessage());
    }

    @Test
    void aFineTuneResumesFromItsCheckpointWithoutItsStartingWeights() throws IOException {
        RunDirectory base = new RunDirectory(dir.resolve("base"));
        new Trainer(config(TINY, "training.train_steps=10"), base).run(false, new Recorder());
        String from = "training.init_from=" + base.root();
        RunDirectory tuned = new RunDirectory(dir.resolve("tuned"));
        new Trainer(config(TINY, from, "training.train_steps=20"), tuned).run(false, new Recorder());
        for (Path f : List.of(base.model(), base.checkpoint(), base.config(), base.metrics())) Files.delete(f);
        Trainer resumed = new Trainer(config(TINY, from), tuned);
        resumed.run(true, new Recorder());
        assertEquals(40, resumed.step(), "the checkpoint, not the removed starting weights, carries the run on");
    }

    @Test
    void tinyLoopedModelHalvesItsLossOnAFixedDataset() throws IOException {
        Recorder r = new Recorder();
        // Fixed dims and points, so that the loss is comparable from start to end; 32 prompts seen
        // over and over, so that a few hundred steps suffice to fit them.
        new Trainer(config(TINY, "training.train_steps=500", "model.n_dims=2", "training.curriculum.dims.start=2",
                "training.curriculum.dims.end=2", "training.curriculum.points.start=5", "training.curriculum.points.end=5",
                "training.dataset_size=32", "training.save_every_steps=500", "training.eval_every_steps=0"),
                new RunDirectory(dir.resolve("run"))).run(false, r);
        double first = r.losses.subList(0, 20).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = r.losses.subList(480, 500).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last <= first / 2, "loss fell from " + first + " to " + last + ", expected at least half");
    }

    @Test
    void runDirectoryHoldsConfigMetricsCheckpointsAndWeightsWithTheirMetadata() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        new Trainer(config(TINY), run).run(false, new Recorder());
        assertEquals(40, config(TINY).training().trainSteps());
        TrainConfig reread = TrainConfig.load(run.config(), List.of());
        assertEquals(config(TINY).model(), reread.model());
        assertTrue(Files.exists(run.keptCheckpoint(20)) && Files.exists(run.keptCheckpoint(40)));
        assertFalse(Files.exists(run.keptCheckpoint(10)));

        Map<String, String> meta = ModelFile.load(run.model()).metadata();
        assertEquals("linear_regression", meta.get("task"));
        assertEquals("4", meta.get("n_dims_active"));
        assertEquals("4", meta.get("train_loops"));
        assertEquals("2", meta.get("train_window"));
        assertEquals("looped", meta.get("family"));

        List<JsonNode> lines = withoutTimings(run.metrics());
        assertEquals(8, lines.size(), "a line every 5 of 40 steps");
        JsonNode at20 = lines.get(3);
        assertEquals(20, at20.get("step").asInt());
        assertEquals(9, at20.get("heldout_per_position").size());
        for (String key : List.of("loss", "grad_norm", "lr", "dims", "points", "loops"))
            assertTrue(at20.has(key), "metrics have " + key);
        assertEquals(4, at20.get("loops").asInt());
        assertTrue(Files.readAllLines(run.metrics()).get(0).contains("\"step_ms\""));
    }

    @Test
    void aFinishedRunResumedSaysSoWithItsRealFinalLoss() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        Recorder first = new Recorder();
        Trainer trained = new Trainer(config(TINY), run);
        assertEquals(40, trained.run(false, first));
        byte[] before = bytes(run.checkpoint());
        Trainer again = new Trainer(config(TINY), run);
        assertEquals(0, again.run(true, new Recorder()), "nothing left to train");
        assertEquals(40, again.step());
        assertEquals(first.losses.get(39), again.finalLoss().orElseThrow());
        assertArrayEquals(before, bytes(run.checkpoint()));
    }

    @Test
    void resumeRefusesAChangedConfigNamingTheKeyAndKeepsTheRecordedOne() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        new Trainer(config(TINY, "training.train_steps=10"), run).run(false, new Recorder());
        byte[] recorded = bytes(run.config());
        for (String[] change : List.of(new String[] {"training.seed=8", "'training.seed' is 7 in this run, 8 now"},
                new String[] {"training.learning_rate=0.01", "'training.learning_rate' is 0.003 in this run, 0.01 now"},
                new String[] {"training.task=sparse_linear_regression", "'training.task' is linear_regression"},
                new String[] {"training.train_steps=5", "'training.train_steps' is 5, but the checkpoint is at step 10"})) {
            String m = assertThrows(InvalidInputException.class,
                    () -> new Trainer(config(TINY, change[0]), run).run(true, new Recorder())).getMessage();
            assertTrue(m.startsWith(run.config() + ": " + change[1]), m);
            assertArrayEquals(recorded, bytes(run.config()));
        }
        // A cosine schedule's rates depend on train_steps: it may not move at all.
        RunDirectory cosine = new RunDirectory(dir.resolve("cosine"));
        new Trainer(config(TINY, "training.train_steps=10", "training.lr_schedule=cosine"), cosine).run(false, new Recorder());
        String m = assertThrows(InvalidInputException.class, () -> new Trainer(config(TINY, "training.lr_schedule=cosine"), cosine)
                .run(true, new Recorder())).getMessage();
        assertTrue(m.contains("'training.train_steps' is 10 in this run, 40 now"), m);
        // The intervals may change, and train_steps rise.
        new Trainer(config(TINY, "training.log_every_steps=1", "training.save_every_steps=3", "training.eval_every_steps=0",
                "training.keep_every_steps=0"), run).run(true, new Recorder());
        assertEquals("40", SafetensorsFile.read(run.checkpoint()).meta("step"));
    }

    @Test
    void aBatchWhoseActivationsExceedTheHeapOrAnArrayIsRefusedBeforeAllocating() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        String m = assertThrows(InvalidInputException.class,
                () -> new Trainer(config(TINY, "training.batch_size=100000000"), run)).getMessage();
        assertTrue(m.startsWith(run.root() + ": 'training.batch_size' is 100000000, expected <= "), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void existingCheckpointIsNotOverwrittenWithoutResume() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        new Trainer(config(TINY, "training.train_steps=10"), run).run(false, new Recorder());
        byte[] before = bytes(run.checkpoint());
        String m = assertThrows(InvalidInputException.class,
                () -> new Trainer(config(TINY), run).run(false, new Recorder())).getMessage();
        assertTrue(m.contains("--resume"), m);
        assertArrayEquals(before, bytes(run.checkpoint()));
    }

    @Test
    void nonFiniteLossStopsWithOneLineAndKeepsTheLastGoodCheckpoint() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        new Trainer(config(TINY, "training.train_steps=10"), run).run(false, new Recorder());
        byte[] good = bytes(run.checkpoint());
        // Labels beyond the float range: the predictions' error is infinite.
        // Recorded as the run's own config, as --resume accepts no other task.
        TrainConfig scaled = config(TINY, "training.task_kwargs.scale=1e38");
        scaled.writeResolved(run.config());
        Trainer blowUp = new Trainer(scaled, run);
        String m = assertThrows(TrainingStoppedException.class, () -> blowUp.run(true, new Recorder())).getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains("step 11") && m.contains(run.checkpoint().toString()), m);
        assertArrayEquals(good, bytes(run.checkpoint()));
        assertEquals("10", SafetensorsFile.read(run.checkpoint()).meta("step"));
    }

    @Test
    void corruptCheckpointIsRefusedOnResumeNamingTheFile() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        new Trainer(config(TINY, "training.train_steps=10"), run).run(false, new Recorder());
        byte[] b = bytes(run.checkpoint());
        Files.write(run.checkpoint(), Arrays.copyOf(b, b.length / 2));
        String m = assertThrows(InvalidInputException.class,
                () -> new Trainer(config(TINY), run).run(true, new Recorder())).getMessage();
        assertTrue(m.contains(run.checkpoint().toString()), m);
    }
}

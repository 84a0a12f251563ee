package org.loopedicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.loopedicl.cli.CliTest.assertOneLineError;
import static org.loopedicl.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.io.NpyArray;
import org.loopedicl.io.Npz;
import org.loopedicl.model.ModelFile;

/** {@code looped eval} and {@code looped plot} as a user runs them, and their one-line errors. */
class EvalCliTest {
    @TempDir Path dir;
    Path looped, standard;

    @BeforeEach
    void models() {
        // A looped model whose metadata says what it was trained on, as a training run writes it.
        Path bare = dir.resolve("bare.safetensors");
        assertEquals(0, run("init", "--family", "looped", "--n-dims", "4", "--n-positions", "9", "--n-embd", "16",
                "--n-layer", "1", "--n-head", "2", "--seed", "1", "--out", bare.toString()).code());
        looped = dir.resolve("looped.safetensors");
        ModelFile f = ModelFile.load(bare);
        ModelFile.save(looped, f.model(), Map.of("task", "linear_regression", "train_loops", "2", "train_window", "2"));
        standard = dir.resolve("std.safetensors");
        assertEquals(0, run("init", "--family", "standard", "--n-dims", "4", "--n-positions", "9", "--n-embd", "16",
                "--n-layer", "1", "--n-head", "2", "--seed", "2", "--out", standard.toString()).code());
    }

    static JsonNode json(Path p) throws IOException {
        return new ObjectMapper().readTree(p.toFile());
    }

    @Test
    void evalWritesResultsFiguresAndReport() throws IOException {
        Path out = dir.resolve("eval");
        CliTest.Run r = run("eval", looped.toString(), standard.toString(), "--prompts", "48", "--bootstrap", "100",
                "--baselines", "none", "--ood", "scale_x_2,orthant", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + out), r.out());
        JsonNode res = json(out.resolve("results.json"));
        assertEquals("linear_regression", res.get("task").asText());
        assertEquals(4.0, res.get("normalizer").asDouble(), "linear regression at d = 4");
        assertEquals(9, res.get("methods").get("looped").get("k").size(), "n_positions points by default");
        assertEquals(9, res.get("methods").get("std").get("mean").size());
        // b = 2 from the metadata, so the loop curve runs to 20·b = 40 iterations.
        assertEquals(40, res.get("loops").get("looped").get("curve").get("iteration").size());
        assertTrue(res.get("loops").get("std") == null, "standard models have no loop curve");
        for (String name : new String[] {"scale_x_2", "orthant"}) {
            JsonNode o = json(out.resolve(res.get("ood").get(name).asText()));
            assertEquals(name, o.get("distribution").asText());
            assertTrue(o.get("methods").has("looped"));
        }
        for (String f : new String[] {"error_vs_examples.png", "error_vs_examples.svg", "error_vs_loops.png", "ood.svg", "report.html"})
            assertTrue(Files.size(out.resolve(f)) > 0, f);

        Path redrawn = dir.resolve("redrawn");
        CliTest.Run p = run("plot", out.resolve("results.json").toString(), "--out", redrawn.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(Files.size(redrawn.resolve("ood.png")) > 0);
        assertTrue(Files.size(redrawn.resolve("report.html")) > 0);
    }

    @Test
    void defaultBaselinesAreTheTasksUsualSet() throws IOException {
        Path out = dir.resolve("eval");
        CliTest.Run r = run("eval", standard.toString(), "--task", "linear_regression", "--prompts", "32", "--bootstrap", "50", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode methods = json(out.resolve("results.json")).get("methods");
        for (String name : new String[] {"std", "least_squares", "knn_3", "averaging"}) assertTrue(methods.has(name), name);
        // Least squares recovers w exactly from d = 4 noiseless points.
        JsonNode ls = methods.get("least_squares").get("mean");
        assertEquals(methods.get("averaging").get("mean").get(0).asDouble(), ls.get(0).asDouble(), 1e-12, "k = 0: both predict 0");
        assertEquals(0, ls.get(8).asDouble(), 1e-6);
        CliTest.Run named = run("eval", standard.toString(), "--task", "linear_regression", "--prompts", "16", "--bootstrap", "50", "--baselines", "ridge_0.1,lasso_0.01",
                "--out", out.toString());
        assertEquals(0, named.code(), named.err());
        JsonNode m2 = json(out.resolve("results.json")).get("methods");
        assertTrue(m2.has("ridge_0.1") && m2.has("lasso_0.01") && !m2.has("knn_3"), m2.toString());
        assertOneLineError(run("eval", standard.toString(), "--task", "linear_regression", "--baselines", "least_square", "--out", out.toString()), "least_square");
    }

    @Test
    void plotDrawsATrainingRunsCurves() throws IOException {
        Path runDir = dir.resolve("run");
        Files.createDirectories(runDir);
        Files.copy(looped, runDir.resolve("model.safetensors"));
        Files.writeString(runDir.resolve("metrics.jsonl"), "{\"step\":1,\"loss\":2.0,\"grad_norm\":1.5}\n{\"step\":2,\"loss\":1.5,\"grad_norm\":1.2}\n");
        CliTest.Run r = run("plot", runDir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(runDir.resolve("training.png")) > 0);
        assertTrue(Files.size(runDir.resolve("training.svg")) > 0);
        // Evaluating the run directory names the model after it and draws its training curves too.
        Path out = dir.resolve("eval");
        CliTest.Run e = run("eval", runDir.toString(), "--prompts", "16", "--bootstrap", "50", "--loops", "3", "--baselines", "none",
                "--out", out.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(json(out.resolve("results.json")).get("methods").has("run"));
        assertTrue(!json(out.resolve("results.json")).get("models").get("run").has("init_from"), "not a fine-tune");
        assertTrue(Files.size(out.resolve("training_run.png")) > 0);
        assertTrue(Files.readString(out.resolve("report.html")).contains("training_run.png"));
    }

    @Test
    void aFineTunedRunNamesWhatItStartedFrom() throws IOException {
        // Its weights record only the fine-tune's steps; results.json and the report say where it began.
        Path runDir = dir.resolve("tuned");
        Files.createDirectories(runDir);
        Files.copy(looped, runDir.resolve("model.safetensors"));
        Files.writeString(runDir.resolve("config.yaml"), "model: {family: looped, n_dims: 4, n_positions: 9, n_embd: 16, n_layer: 1, n_head: 2}\n"
                + "training: {task: linear_regression, init_from: runs/base, curriculum: {dims: {start: 4, end: 4, inc: 1, interval: 1},"
                + " points: {start: 5, end: 5, inc: 1, interval: 1}}}\n");
        Path out = dir.resolve("eval");
        CliTest.Run e = run("eval", runDir.toString(), "--prompts", "16", "--bootstrap", "50", "--loops", "3",
                "--baselines", "none", "--out", out.toString());
        assertEquals(0, e.code(), e.err());
        assertEquals("runs/base", json(out.resolve("results.json")).get("models").get("tuned").get("init_from").asText());
        assertTrue(Files.readString(out.resolve("report.html")).contains("fine-tuned from runs/base"), "the report names the start");
    }

    Path npz(String name, float[] xs, int[] xShape, float[] ys, int[] yShape) {
        Path p = dir.resolve(name);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("xs", NpyArray.ofFloats(xs, xShape));
        arrays.put("ys", NpyArray.ofFloats(ys, yShape));
        Npz.write(p, arrays);
        return p;
    }

    @Test
    void evalOnAPromptsFile() throws IOException {
        Path prompts = npz("p.npz", CliTest.ramp(5 * 6 * 3), new int[] {5, 6, 3}, CliTest.ramp(30), new int[] {5, 6});
        Path out = dir.resolve("eval");
        CliTest.Run r = run("eval", standard.toString(), "--prompts-file", prompts.toString(), "--normalizer", "2",
                "--bootstrap", "50", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode res = json(out.resolve("results.json"));
        assertTrue(res.get("task").isNull(), "no task named");
        assertEquals(2.0, res.get("normalizer").asDouble());
        assertEquals(6, res.get("methods").get("std").get("k").size());
        assertEquals("file", res.get("distribution").asText());
    }

    @Test
    void promptsFileWithWrongShapesOrNaNIsRefused() {
        Path out = dir.resolve("eval");
        Path mismatched = npz("m.npz", CliTest.ramp(5 * 6 * 3), new int[] {5, 6, 3}, CliTest.ramp(25), new int[] {5, 5});
        assertOneLineError(run("eval", standard.toString(), "--prompts-file", mismatched.toString(), "--out", out.toString()),
                "m.npz ys", "does not match");
        Path flat = npz("flat.npz", CliTest.ramp(30), new int[] {5, 6}, CliTest.ramp(30), new int[] {5, 6});
        assertOneLineError(run("eval", standard.toString(), "--prompts-file", flat.toString(), "--out", out.toString()),
                "flat.npz xs", "3 dimensions");
        float[] ys = CliTest.ramp(30);
        ys[7] = Float.NaN;
        Path nan = npz("nan.npz", CliTest.ramp(5 * 6 * 3), new int[] {5, 6, 3}, ys, new int[] {5, 6});
        assertOneLineError(run("eval", standard.toString(), "--prompts-file", nan.toString(), "--out", out.toString()),
                "nan.npz ys", "NaN", "finite");
        Path wide = npz("wide.npz", CliTest.ramp(5 * 6 * 7), new int[] {5, 6, 7}, CliTest.ramp(30), new int[] {5, 6});
        assertOneLineError(run("eval", standard.toString(), "--prompts-file", wide.toString(), "--out", out.toString()),
                "wide.npz xs", "n_dims = 4");
    }

    @Test
    void aTaskThatDoesNotFitTheModelIsRefused() {
        Path out = dir.resolve("eval");
        assertOneLineError(run("eval", standard.toString(), "--task", "linear_regression", "--dims", "6", "--out", out.toString()),
                "d = 6", "n_dims = 4");
        assertOneLineError(run("eval", standard.toString(), "--task", "linear_regression", "--points", "12", "--out", out.toString()),
                "12 points", "n_positions = 9");
        assertOneLineError(run("eval", standard.toString(), "--out", out.toString()), "names no task", "--task");
        assertOneLineError(run("eval", standard.toString(), "--task", "linear_regresion", "--out", out.toString()), "linear_regresion");
        assertOneLineError(run("eval", standard.toString(), "--task", "linear_regression", "--ood", "skewd", "--out", out.toString()),
                "skewd");
        assertOneLineError(run("eval", standard.toString(), "--task", "linear_regression", "--baselines", "none,least_squares",
                "--out", out.toString()), "baselines: none cannot be combined");
    }

    @Test
    void modelsOfDifferentWidthsAreRefused() {
        Path wide = dir.resolve("wide.safetensors");
        assertEquals(0, run("init", "--family", "standard", "--n-dims", "6", "--n-positions", "9", "--n-embd", "16",
                "--n-layer", "1", "--n-head", "2", "--out", wide.toString()).code());
        assertOneLineError(run("eval", looped.toString(), wide.toString(), "--out", dir.resolve("e").toString()), "n_dims = 6");
    }
}

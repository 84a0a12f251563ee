package org.loopedicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.loopedicl.cli.CliTest.assertOneLineError;
import static org.loopedicl.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code looped reproduce} on a checkout of one tiny experiment: train, evaluate, decide the claims, reuse. */
class ReproduceCliTest {
    @TempDir Path home;
    private String previousHome;

    private static String config(String family, int layers, Path outDir) {
        return """
                model: {family: %s, n_dims: 3, n_positions: 7, n_embd: 16, n_head: 2, n_layer: %d}
                training:
                  task: linear_regression
                  batch_size: 8
                  learning_rate: 0.003
                  train_steps: 12
                  seed: 3
                  save_every_steps: 6
                  keep_every_steps: 0
                  log_every_steps: 6
                  eval_every_steps: 0
                  loop_window: 2
                  curriculum:
                    dims:   {start: 3, end: 3, inc: 0, interval: 100}
                    points: {start: 7, end: 7, inc: 0, interval: 100}
                    loops:  {start: 2, end: 2, inc: 0, interval: 100}
                out_dir: %s
                """.formatted(family, layers, outDir);
    }

    @BeforeEach
    void checkout() throws IOException {
        previousHome = System.getProperty("looped.home");
        System.setProperty("looped.home", home.toString());
        Files.createDirectories(home.resolve("configs/cpu"));
        Files.createDirectories(home.resolve("experiments"));
        Files.writeString(home.resolve("configs/cpu/tiny_looped.yaml"), config("looped", 1, home.resolve("runs/tiny_looped")));
        Files.writeString(home.resolve("configs/cpu/tiny_standard.yaml"), config("standard", 1, home.resolve("runs/tiny_standard")));
        Files.writeString(home.resolve("experiments/tiny.yaml"), """
                description: "two tiny models"
                runs: [tiny_looped, tiny_standard]
                eval: {prompts: 32, bootstrap: 50, baselines: [least_squares], ood: [scale_x_2]}
                claims:
                  - {kind: below, methods: [least_squares], value: 0.001, k_min: 3}
                  - {kind: below, methods: [tiny_looped], value: 0.001, k_min: 3}
                  - {kind: loop_stable, methods: [tiny_looped], tolerance: 1000}
                """);
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) System.clearProperty("looped.home");
        else System.setProperty("looped.home", previousHome);
    }

    @Test
    void trainsEvaluatesDecidesAndThenReuses() throws IOException {
        CliTest.Run list = run("reproduce", "--list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("tiny") && list.out().contains("two tiny models") && list.out().contains("to train"), list.out());

        Path out = home.resolve("eval");
        CliTest.Run r = run("--threads", "1", "reproduce", "tiny", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("looped: kernels=")).count(), "no command within: " + r.err());
        assertTrue(r.err().contains("looped: kernels=scalar threads=1 ") || r.err().contains("looped: kernels=vector threads=1 "), r.err());
        assertTrue(Files.isRegularFile(home.resolve("runs/tiny_looped/model.safetensors")), "trained where the config says");
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertTrue(results.get("methods").has("tiny_looped") && results.get("methods").has("tiny_standard"), results.toString());
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        JsonNode claims = new ObjectMapper().readTree(out.resolve("claims.json").toFile());
        assertEquals("tiny", claims.get("experiment").asText());
        // Least squares is exact past d = 3 points; 12 steps of training are not.
        assertTrue(claims.get("verdicts").get(0).get("holds").asBoolean(), claims.toString());
        assertFalse(claims.get("verdicts").get(1).get("holds").asBoolean(), claims.toString());
        assertTrue(r.out().contains("2 of 3 claims hold"), r.out());
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("| tiny_looped |") && summary.contains("| scale_x_2 |"), "the summary tables: " + summary);

        // A second run finds both trained and says so in --list; the shipped copy wins over the local run.
        assertTrue(run("reproduce", "--list").out().contains("trained here in"));
        Path shipped = home.resolve("results/runs/tiny_standard");
        Files.createDirectories(shipped);
        for (String f : new String[] {"model.safetensors", "config.yaml", "metrics.jsonl"})
            Files.copy(home.resolve("runs/tiny_standard").resolve(f), shipped.resolve(f));
        assertTrue(run("reproduce", "--list").out().contains("trained copy in results/runs"));
        CliTest.Run again = run("reproduce", "tiny", "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains(shipped.toString()), "evaluates the shipped run: " + again.err());
        assertEquals(results.get("methods").get("tiny_standard"),
                new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("methods").get("tiny_standard"),
                "the same weights evaluate to the same curve");
    }

    @Test
    void unknownExperimentsAndBrokenDefinitionsAreOneLine() throws IOException {
        assertOneLineError(run("reproduce", "tiyn"), "unknown experiment 'tiyn'", "did you mean 'tiny'");
        assertOneLineError(run("reproduce"), "--list");
        Files.writeString(home.resolve("experiments/broken.yaml"), "runs: [tiny_looped]\nevaluation: []\n");
        assertOneLineError(run("reproduce", "broken"), "broken.yaml", "unknown key 'evaluation'");
    }
}

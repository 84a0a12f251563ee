package org.loopedicl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.io.NamedArray;
import org.loopedicl.io.Npy;
import org.loopedicl.io.NpyArray;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.model.ModelFile;
import org.loopedicl.model.PyTorchGoldenTestSupport;

/** The commands as a user runs them: outputs, and one-line errors with a non-zero exit for bad input. */
class CliTest {
    @TempDir Path dir;
    Path weights;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A failing command prints exactly one error line (after the engine line), no stack trace. */
    static void assertOneLineError(Run r, String... fragments) {
        assertNotEquals(0, r.code(), r.err());
        String[] lines = r.err().lines().filter(l -> !l.startsWith("looped: kernels=")).toArray(String[]::new);
        assertEquals(1, lines.length, "expected one error line, got:\n" + r.err());
        assertTrue(lines[0].startsWith("looped: error: "), lines[0]);
        for (String f : fragments) assertTrue(lines[0].contains(f), "'" + f + "' not in: " + lines[0]);
        assertFalse(r.err().contains("\tat "), "stack trace printed");
    }

    @BeforeEach
    void init() {
        weights = dir.resolve("w.safetensors");
        Run r = run("init", "--family", "looped", "--n-dims", "5", "--n-positions", "8", "--n-embd", "24",
                "--n-layer", "1", "--n-head", "3", "--seed", "4", "--out", weights.toString());
        assertEquals(0, r.code(), r.err());
    }

    Path npy(String name, float[] data, int... shape) {
        Path p = dir.resolve(name);
        Npy.write(p, NpyArray.ofFloats(data, shape));
        return p;
    }

    static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) Math.sin(i * 0.7);
        return a;
    }

    @Test
    void initWritesTheModelAndInfoCountsItsParameters() {
        Run r = run("info", weights.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("family         looped"), r.out());
        long total = ModelFile.load(weights).model().parameters().count();
        assertTrue(r.out().contains(String.format("%,d", total)), r.out());
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() throws IOException {
        Path again = dir.resolve("again.safetensors"), other = dir.resolve("other.safetensors");
        String[] base = {"init", "--family", "looped", "--n-dims", "5", "--n-positions", "8", "--n-embd", "24",
                "--n-layer", "1", "--n-head", "3", "--out"};
        assertEquals(0, run(concat(base, again.toString(), "--seed", "4")).code());
        assertEquals(0, run(concat(base, other.toString(), "--seed", "5")).code());
        assertArrayEquals(Files.readAllBytes(weights), Files.readAllBytes(again));
        assertFalse(Arrays.equals(Files.readAllBytes(weights), Files.readAllBytes(other)));
    }

    @Test
    void predictWritesKByBByN() {
        Path xs = npy("xs.npy", ramp(2 * 6 * 4), 2, 6, 4), ys = npy("ys.npy", ramp(12), 2, 6);
        Path out = dir.resolve("p.npy");
        Run r = run("predict", "--weights", weights.toString(), "--xs", xs.toString(), "--ys", ys.toString(),
                "--loops", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        NpyArray p = Npy.read(out);
        assertArrayEquals(new int[] {3, 2, 6}, p.shape());
        assertFalse(p.float64());
    }

    @Test
    void gradientsCommandReproducesTheFixture() {
        // The PyTorch fixture's model, prompts and gradients, pushed through the files a user would use.
        SafetensorsFile f = PyTorchGoldenTestSupport.fixture("looped_add_k_gt_t");
        Path w = dir.resolve("fixture.safetensors");
        ModelFile.save(w, PyTorchGoldenTestSupport.model(f), java.util.Map.of());
        NamedArray xs = f.tensor("xs"), ys = f.tensor("ys");
        Path out = dir.resolve("g.safetensors");
        Run r = run("gradients", "--weights", w.toString(), "--xs", npy("fx.npy", xs.data(), xs.shape()).toString(),
                "--ys", npy("fy.npy", ys.data(), ys.shape()).toString(), "--loops", f.meta("loops"),
                "--window", f.meta("window"), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        SafetensorsFile g = SafetensorsFile.read(out);
        assertEquals(f.tensor("loss").data()[0], Double.parseDouble(g.meta("loss")), 1e-4);
        float[] want = f.tensor("grad._read_in.weight").data(), got = g.tensor("_read_in.weight").data();
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-4);
    }

    @Test
    void predictRefusesMismatchedShapes() {
        Path xs = npy("xs.npy", ramp(2 * 6 * 4), 2, 6, 4), ys = npy("ys.npy", ramp(10), 2, 5);
        assertOneLineError(run("predict", "--weights", weights.toString(), "--xs", xs.toString(), "--ys", ys.toString(),
                "--loops", "2", "--out", dir.resolve("p.npy").toString()), "ys.npy", "does not match");
    }

    @Test
    void predictRefusesTooManyDimsOrPoints() {
        Path ys = npy("ys.npy", ramp(12), 2, 6);
        Path wide = npy("wide.npy", ramp(2 * 6 * 6), 2, 6, 6);
        assertOneLineError(run("predict", "--weights", weights.toString(), "--xs", wide.toString(), "--ys", ys.toString(),
                "--loops", "2", "--out", dir.resolve("p.npy").toString()), "wide.npy", "n_dims = 5");
        Path longX = npy("long.npy", ramp(9 * 4), 1, 9, 4), longY = npy("longy.npy", ramp(9), 1, 9);
        assertOneLineError(run("predict", "--weights", weights.toString(), "--xs", longX.toString(), "--ys", longY.toString(),
                "--loops", "2", "--out", dir.resolve("p.npy").toString()), "long.npy", "n_positions = 8");
    }

    @Test
    void predictRefusesTwoDimensionalXs() {
        Path xs = npy("xs.npy", ramp(12), 2, 6), ys = npy("ys.npy", ramp(12), 2, 6);
        assertOneLineError(run("predict", "--weights", weights.toString(), "--xs", xs.toString(), "--ys", ys.toString(),
                "--loops", "2", "--out", dir.resolve("p.npy").toString()), "xs.npy", "3 dimensions");
    }

    @Test
    void predictRefusesNonFiniteInput() {
        float[] x = ramp(2 * 6 * 4);
        x[7] = Float.NaN;
        Path xs = npy("xs.npy", x, 2, 6, 4), ys = npy("ys.npy", ramp(12), 2, 6);
        assertOneLineError(run("predict", "--weights", weights.toString(), "--xs", xs.toString(), "--ys", ys.toString(),
                "--loops", "2", "--out", dir.resolve("p.npy").toString()), "xs.npy", "NaN", "finite");
    }

    @Test
    void loopedWeightsWithoutTrainLoopsNeedLoops() {
        Path xs = npy("xs.npy", ramp(2 * 6 * 4), 2, 6, 4), ys = npy("ys.npy", ramp(12), 2, 6);
        assertOneLineError(run("predict", "--weights", weights.toString(), "--xs", xs.toString(), "--ys", ys.toString(),
                "--out", dir.resolve("p.npy").toString()), "train_loops", "--loops");
    }

    @Test
    void weightsWithAMissingTensorAreRefused() {
        SafetensorsFile f = SafetensorsFile.read(weights);
        SafetensorsFile broken = new SafetensorsFile();
        f.metadata().forEach(broken::putMeta);
        f.tensors().values().stream().filter(t -> !t.name().equals("_read_out.bias")).forEach(broken::put);
        Path p = dir.resolve("missing.safetensors");
        broken.write(p);
        assertOneLineError(run("info", p.toString()), "missing.safetensors", "_read_out.bias");
    }

    @Test
    void weightsWithAMisshapedTensorAreRefused() {
        SafetensorsFile f = SafetensorsFile.read(weights);
        f.put(new NamedArray("_read_in.weight", new int[] {24, 4}, new float[96]));
        Path p = dir.resolve("shape.safetensors");
        f.write(p);
        assertOneLineError(run("info", p.toString()), "shape.safetensors", "_read_in.weight", "[24, 4]", "[24, 5]");
    }

    @Test
    void weightsWithNonFiniteValuesAreRefused() {
        SafetensorsFile f = SafetensorsFile.read(weights);
        float[] w = f.tensor("_read_out.weight").data().clone();
        w[3] = Float.POSITIVE_INFINITY;
        f.put(new NamedArray("_read_out.weight", new int[] {1, 24}, w));
        Path p = dir.resolve("inf.safetensors");
        f.write(p);
        assertOneLineError(run("info", p.toString()), "inf.safetensors", "_read_out.weight", "Infinity");
    }

    @Test
    void weightsWithoutArchitectureMetadataAreRefused() {
        SafetensorsFile f = SafetensorsFile.read(weights), bare = new SafetensorsFile();
        f.tensors().values().forEach(bare::put);
        bare.putMeta("n_dims", "5");
        Path p = dir.resolve("bare.safetensors");
        bare.write(p);
        assertOneLineError(run("info", p.toString()), "bare.safetensors", "family");
    }

    @Test
    void truncatedWeightsAreRefused() throws IOException {
        byte[] all = Files.readAllBytes(weights);
        Path p = dir.resolve("cut.safetensors");
        Files.write(p, Arrays.copyOf(all, all.length / 2));
        assertOneLineError(run("info", p.toString()), "cut.safetensors");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String command : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
            if (command.equals("help")) continue;
            Run r = run(command, "--help");
            assertEquals(0, r.code(), command + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: looped " + command), command + ": " + r.out());
            assertEquals("", r.err(), command);
        }
        // The top-level help lists every command's description: a stray '%' there makes picocli warn.
        Run top = run("--help");
        assertEquals(0, top.code());
        assertEquals("", top.err());
        assertTrue(run("bench", "--help").out().contains("--kernels"));
    }

    @Test
    void benchBreaksTheStepDownByKernel() {
        Run r = run("bench", "--embd", "16", "--layers", "1", "--heads", "2", "--dims", "3", "--points", "4", "--batch", "2",
                "--loops", "3", "--window", "2", "--warmup", "1", "--steps", "2", "--breakdown");
        assertEquals(0, r.code(), r.err());
        // First what the timings depend on besides the machine, then the step.
        assertTrue(r.out().lines().findFirst().orElseThrow().matches("bench: java \\d+\\S* \\(.+\\) kernels=(vector \\(\\d+-bit vectors\\)|scalar) threads=\\d+"), r.out());
        assertTrue(r.out().lines().skip(1).findFirst().orElseThrow().startsWith("bench custom median_ms="), r.out());
        // Every row's ms is the field before its share (the one ending in %). The rest is the step
        // less the kernels' sum: negative would mean the kernels were timed twice.
        int rowsSeen = 0;
        for (String line : r.out().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            for (int i = 1; i < f.length; i++)
                if (f[i].endsWith("%") && !line.contains("utilisation")) {
                    assertTrue(Double.parseDouble(f[i - 1]) >= 0, line);
                    if (line.startsWith("    matmul")) assertTrue(Double.parseDouble(f[i + 1]) > 0, "GFLOP/s in " + line);
                    rowsSeen++;
                    break;
                }
        }
        assertTrue(r.out().contains("    matmul dW (+ bias)") && r.out().contains("    outside the kernels"), r.out());
        assertEquals(13, rowsSeen, r.out()); // every kind a looped step calls, and the rest
    }

    @Test
    void badFlagValuesAreOneLineErrors() {
        assertOneLineError(run("init", "--family", "recurrent", "--n-dims", "5", "--n-positions", "8", "--n-embd", "24",
                "--n-layer", "1", "--n-head", "3", "--out", dir.resolve("x.safetensors").toString()), "recurrent", "standard, looped or tied");
        assertOneLineError(run("init", "--family", "looped", "--n-dims", "5", "--n-positions", "8", "--n-embd", "25",
                "--n-layer", "1", "--n-head", "3", "--out", dir.resolve("x.safetensors").toString()), "'n_embd' is 25", "n_head (3)");
        assertOneLineError(run("bench", "tiny"), "unknown preset 'tiny'");
    }

    @Test
    void sizesBeyondTheHeapOrAnArrayAreOneLineErrorsNamingTheFlag() {
        String[] base = {"init", "--family", "looped", "--n-dims", "5", "--n-layer", "1", "--n-head", "4", "--out",
                dir.resolve("x.safetensors").toString()};
        assertOneLineError(run(concat(base, "--n-positions", "8", "--n-embd", "20000")), "--n-embd is 20000, expected <= ", "GiB");
        assertOneLineError(run(concat(base, "--n-positions", "2000000000", "--n-embd", "16")), "--n-positions is 2000000000, expected <= ");
        assertOneLineError(run(concat(base, "--n-positions", "8", "--n-embd", "1000000")), "--n-embd is 1000000, expected <= 23170");
        Path xs = npy("xs.npy", ramp(2 * 6 * 4), 2, 6, 4), ys = npy("ys.npy", ramp(12), 2, 6);
        assertOneLineError(run("predict", "--weights", weights.toString(), "--xs", xs.toString(), "--ys", ys.toString(),
                "--loops", "1000000000", "--out", dir.resolve("p.npy").toString()), "--loops is 1000000000, expected <= ");
    }

    @Test
    void predictRefusesAnEmptyBatchNamingTheFile() {
        Path xs = npy("empty.npy", new float[0], 0, 6, 4), ys = npy("ys.npy", new float[0], 0, 6);
        assertOneLineError(run("predict", "--weights", weights.toString(), "--xs", xs.toString(), "--ys", ys.toString(),
                "--loops", "2", "--out", dir.resolve("p.npy").toString()), "empty.npy", "[0, 6, 4]", "at least one prompt");
    }

    @Test
    void anOutputDirectoryThatCannotBeMadeIsRefusedBeforeAnyWork() throws IOException {
        Path file = dir.resolve("file");
        Files.writeString(file, "not a directory");
        String out = file.resolve("eval").toString();
        Run eval = run("eval", weights.toString(), "--task", "linear_regression", "--loops", "2", "--out", out);
        assertOneLineError(eval, out + ": cannot write to the directory: ");
        assertFalse(eval.err().contains("Exception") || eval.err().contains("looped: eval "), eval.err());
        assertOneLineError(run("eval", weights.toString(), "--task", "linear_regression", "--loops", "2", "--out", file.toString()),
                file + ": cannot create the directory: " + file + " exists and is not a directory");
        Path runDir = Files.createDirectories(dir.resolve("run"));
        Files.writeString(runDir.resolve("metrics.jsonl"), "{\"step\": 1, \"loss\": 1.0}\n");
        Run plot = run("plot", runDir.toString(), "--out", out);
        assertOneLineError(plot, out + ": cannot write to the directory: ");
        assertFalse(plot.err().contains("Exception"), plot.err());
    }

    @Test
    void demoNamesItsOwnFlagForBadSteps() {
        Run r = run("demo", "--steps", "0", "--out", dir.resolve("demo").toString());
        assertOneLineError(r, "--steps must be >= 1, got 0");
        assertFalse(r.err().contains("--set"), r.err());
    }

    @Test
    void noCommandIsAnErrorThatShowsTheUsage() {
        Run r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("Usage: looped"), r.err());
    }

    @Test
    void theCommandListShowsWholeSentences() {
        // The top-level help lists the first line of each command's description: it must not stop mid-sentence.
        picocli.CommandLine cmd = new picocli.CommandLine(new Main());
        cmd.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) return;
            String first = sub.getCommandSpec().usageMessage().description()[0];
            assertTrue(first.endsWith("."), name + ": " + first);
        });
    }

    @Test
    void verboseShowsTheStackTrace() {
        Run r = run("--verbose", "info", dir.resolve("none.safetensors").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package org.loopedicl.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loopedicl.cli.Main;
import org.loopedicl.io.Npy;
import org.loopedicl.io.NpyArray;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.ModelFile;
import org.loopedicl.task.PromptBatch;

/** The command line: `loss=` equals what `looped gradients` writes; bad input is one line and exit 2. */
class PeerCommandTest {
    @TempDir Path dir;

    private record Run(int code, String out, String err) {}

    private static Run peer(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = PeerCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} K={1} T={2}")
    @CsvSource({"standard, 1, 1", "looped, 6, 4"})
    void lossEqualsLoopedGradients(String family, int loops, int window) {
        ModelConfig cfg = new ModelConfig(Family.parse(family), 4, 8, 32, 2, 4, LoopFunc.ADD);
        Path w = dir.resolve("w.safetensors"), xs = dir.resolve("xs.npy"), ys = dir.resolve("ys.npy"), g = dir.resolve("g.safetensors");
        ModelFile.save(w, TorchModelTest.scrambled(cfg, 21), Map.of());
        PromptBatch p = TorchModelTest.prompts(cfg, 8, 22);
        Npy.write(xs, NpyArray.ofFloats(p.xs(), p.batch(), p.points(), p.dims()));
        Npy.write(ys, NpyArray.ofFloats(p.ys(), p.batch(), p.points()));
        String[] common = {"--weights", w.toString(), "--xs", xs.toString(), "--ys", ys.toString(),
                "--loops", Integer.toString(loops), "--window", Integer.toString(window)};

        String[] gradients = new String[common.length + 3];
        gradients[0] = "gradients";
        System.arraycopy(common, 0, gradients, 1, common.length);
        gradients[common.length + 1] = "--out";
        gradients[common.length + 2] = g.toString();
        assertEquals(0, Main.run(gradients));
        double expected = Double.parseDouble(SafetensorsFile.read(g).meta("loss"));

        Run r = peer(common);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("loss="), r.out());
        assertEquals(expected, Double.parseDouble(r.out().strip().substring("loss=".length())), 1e-6 * expected);
    }

    @Test
    void unknownPresetIsOneLine() {
        Run r = peer("--preset", "huge");
        assertEquals(2, r.code());
        assertEquals("peer-libtorch: error: unknown preset 'huge', expected one of [small, mid, paper-looped, paper-standard]", r.err().strip());
    }

    @Test
    void missingWeightsFileIsNamed() {
        Path w = dir.resolve("absent.safetensors");
        Run r = peer("--weights", w.toString(), "--xs", "xs.npy", "--ys", "ys.npy", "--loops", "2", "--window", "1");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(w.toString()), r.err());
    }

    @Test
    void bothModesAreRefused() {
        Run r = peer("--preset", "small", "--loops", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("peer-libtorch: error: give either --preset P or --weights"), r.err());
    }
}

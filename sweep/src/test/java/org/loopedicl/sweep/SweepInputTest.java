package org.loopedicl.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad sweep input ends in one line naming the field or master and exit 2, before Spark or any cell starts. */
class SweepInputTest {
    static final Path TINY = Path.of("src/test/resources/sweeps/tiny.yaml").toAbsolutePath();

    @TempDir Path dir;

    private record Run(int code, String out, String err) {}

    private Run sweep(String yaml, String... options) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "base: " + TINY + "\n" + yaml);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        String[] args = new String[options.length + 3];
        args[0] = file.toString();
        args[1] = "--out";
        args[2] = dir.resolve("out").toString();
        System.arraycopy(options, 0, args, 3, options.length);
        int code = SweepCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void assertRefused(Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written");
    }

    @Test
    void unknownGridKeyIsNamedWithTheClosestValidOne() throws IOException {
        assertRefused(sweep("grid: {training.lop_window: [1, 2]}\n"),
                "s.yaml: grid: unknown key 'training.lop_window' (did you mean 'training.loop_window'?)");
    }

    @Test
    void unknownSetKeyIsNamed() throws IOException {
        assertRefused(sweep("set: {training: {train_stepz: 5}}\ngrid: {training.seed: [0]}\n"),
                "s.yaml: set: unknown key 'training.train_stepz' (did you mean 'training.train_steps'?)");
    }

    @Test
    void badValueInTheGridIsNamed() throws IOException {
        assertRefused(sweep("grid: {training.loop_window: [1, -1]}\n"), "s.yaml: grid: 'training.loop_window' is -1");
    }

    @Test
    void emptyOrMissingGridIsRefused() throws IOException {
        assertRefused(sweep("grid: {}\n"), "'grid' is empty");
        assertRefused(sweep("set: {training.seed: 1}\n"), "'grid' is empty");
        assertRefused(sweep("grid: {training.seed: []}\n"), "'grid.training.seed' is a list");
    }

    @Test
    void unknownTopLevelKeyIsNamed() throws IOException {
        assertRefused(sweep("gird: {training.seed: [0]}\n"), "unknown key 'gird'; did you mean 'grid'?");
    }

    @Test
    void unknownEvalOptionIsNamed() throws IOException {
        assertRefused(sweep("grid: {training.seed: [0]}\neval: [--promts, \"8\"]\n"), "s.yaml: 'eval': unknown option 'promts'; did you mean 'prompts'?");
    }

    @Test
    void unreachableMasterIsNamed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, and closed below: nothing listens there
        }
        assertRefused(sweep("grid: {training.seed: [0]}\n", "--master", "spark://127.0.0.1:" + port),
                "--master spark://127.0.0.1:" + port + ": cannot reach the master");
    }

    @Test
    void moreThreadsPerRunThanLocalCoresIsRefused() throws IOException {
        assertRefused(sweep("grid: {training.seed: [0]}\n", "--master", "local[2]", "--threads-per-run", "3"),
                "--threads-per-run 3 exceeds the 2 core(s) of --master local[2]");
    }

    @Test
    void cellsComeInGridOrderNamedByTheirValues() throws IOException {
        Path file = dir.resolve("g.yaml");
        Files.writeString(file, "base: " + TINY + "\ngrid:\n  training.curriculum.loops.end: [3, 4]\n"
                + "  training.curriculum.points.end: [9]\n  training.seed: [0, 1]\n");
        SweepFile sweep = SweepFile.load(file);
        assertEquals(List.of("training.curriculum.loops.end", "training.curriculum.points.end", "seed"), Grid.columns(sweep.grid()));
        List<Cell> cells = Grid.cells(sweep);
        assertEquals(List.of("training.curriculum.loops.end=3_training.curriculum.points.end=9_seed=0",
                "training.curriculum.loops.end=3_training.curriculum.points.end=9_seed=1",
                "training.curriculum.loops.end=4_training.curriculum.points.end=9_seed=0",
                "training.curriculum.loops.end=4_training.curriculum.points.end=9_seed=1"), cells.stream().map(Cell::name).toList());
        assertEquals(List.of("training.curriculum.loops.end=4", "training.curriculum.points.end=9", "training.seed=1"), cells.get(3).overrides());
    }

    @Test
    void evalFlagsAndMapReadAlike() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("prompts", "64");
        expected.put("baselines", List.of("least_squares", "ridge"));
        assertEquals(expected, EvalSettings.of(dir, List.of("--prompts", "64", "--baselines", "least_squares,ridge")).options());
        assertEquals(expected, EvalSettings.of(dir, expected).options());
    }
}

package org.loopedicl.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.cli.Main;
import org.loopedicl.experiment.Experiment;
import org.loopedicl.experiment.Experiments;
import org.loopedicl.tensor.ScalarKernelsScope;

/**
 * The evaluation writes what it wrote when it lived in the eval command: src/test/resources/workflow
 * holds two tiny trained runs, an experiment over them, and in expected/ the files that
 * {@code looped reproduce golden} wrote before the workflow left the CLI (scalar kernels, so
 * the bits do not depend on the CPU). The library call and the eval command must write them
 * byte for byte.
 */
class GoldenOutputTest {
    static final Path HOME = Path.of("src/test/resources/workflow");
    static final Path EXPECTED = HOME.resolve("expected");
    static final List<String> RESULTS = List.of("results.json", "ood/scale_x_2/results.json", "ood/orthant/results.json");

    @TempDir Path out;

    private static List<Path> runs() {
        return List.of(HOME.resolve("results/runs/golden_looped"), HOME.resolve("results/runs/golden_standard"));
    }

    private void assertSameFiles(List<String> files) throws IOException {
        for (String f : files) assertEquals(Files.readString(EXPECTED.resolve(f)), Files.readString(out.resolve(f)), f);
    }

    @Test
    void reproductionWritesTheExpectedFiles() throws IOException {
        Experiment golden = new Experiments(HOME).named("golden");
        Reproduction.Outcome o;
        try (ScalarKernelsScope scalar = new ScalarKernelsScope()) {
            o = Reproduction.run(golden, runs(), out, line -> {});
        }
        assertSameFiles(RESULTS);
        assertSameFiles(List.of("summary.md", "claims.json", "report.html"));
        assertEquals(Files.readString(EXPECTED.resolve("summary.md")), o.summary());
        assertEquals(List.of("scale_x_2", "orthant"), List.copyOf(o.evaluation().ood().keySet()));
    }

    @Test
    void theEvalCommandWritesTheExpectedFiles() throws IOException {
        int code;
        try (ScalarKernelsScope scalar = new ScalarKernelsScope()) {
            code = Main.run("--threads", "1", "eval", runs().get(0).toString(), runs().get(1).toString(), "--prompts", "32",
                    "--bootstrap", "50", "--baselines", "least_squares", "--ood", "scale_x_2,orthant", "--out", out.toString());
        }
        assertEquals(0, code);
        assertSameFiles(RESULTS);
        assertSameFiles(List.of("report.html"));
    }
}

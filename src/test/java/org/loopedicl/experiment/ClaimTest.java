package org.loopedicl.experiment;

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
import org.loopedicl.eval.LoopCurve;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.ModelLoops;
import org.loopedicl.eval.Results;
import org.loopedicl.io.InvalidInputException;

/** Each claim kind decided on hand-made curves, on both sides of its threshold, and experiment files' errors. */
class ClaimTest {
    @TempDir Path dir;

    private static MethodCurve curve(double... mean) {
        int[] k = new int[mean.length];
        for (int i = 0; i < k.length; i++) k[i] = i;
        return new MethodCurve(k, mean, mean.clone(), mean.clone());
    }

    private static ModelLoops loops(int b, double... mean) {
        int[] it = new int[mean.length];
        for (int i = 0; i < it.length; i++) it[i] = i + 1;
        return new ModelLoops(b, new LoopCurve(it, mean, mean, mean, mean, null), List.of());
    }

    private static final Results RESULTS = new Results("linear_regression", 4, "squared_error", "gaussian", Map.of(), Map.of(),
            Map.of("ls", curve(1, 0.5, 0, 0, 0),
                    "looped", curve(1, 0.55, 0.1, 0.03, 0.02),
                    "standard", curve(1, 0.6, 0.2, 0.02, 0.01)),
            Map.of("looped", loops(2, 0.5, 0.1, 0.105, 0.108),
                    "drifting", loops(2, 0.5, 0.1, 0.3, 0.9)), null);

    @Test
    void belowLooksAtTheWorstKInRange() {
        assertTrue(new Claim.Below(List.of("looped", "standard"), 0.05, 3, null).check(RESULTS).holds());
        assertFalse(new Claim.Below(List.of("looped", "standard"), 0.05, 2, null).check(RESULTS).holds(), "0.2 at k = 2");
        assertTrue(new Claim.Below(List.of("looped"), 0.6, 1, 1).check(RESULTS).holds(), "k_max bounds the range");
    }

    @Test
    void withinFactorComparesEveryK() {
        assertTrue(new Claim.WithinFactor("looped", "standard", 2.0, 3, null).check(RESULTS).holds(), "largest ratio 2.0 at k = 4");
        assertFalse(new Claim.WithinFactor("looped", "standard", 1.9, 3, null).check(RESULTS).holds());
    }

    @Test
    void followsBoundsTheAbsoluteGap() {
        assertTrue(new Claim.Follows(List.of("looped", "standard"), "ls", 0.1, 0, 1).check(RESULTS).holds());
        assertFalse(new Claim.Follows(List.of("looped", "standard"), "ls", 0.1, 0, 2).check(RESULTS).holds(), "0.2 at k = 2");
    }

    @Test
    void lowerAtOneK() {
        assertTrue(new Claim.Lower("looped", "standard", 2).check(RESULTS).holds());
        assertFalse(new Claim.Lower("looped", "standard", 3).check(RESULTS).holds());
        assertThrows(InvalidInputException.class, () -> new Claim.Lower("looped", "standard", 5).check(RESULTS));
    }

    @Test
    void lowerSaysWhetherTheBandsOverlap() {
        MethodCurve narrow = new MethodCurve(new int[] {0}, new double[] {0.5}, new double[] {0.45}, new double[] {0.55});
        MethodCurve wide = new MethodCurve(new int[] {0}, new double[] {0.6}, new double[] {0.5}, new double[] {0.7});
        MethodCurve far = new MethodCurve(new int[] {0}, new double[] {0.8}, new double[] {0.7}, new double[] {0.9});
        Results r = new Results("linear_regression", 4, "squared_error", "gaussian", Map.of(), Map.of(),
                Map.of("a", narrow, "b", wide, "c", far), Map.of(), null);
        Verdict overlap = new Claim.Lower("a", "b", 0).check(r);
        assertTrue(overlap.holds(), "decided on the means");
        assertTrue(overlap.evidence().endsWith("the bands overlap"), overlap.evidence());
        assertTrue(new Claim.Lower("a", "c", 0).check(r).evidence().endsWith("the bands are apart"));
        assertTrue(new Claim.Lower("c", "a", 0).check(r).evidence().endsWith("the bands are apart"));
    }

    @Test
    void loopStabilityAndDriftCompareTheTrainedDepthWithTheLastLoop() {
        assertTrue(new Claim.LoopStable(List.of("looped"), 0.1).check(RESULTS).holds(), "0.1 → 0.108 is 8%");
        assertFalse(new Claim.LoopStable(List.of("looped"), 0.05).check(RESULTS).holds());
        assertTrue(new Claim.LoopDrift(List.of("looped", "drifting"), 0.5).check(RESULTS).holds(), "0.1 → 0.9");
        assertFalse(new Claim.LoopDrift(List.of("looped"), 0.5).check(RESULTS).holds());
    }

    @Test
    void aMethodTheEvaluationLacksIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Claim.Lower("lopped", "standard", 1).check(RESULTS));
        assertTrue(e.getMessage().contains("'lopped'"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> new Claim.LoopStable(List.of("standard"), 0.1).check(RESULTS),
                "a standard model has no loop curve");
    }

    private String loadError(String yaml) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, yaml);
        return assertThrows(InvalidInputException.class, () -> Experiment.load(f)).getMessage();
    }

    @Test
    void experimentFilesFailOnOneLineNamingTheField() throws IOException {
        String e = loadError("runs: [a]\nclaims:\n  - {kind: below, methods: [a], value: 0.1, k_mn: 3}\n");
        assertTrue(e.startsWith(dir.resolve("bad.yaml").toString()) && e.contains("k_mn") && e.contains("claims[0]"), e);
        e = loadError("runs: [a]\nclaims:\n  - {kind: beneath, methods: [a]}\n");
        assertTrue(e.contains("unknown claim kind 'beneath'"), e);
        e = loadError("runs: [a]\nclaims:\n  - {kind: lower, method: a, k: 3}\n");
        assertTrue(e.contains("claims[0]") && e.contains("needs 'than'"), e);
        e = loadError("description: x\n");
        assertTrue(e.contains("'runs' is missing"), e);
        e = loadError("runs: [a\n");
        assertTrue(e.contains("YAML syntax error"), e);
        assertFalse(e.contains("\n"), "one line");
    }
}

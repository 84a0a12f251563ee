package org.loopedicl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loopedicl.eval.LoopCurve;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.ModelLoops;
import org.loopedicl.eval.Results;

class MarkdownSummaryTest {
    @Test
    void tablesHoldTheMeansAtTheChosenKAndLoopMultiples() {
        double[] loops = new double[40];
        for (int t = 0; t < loops.length; t++) loops[t] = 1.0 / (t + 1);
        int[] it = new int[40];
        for (int t = 0; t < it.length; t++) it[t] = t + 1;
        Map<String, MethodCurve> methods = new LinkedHashMap<>();
        methods.put("looped", new MethodCurve(new int[] {0, 1, 2}, new double[] {1, 0.5, 0.25}, new double[3], new double[3]));
        methods.put("least_squares", new MethodCurve(new int[] {0, 1, 2}, new double[] {1, 0.4, 1e-9}, new double[3], new double[3]));
        Results r = new Results("linear_regression", 2, "squared_error", "gaussian", Map.of(),
                Map.of("looped", Map.of("parameters", "1234")), methods,
                Map.of("looped", new ModelLoops(2, new LoopCurve(it, loops, loops, loops, loops, null), List.of())), null);
        String[] lines = MarkdownSummary.of(r, List.of(0, 2, 7)).split("\n");
        assertEquals("| squared error | params | k = 0 | k = 2 |", lines[0], "k beyond the curves is dropped");
        assertEquals("| looped | 1234 | 1.00 | 0.250 |", lines[2]);
        assertEquals("| least_squares |  | 1.00 | 1.00e-09 |", lines[3]);
        // b = 2: t = 2, 4, 10, 20, 40 → 1/t.
        assertEquals("| looped | 2 | 0.500 | 0.250 | 0.100 | 0.0500 | 0.0250 |", lines[lines.length - 1]);
        String[] ood = MarkdownSummary.ood(Map.of("skewed", r), 1).split("\n");
        assertEquals("| distribution (k = 1 / k = 2) | looped | least_squares |", ood[0]);
        assertEquals("| skewed | 0.500 / 0.250 | 0.400 / 1.00e-09 |", ood[2]);
        assertTrue(MarkdownSummary.of(r, List.of()).startsWith("| squared error | params | k = 0 | k = 1 | k = 2 |"),
                "default columns: 0, the quarters and the last k, without repeats");
    }
}

package org.loopedicl.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.loopedicl.eval.LoopCurve;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.ModelLoops;
import org.loopedicl.eval.Results;

/**
 * The numbers results.csv keeps of a cell: its final training loss, its model's error at a few k
 * (d/2, d and the last k, d = the prompts' dimension) and, for a looped model, the last query's
 * error after b and 20·b loop iterations.
 *
 * @param errorAtK k → mean error of the model's curve at k
 */
public record CellNumbers(double finalLoss, Map<Integer, Double> errorAtK, Double errorAtB, Double errorAt20B) implements Serializable {
    public CellNumbers {
        errorAtK = new LinkedHashMap<>(errorAtK);
    }

    static CellNumbers of(double finalLoss, Results r, String method) {
        MethodCurve c = r.methods().get(method);
        int d = ((Number) r.settings().get("dims")).intValue(), last = c.k().length - 1;
        Map<Integer, Double> at = new LinkedHashMap<>();
        for (int k : new TreeSet<>(java.util.List.of(d / 2, d, last))) if (k <= last) at.put(k, c.mean()[k]);
        ModelLoops loops = r.loops().get(method);
        if (loops == null) return new CellNumbers(finalLoss, at, null, null);
        int b = loops.trainLoops();
        return new CellNumbers(finalLoss, at, iteration(loops.curve(), b), iteration(loops.curve(), 20 * b));
    }

    /** The curve's mean at loop iteration t (1-based), or null past its end. */
    private static Double iteration(LoopCurve curve, int t) {
        return t >= 1 && t <= curve.mean().length ? curve.mean()[t - 1] : null;
    }
}

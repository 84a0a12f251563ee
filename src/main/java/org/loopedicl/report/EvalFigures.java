package org.loopedicl.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.loopedicl.eval.Results;

/**
 * The figures of one evaluation, drawn from its results: error against in-context examples,
 * error and hidden-state change against loop iterations (when a looped model was evaluated) and one panel per OOD
 * distribution. Each method keeps one colour across all of them.
 */
public final class EvalFigures {
    public static final String EXAMPLES = "error_vs_examples", LOOPS = "error_vs_loops", STATE = "state_change_vs_loops",
            OOD = "ood";

    private EvalFigures() {}

    /** Writes the figures into {@code dir} and returns them in the order the report shows them. */
    public static List<Figure> write(Path dir, Results main, Map<String, Results> ood) {
        List<String> colours = new ArrayList<>(main.methods().keySet());
        for (Results r : ood.values())
            for (String m : r.methods().keySet()) if (!colours.contains(m)) colours.add(m);
        String task = subject(main);
        List<Figure> out = new ArrayList<>();
        ChartFile.write(dir, EXAMPLES, ErrorVsExamplesFigure.chart(task + " (" + main.distribution() + ")", main, colours), 800, 520);
        out.add(new Figure(EXAMPLES, "Error against the number of in-context examples k: mean over prompts, shaded the 90% "
                + "bootstrap band, dashed the error of predicting 0. Look at how fast each model's error falls with k and how "
                + "close it comes to the best baseline; a model that learned the task in context follows it (paper Fig. 2 right). "
                + "Looped models are read after their last loop iteration."));
        if (!main.loops().isEmpty()) {
            ChartFile.write(dir, LOOPS, ErrorVsLoopsFigure.chart(task + ": error against loop iterations", main, colours), 800, 520);
            out.add(new Figure(LOOPS, "Error of the last query (solid, with band) and averaged over all positions (dashed) "
                    + "against the loop iteration; the vertical line marks b, the iterations trained. Look right of the line: "
                    + "an error that stays flat long past b means the loop reached a fixed point, one that climbs means it "
                    + "must be stopped at b (paper Fig. 2 left)."));
        }
        if (StateChangeFigure.applies(main)) {
            ChartFile.write(dir, STATE, StateChangeFigure.chart(task + ": hidden-state change per loop", main, colours), 800, 520);
            out.add(new Figure(STATE, "How far each loop iteration still moves the hidden state: ‖z_t − z_{t−1}‖ / ‖z_{t−1}‖ "
                    + "over a prompt's tokens, mean over prompts, log scale; the vertical line marks b. Look for a change that "
                    + "keeps falling past b: the loop is converging to a fixed point; a change that levels off above 0 means "
                    + "the state keeps moving (a cycle or a drift), even where the error looks flat."));
        }
        if (!ood.isEmpty()) {
            List<JFreeChart> panels = new ArrayList<>();
            ood.forEach((name, r) -> panels.add(ErrorVsExamplesFigure.chart(name, r, colours)));
            ChartFile.write(dir, OOD, panels, 3, 480, 340);
            out.add(new Figure(OOD, "Error against in-context examples under each out-of-distribution prompt "
                    + "distribution (docs/DESIGN.md §2), normalised as in distribution. Look for the panels where a model "
                    + "leaves the baseline it follows in distribution: that shift is what it did not learn to generalise to."));
        }
        return out;
    }

    /** What was evaluated, for titles: the task, a data table's target, or the prompts file. */
    static String subject(Results r) {
        if (r.task() != null) return r.task();
        if (r.settings() == null) return "prompts file";
        Object data = r.settings().get("data"), target = r.settings().get("target");
        return data != null ? java.nio.file.Path.of(data.toString()).getFileName() + " → " + target : "prompts file";
    }
}

package org.loopedicl.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.loopedicl.eval.EvalOptions;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.Results;
import org.loopedicl.report.HtmlReport;
import org.loopedicl.workflow.EvalOutcome;
import org.loopedicl.workflow.EvalRequest;
import org.loopedicl.workflow.EvalWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate models and baselines in context (docs/DESIGN.md §8): error per k with 90%% bootstrap bands, "
                + "error against loop iterations and adaptive depth for looped models, the OOD suite.",
                "Writes DIR/results.json, figures (PNG and SVG), report.html, and DIR/ood/<name>/results.json per OOD distribution."})
final class EvalCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR|W.safetensors", description = "Models to compare, named by run directory or file stem.")
    List<Path> sources;
    @Option(names = "--task", paramLabel = "T", description = "Function class (default: the models' training task).") String task;
    @Option(names = "--prompts", paramLabel = "N", description = "Test prompts (default " + EvalOptions.DEFAULT_PROMPTS + ").") Integer prompts;
    @Option(names = "--points", paramLabel = "N", description = "Points per prompt (default: the run's curriculum end, else n_positions).") Integer points;
    @Option(names = "--dims", paramLabel = "D", description = "Active dimensions (default: the model's n_dims).") Integer dims;
    @Option(names = "--loops", paramLabel = "K", description = "Loop iterations for looped models (default: "
            + EvalWorkflow.LOOPS_PER_B + "·b, b = train_loops).") Integer loops;
    @Option(names = "--ood", paramLabel = "LIST", split = ",", description = "OOD prompt distributions: 'all' or a comma list of "
            + "skewed, half_subspace, scale_x_F, scale_y_F, noisy_labels, orthant, orthogonal_query, overlapping_query.") List<String> ood;
    @Option(names = "--baselines", paramLabel = "LIST", split = ",",
            description = "Comma list of baseline names, 'default' for the task's usual set, or 'none' (default: default).") List<String> baselines;
    @Option(names = "--prompts-file", paramLabel = "P.npz", description = "Evaluate on these prompts: arrays xs [B, n, d] and ys [B, n].") Path promptsFile;
    @Option(names = "--normalizer", paramLabel = "X", description = "Divide squared errors by X (default: the task's normaliser; 1 for a prompts file without --task).") Double normalizer;
    @Option(names = "--seed", description = "Seeds prompts, bootstrap and baselines (default 0).") Long seed;
    @Option(names = "--bootstrap", paramLabel = "R", description = "Bootstrap resamples (default " + EvalOptions.DEFAULT_BOOTSTRAP + ").") Integer resamples;
    @Option(names = "--tolerances", paramLabel = "LIST", split = ",",
            description = "Adaptive-depth tolerances on ‖z_t − z_{t−1}‖/‖z_{t−1}‖ (default 1e-2,1e-3,1e-4).") List<Double> tolerances;
    @Option(names = "--data", paramLabel = "FILE.csv|FILE.arff", description = "Evaluate on prompts of this table's rows, standardised"
            + " (docs/DESIGN.md §8, real data); needs --target.") Path data;
    @Option(names = "--target", paramLabel = "COLUMN", description = "The --data column to predict.") String target;
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

    @Override
    public Integer call() {
        System.err.println(Main.engineLine());
        long start = System.nanoTime();
        EvalOptions options = new EvalOptions(task, prompts, points, dims, loops, ood, baselines, promptsFile, normalizer, seed,
                resamples, tolerances, data, target);
        EvalOutcome outcome = EvalWorkflow.run(new EvalRequest(sources, options, out), System.err::println);
        printSummary(outcome.results());
        System.out.println(wrote(outcome, start));
        return 0;
    }

    /** The line that ends an evaluation: where it went, what it wrote, how long it took. */
    static String wrote(EvalOutcome o, long startNanos) {
        return String.format("wrote %s: %s, %s, %d figure(s)%s in %.1f s", o.dir(), Results.FILE_NAME, HtmlReport.FILE_NAME,
                o.figures(), o.ood().isEmpty() ? "" : ", " + o.ood().size() + " OOD result(s)", (System.nanoTime() - startNanos) / 1e9);
    }

    /** Every method at k = d and at the last k: the numbers to read first. */
    static void printSummary(Results r) {
        int d = ((Number) r.settings().get("dims")).intValue();
        int last = r.methods().values().stream().mapToInt(c -> c.k().length - 1).max().orElse(0);
        System.out.printf("%-28s %16s %16s%n", r.metric(), "k = " + Math.min(d, last), "k = " + last);
        for (Map.Entry<String, MethodCurve> e : r.methods().entrySet()) {
            MethodCurve c = e.getValue();
            System.out.printf("%-28s %16.5g %16.5g%n", e.getKey(), c.mean()[Math.min(d, c.k().length - 1)], c.mean()[c.k().length - 1]);
        }
    }
}

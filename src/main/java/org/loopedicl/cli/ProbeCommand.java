package org.loopedicl.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.loopedicl.probe.ProbeResults;
import org.loopedicl.probe.ProbeTarget;
import org.loopedicl.report.ProbeFigure;
import org.loopedicl.workflow.ProbeWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Linear probes of the hidden state at the last x token, per loop iteration or layer, against a randomly"
                + " initialised model of the same shape (docs/DESIGN.md §8): probe.json and probe.{png,svg}.")
final class ProbeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR|W.safetensors") List<Path> sources;
    @Option(names = "--target", defaultValue = "w_ols", description = "xty, w_ols or ols_prediction (default ${DEFAULT-VALUE}).") String target;
    @Option(names = "--prompts", defaultValue = "2048", paramLabel = "N", description = "Prompts; 3/4 fit the probes, 1/4 score them (default ${DEFAULT-VALUE}).") int prompts;
    @Option(names = "--points", paramLabel = "n", description = "Points per prompt (default: the run's training.curriculum.points.end, else n_positions).") Integer points;
    @Option(names = "--loops", paramLabel = "K", description = "Loop iterations probed (default: b, the file's train_loops).") Integer loops;
    @Option(names = "--task", description = "Function class (default: the one the weights' metadata names).") String task;
    @Option(names = "--alpha", defaultValue = "1e-3", description = "Ridge penalty relative to the mean variance of the state (default ${DEFAULT-VALUE}).") double alpha;
    @Option(names = "--seed", defaultValue = "0", description = "Seeds the prompts and the random-init models (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

    @Override
    public Integer call() {
        System.err.println(Main.engineLine());
        long start = System.nanoTime();
        ProbeWorkflow.Request q = new ProbeWorkflow.Request(sources, ProbeTarget.parse(target), task, prompts, points, loops, alpha, seed, out);
        ProbeWorkflow.run(q, System.out::println);
        System.err.printf("wrote %s: %s, %s.{png,svg} in %.1f s%n", out, ProbeResults.FILE_NAME, ProbeFigure.STEM, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}

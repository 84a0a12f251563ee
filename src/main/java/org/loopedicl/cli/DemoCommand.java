package org.loopedicl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.loopedicl.eval.EvalOptions;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.train.TrainConfig;
import org.loopedicl.workflow.EvalOutcome;
import org.loopedicl.workflow.EvalRequest;
import org.loopedicl.workflow.EvalWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, description = {
        "Train a small looped and a small standard transformer, then evaluate both.",
        "The task is 5-dimensional linear regression (configs/cpu/demo_*.yaml, a few minutes on 2 cores);",
        "the evaluation compares both models with least squares.",
        "Run again to reuse finished runs; an interrupted one resumes."})
final class DemoCommand implements Callable<Integer> {
    static final List<String> CONFIGS = List.of("demo_looped", "demo_standard");

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo",
            description = "Where the runs and the evaluation go (default ${DEFAULT-VALUE}).") Path out;
    @Option(names = "--steps", paramLabel = "N", description = "Training steps per model (default: the configs').") Integer steps;

    @Override
    public Integer call() {
        if (steps != null && steps < 1) throw new InvalidInputException("--steps must be >= 1, got " + steps);
        System.err.println(Main.engineLine());
        List<Path> runs = new ArrayList<>();
        for (String name : CONFIGS) {
            List<String> sets = steps == null ? List.of() : List.of("training.train_steps=" + steps);
            TrainConfig cfg = TrainConfig.load(config(name), sets);
            runs.add(TrainCommand.train(cfg, out.resolve(name.substring("demo_".length())), true).root());
        }
        long start = System.nanoTime();
        EvalOptions options = EvalOptions.DEFAULTS.withPrompts(512).withBaselines(List.of("least_squares"));
        EvalOutcome outcome = EvalWorkflow.run(new EvalRequest(runs, options, out.resolve("eval")), System.err::println);
        EvalCommand.printSummary(outcome.results());
        System.out.println(EvalCommand.wrote(outcome, start));
        return 0;
    }

    /** The demo's configs ship with the launcher: found under its home, else the working directory. */
    static Path config(String name) {
        Path p = Main.home().resolve("configs/cpu").resolve(name + ".yaml");
        if (!Files.isRegularFile(p))
            throw new InvalidInputException(p + ": the demo config is missing; run ./looped from a checkout of looped-icl");
        return p;
    }
}

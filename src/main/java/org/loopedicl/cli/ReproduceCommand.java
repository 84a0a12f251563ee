package org.loopedicl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.loopedicl.experiment.Experiment;
import org.loopedicl.experiment.Experiments;
import org.loopedicl.experiment.Verdict;
import org.loopedicl.report.MarkdownSummary;
import org.loopedicl.train.RunDirectory;
import org.loopedicl.train.TrainConfig;
import org.loopedicl.workflow.ModelSource;
import org.loopedicl.workflow.Reproduction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Run one experiment of docs/RESULTS.md end to end.",
        "Trains its runs (unless trained copies ship in results/runs/), evaluates them together, draws the",
        "figures and decides the experiment's claims. Writes DIR/results.json, figures, report.html,",
        "summary.md (tables) and claims.json."})
final class ReproduceCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The experiment (see --list).") String name;
    @Option(names = "--list", description = "List the experiments, their runs and whether those are trained.") boolean list;
    @Option(names = "--retrain", description = "Train the runs under their configs' out_dir even where trained copies ship "
            + "(an interrupted training resumes).") boolean retrain;
    @Option(names = "--out", paramLabel = "DIR", description = "Where the evaluation goes (default runs/reproduce/NAME).") Path out;

    @Override
    public Integer call() {
        Experiments experiments = new Experiments(Main.home());
        if (list) {
            List<Experiment> all = experiments.all();
            // One column for the run names, as wide as the longest of them.
            int width = all.stream().flatMap(e -> e.runs().stream()).mapToInt(String::length).max().orElse(0);
            for (Experiment e : all) {
                System.out.printf("%s: %s%n", e.name(), e.description());
                for (String run : e.runs()) System.out.printf("  %-" + width + "s  %s%n", run, status(experiments, run));
            }
            return 0;
        }
        if (name == null) throw new IllegalArgumentException("name an experiment (./looped reproduce --list shows them)");
        System.err.println(Main.engineLine());
        long start = System.nanoTime();
        Experiment e = experiments.named(name);
        Path dir = out != null ? out : Path.of("runs/reproduce", e.name());
        List<Path> runs = new ArrayList<>();
        for (String run : e.runs()) runs.add(runDirectory(experiments, run));
        System.err.println("looped: reproduce " + e.name() + ": evaluating " + runs.stream().map(Path::toString).collect(Collectors.joining(", "))
                + " into " + dir);
        Reproduction.Outcome outcome = Reproduction.run(e, runs, dir, System.err::println);
        EvalCommand.printSummary(outcome.evaluation().results());
        System.out.println(EvalCommand.wrote(outcome.evaluation(), start));
        System.out.print(outcome.summary());
        List<Verdict> verdicts = outcome.verdicts();
        verdicts.forEach(System.out::println);
        if (verdicts.isEmpty()) System.out.printf("%s: no claims to decide; the tables are in %s%n", e.name(), dir.resolve(MarkdownSummary.FILE_NAME));
        else System.out.printf("%s: %d of %d claims hold; see %s%n", e.name(), verdicts.stream().filter(Verdict::holds).count(),
                verdicts.size(), dir.resolve(Reproduction.CLAIMS_FILE));
        return 0;
    }

    /** The shipped trained run, or the run trained (or resumed) under the config's out_dir. */
    private Path runDirectory(Experiments experiments, String run) {
        Path shipped = experiments.shipped(run);
        if (!retrain && Files.isRegularFile(new RunDirectory(shipped).model())) return relativeToCwd(shipped);
        RunDirectory trained = TrainCommand.train(TrainConfig.load(experiments.config(run), List.of()), null, true);
        return trained.root();
    }

    /** The shipped run as the user would type it from where they are, when it lies below. */
    private static Path relativeToCwd(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs) : p;
    }

    private static String status(Experiments experiments, String run) {
        if (Files.isRegularFile(new RunDirectory(experiments.shipped(run)).model())) return "trained copy in results/runs";
        if (!Files.isRegularFile(experiments.config(run))) return "MISSING config " + experiments.config(run);
        TrainConfig cfg = TrainConfig.load(experiments.config(run), List.of());
        Path weights = new RunDirectory(cfg.outDir()).model();
        if (!Files.isRegularFile(weights)) return "to train";
        long step = ModelSource.open(weights).training().step();
        return step >= cfg.training().trainSteps() ? "trained here in " + cfg.outDir()
                : "trained here to step " + step + " of " + cfg.training().trainSteps() + " (resumes)";
    }
}

package org.loopedicl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.loopedicl.eval.Results;
import org.loopedicl.experiment.Experiment;
import org.loopedicl.experiment.Experiments;
import org.loopedicl.experiment.Verdict;
import org.loopedicl.model.ModelFile;
import org.loopedicl.report.MarkdownSummary;
import org.loopedicl.train.RunDirectory;
import org.loopedicl.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Run one experiment of docs/RESULTS.md end to end.",
        "Trains its runs (unless trained copies ship in results/runs/), evaluates them together, draws the",
        "figures and decides the experiment's claims. Writes DIR/results.json, figures, report.html,",
        "summary.md (tables) and claims.json."})
final class ReproduceCommand implements Callable<Integer> {
    static final String CLAIMS_FILE = "claims.json";

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The experiment (see --list).") String name;
    @Option(names = "--list", description = "List the experiments, their runs and whether those are trained.") boolean list;
    @Option(names = "--retrain", description = "Train the runs under their configs' out_dir even where trained copies ship "
            + "(an interrupted training resumes).") boolean retrain;
    @Option(names = "--out", paramLabel = "DIR", description = "Where the evaluation goes (default runs/reproduce/NAME).") Path out;

    @Override
    public Integer call() throws IOException {
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
        Experiment e = experiments.named(name);
        Path dir = out != null ? out : Path.of("runs/reproduce", e.name());
        List<String> eval = new ArrayList<>(List.of("eval"));
        for (String run : e.runs()) eval.add(runDirectory(experiments, run).toString());
        eval.addAll(e.eval());
        eval.addAll(List.of("--out", dir.toString()));
        System.err.println("looped: reproduce " + e.name() + ": ./looped " + String.join(" ", eval));
        int code = Main.run(eval.toArray(String[]::new));
        if (code != 0) return code;

        Results results = Results.read(dir.resolve(Results.FILE_NAME));
        String summary = MarkdownSummary.of(results, e.tableK());
        if (!results.ood().isEmpty()) {
            Map<String, Results> ood = new LinkedHashMap<>();
            results.ood().forEach((distribution, file) -> ood.put(distribution, Results.read(dir.resolve(file))));
            summary += "\n" + MarkdownSummary.ood(ood, ((Number) results.settings().get("dims")).intValue());
        }
        Files.writeString(dir.resolve(MarkdownSummary.FILE_NAME), summary);
        System.out.print(summary);
        List<Verdict> verdicts = e.claims().stream().map(c -> c.check(results)).toList();
        verdicts.forEach(System.out::println);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("experiment", e.name());
        report.put("verdicts", verdicts);
        Files.writeString(dir.resolve(CLAIMS_FILE),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n");
        if (verdicts.isEmpty()) System.out.printf("%s: no claims to decide; the tables are in %s%n", e.name(), dir.resolve(MarkdownSummary.FILE_NAME));
        else System.out.printf("%s: %d of %d claims hold; see %s%n", e.name(), verdicts.stream().filter(Verdict::holds).count(),
                verdicts.size(), dir.resolve(CLAIMS_FILE));
        return 0;
    }

    /** The shipped trained run, or the run trained (or resumed) under the config's out_dir. */
    private Path runDirectory(Experiments experiments, String run) {
        Path shipped = experiments.shipped(run);
        if (!retrain && Files.isRegularFile(shipped.resolve(ModelSource.WEIGHTS))) return relativeToCwd(shipped);
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
        if (Files.isRegularFile(experiments.shipped(run).resolve(ModelSource.WEIGHTS))) return "trained copy in results/runs";
        if (!Files.isRegularFile(experiments.config(run))) return "MISSING config " + experiments.config(run);
        TrainConfig cfg = TrainConfig.load(experiments.config(run), List.of());
        Path weights = cfg.outDir().resolve(ModelSource.WEIGHTS);
        if (!Files.isRegularFile(weights)) return "to train";
        long step = Long.parseLong(ModelFile.load(weights).metadata().getOrDefault("step", "0"));
        return step >= cfg.training().trainSteps() ? "trained here in " + cfg.outDir()
                : "trained here to step " + step + " of " + cfg.training().trainSteps() + " (resumes)";
    }
}

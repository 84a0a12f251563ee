package org.loopedicl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.loopedicl.baseline.Baseline;
import org.loopedicl.eval.EvalModel;
import org.loopedicl.eval.Evaluation;
import org.loopedicl.eval.Evaluator;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.OodSuite;
import org.loopedicl.eval.Results;
import org.loopedicl.eval.Scorer;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.OutputDirectory;
import org.loopedicl.model.Family;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.ModelSize;
import org.loopedicl.report.EvalFigures;
import org.loopedicl.report.Figure;
import org.loopedicl.report.HtmlReport;
import org.loopedicl.report.TrainingCurvesFigure;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.Metric;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.PromptDistribution;
import org.loopedicl.task.RandomStream;
import org.loopedicl.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate models and baselines in context (docs/DESIGN.md §8): error per k with 90%% bootstrap bands, "
                + "error against loop iterations and adaptive depth for looped models, the OOD suite.",
                "Writes DIR/results.json, figures (PNG and SVG), report.html, and DIR/ood/<name>/results.json per OOD distribution."})
final class EvalCommand implements Callable<Integer> {
    private static final int LOOPS_PER_B = 20;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR|W.safetensors", description = "Models to compare, named by run directory or file stem.")
    List<Path> sources;
    @Option(names = "--task", paramLabel = "T", description = "Function class (default: the models' training task).") String task;
    @Option(names = "--prompts", paramLabel = "N", defaultValue = "1280", description = "Test prompts (default ${DEFAULT-VALUE}).") int prompts;
    @Option(names = "--points", paramLabel = "N", description = "Points per prompt (default: the run's curriculum end, else n_positions).") Integer points;
    @Option(names = "--dims", paramLabel = "D", description = "Active dimensions (default: the model's n_dims).") Integer dims;
    @Option(names = "--loops", paramLabel = "K", description = "Loop iterations for looped models (default: " + LOOPS_PER_B + "·b, b = train_loops).") Integer loops;
    @Option(names = "--ood", paramLabel = "LIST", description = "OOD prompt distributions: 'all' or a comma list of "
            + "skewed, half_subspace, scale_x_F, scale_y_F, noisy_labels, orthant, orthogonal_query, overlapping_query.") String ood;
    @Option(names = "--baselines", paramLabel = "LIST", defaultValue = "default",
            description = "Comma list of baseline names, 'default' for the task's usual set, or 'none' (default ${DEFAULT-VALUE}).") String baselines;
    @Option(names = "--prompts-file", paramLabel = "P.npz", description = "Evaluate on these prompts: arrays xs [B, n, d] and ys [B, n].") Path promptsFile;
    @Option(names = "--normalizer", paramLabel = "X", description = "Divide squared errors by X (default: the task's normaliser; 1 for a prompts file without --task).") Double normalizer;
    @Option(names = "--seed", defaultValue = "0", description = "Seeds prompts, bootstrap and baselines (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--bootstrap", paramLabel = "R", defaultValue = "1000", description = "Bootstrap resamples (default ${DEFAULT-VALUE}).") int resamples;
    @Option(names = "--tolerances", paramLabel = "LIST", split = ",", defaultValue = "1e-2,1e-3,1e-4",
            description = "Adaptive-depth tolerances on ‖z_t − z_{t−1}‖/‖z_{t−1}‖ (default ${DEFAULT-VALUE}).") List<Double> tolerances;
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

    @Override
    public Integer call() throws IOException {
        System.err.println(Main.engineLine());
        long start = System.nanoTime();
        if (prompts < 1) throw new InvalidInputException("--prompts must be >= 1, got " + prompts);
        if (resamples < 1) throw new InvalidInputException("--bootstrap must be >= 1, got " + resamples);
        for (double t : tolerances) if (!(t > 0)) throw new InvalidInputException("--tolerances must be > 0, got " + t);
        OutputDirectory.prepare(out);
        List<ModelSource> models = new ArrayList<>();
        for (Path p : sources) models.add(ModelSource.open(p));
        int nDims = sameNDims(models);
        String taskName = task != null ? task : trainedTask(models);
        Optional<TrainConfig> config = models.stream().map(ModelSource::config).flatMap(Optional::stream).findFirst();
        FunctionClass fc = taskName == null ? null : FunctionClass.create(taskName, knobs(config, taskName));

        PromptBatch fromFile = null;
        int n, d;
        if (promptsFile != null) {
            if (ood != null) throw new InvalidInputException("--ood samples its own prompts; it cannot be combined with --prompts-file");
            fromFile = PromptFiles.loadNpz(promptsFile, models.get(0).file().model().config());
            n = fromFile.points();
            d = fromFile.dims();
        } else {
            if (fc == null) throw new InvalidInputException(models.get(0).weights() + ": metadata names no task; give --task");
            n = points != null ? points : config.map(c -> c.training().curriculum().points().end()).orElse(minPositions(models));
            d = dims != null ? dims : nDims; // docs/DESIGN.md §8: at the full dimension, whatever the curriculum reached
        }
        for (ModelSource m : models) checkFits(m, taskName, n, d);
        double norm = normalizer != null ? normalizer : fc != null ? fc.normalizer(d) : 1;
        Metric metric = fc != null ? fc.metric() : Metric.SQUARED_ERROR;
        Evaluator evaluator = new Evaluator(new Scorer(metric, norm), seed, resamples, tolerances);
        List<EvalModel> evalModels = new ArrayList<>();
        for (ModelSource m : models) evalModels.add(evalModel(m));
        for (EvalModel m : evalModels)
            ModelSize.checkPredictions(m.model().config(), m.loops(), fromFile != null ? fromFile.batch() : prompts, n, ModelSize.Blame.FLAG);
        List<Baseline> base = BaselineSelection.resolve(baselines, taskName, seed);
        List<String> oodList = oodNames(nDims);

        System.err.printf("looped: eval %s: %d prompts × %d points, d = %d, %d model(s), baselines %s%n",
                taskName == null ? promptsFile : taskName, fromFile != null ? fromFile.batch() : prompts, n, d, models.size(),
                base.stream().map(Baseline::name).toList());
        Map<String, Object> settings = settings(fromFile != null ? fromFile.batch() : prompts, n, d, nDims, base);
        Map<String, Map<String, String>> modelInfo = modelInfo(models, evalModels);
        OodSuite suite = fc == null ? null : new OodSuite(fc, nDims, d, prompts, n, seed);
        Evaluation main = fromFile != null ? evaluator.evaluate(fromFile, evalModels, base)
                : suite.run(PromptDistribution.GAUSSIAN, evaluator, evalModels, base);

        Map<String, Results> oodResults = new LinkedHashMap<>();
        Map<String, String> oodPaths = new LinkedHashMap<>();
        for (String name : oodList) {
            long t0 = System.nanoTime();
            Evaluation e = suite.run(name, evaluator, evalModels, base);
            Results r = new Results(taskName, norm, evaluator.scorer().metricName(), name, settings, modelInfo, e.methods(), e.loops(), null);
            Path dir = out.resolve("ood").resolve(name);
            Files.createDirectories(dir);
            r.write(dir.resolve(Results.FILE_NAME));
            oodResults.put(name, r);
            oodPaths.put(name, "ood/" + name + "/" + Results.FILE_NAME);
            System.err.printf("looped: ood %s done in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
        }
        Results results = new Results(taskName, norm, evaluator.scorer().metricName(),
                fromFile != null ? "file" : PromptDistribution.GAUSSIAN, settings, modelInfo, main.methods(), main.loops(), oodPaths);
        results.write(out.resolve(Results.FILE_NAME));

        List<Figure> figures = EvalFigures.write(out, results, oodResults);
        List<Figure> training = new ArrayList<>();
        for (ModelSource m : models) {
            String stem = TrainingCurvesFigure.STEM + "_" + m.name();
            if (m.metrics().isPresent() && TrainingCurvesFigure.write(m.metrics().get(), out, stem, m.name()))
                training.add(new Figure(stem, "Training curves of " + m.name() + " (its metrics.jsonl)."));
        }
        HtmlReport.write(out, results, oodResults, figures, training);
        printSummary(results, d);
        System.out.printf("wrote %s: %s, %s, %d figure(s)%s in %.1f s%n", out, Results.FILE_NAME, HtmlReport.FILE_NAME,
                figures.size() + training.size(), oodResults.isEmpty() ? "" : ", " + oodResults.size() + " OOD result(s)",
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private List<String> oodNames(int nDims) {
        if (ood == null) return List.of();
        List<String> names = new ArrayList<>();
        for (String part : ood.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) continue;
            if (name.equals("all")) names.addAll(PromptDistribution.suite());
            else names.add(name);
        }
        // The in-distribution prompts are the main evaluation already.
        names.removeIf(PromptDistribution.GAUSSIAN::equals);
        // Unknown names fail here, before any model runs.
        for (String name : names) PromptDistribution.named(name, nDims, RandomStream.of(seed, "check"));
        return names.stream().distinct().toList();
    }

    private static int sameNDims(List<ModelSource> models) {
        int nDims = models.get(0).file().model().config().nDims();
        for (ModelSource m : models)
            if (m.file().model().config().nDims() != nDims)
                throw new InvalidInputException(m.weights() + ": n_dims = " + m.file().model().config().nDims() + " differs from "
                        + models.get(0).weights() + "'s n_dims = " + nDims + "; models compared on one prompt set must agree");
        return nDims;
    }

    /** The task all models were trained on, or null if none says; models trained on different tasks need --task. */
    private static String trainedTask(List<ModelSource> models) {
        String found = null;
        for (ModelSource m : models) {
            String t = m.file().metadata().get("task");
            if (t == null) continue;
            if (found != null && !found.equals(t))
                throw new InvalidInputException(m.weights() + ": trained on " + t + ", another model on " + found + "; give --task");
            found = t;
        }
        return found;
    }

    /** The task's knobs (sparsity, noise, …) from the run's configuration when it trained this task. */
    private static Map<String, Object> knobs(Optional<TrainConfig> config, String taskName) {
        return config.filter(c -> c.training().task().equals(taskName)).map(c -> c.training().taskKwargs()).orElse(Map.of());
    }

    private static int minPositions(List<ModelSource> models) {
        return models.stream().mapToInt(m -> m.file().model().config().nPositions()).min().orElseThrow();
    }

    /** The prompts must fit the model: d active coordinates of its n_dims, n points of its n_positions. */
    private static void checkFits(ModelSource m, String taskName, int n, int d) {
        ModelConfig c = m.file().model().config();
        String what = taskName == null ? "the prompts" : "task " + taskName;
        if (d < 1 || d > c.nDims())
            throw new InvalidInputException(what + " at d = " + d + " does not match " + m.weights() + ": n_dims = " + c.nDims());
        if (n < 1 || n > c.nPositions())
            throw new InvalidInputException(what + " with " + n + " points does not fit " + m.weights() + ": n_positions = " + c.nPositions());
    }

    private EvalModel evalModel(ModelSource m) {
        if (m.file().model().config().family() == Family.STANDARD) return new EvalModel(m.name(), m.file().model(), 1, 0);
        int b = m.file().metadata().containsKey("train_loops") ? LoopSettings.resolve(m.weights(), m.file(), null, null).loops() : 0;
        if (loops == null && b == 0)
            throw new InvalidInputException(m.weights() + ": metadata has no 'train_loops'; give --loops");
        if (loops != null && loops < 1) throw new InvalidInputException("--loops must be >= 1, got " + loops);
        return new EvalModel(m.name(), m.file().model(), loops != null ? loops : LOOPS_PER_B * b, b);
    }

    private Map<String, Object> settings(int batch, int n, int d, int nDims, List<Baseline> base) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("prompts", batch);
        s.put("points", n);
        s.put("dims", d);
        s.put("n_dims", nDims);
        s.put("seed", seed);
        s.put("bootstrap_resamples", resamples);
        s.put("adaptive_tolerances", tolerances);
        s.put("baselines", base.stream().map(Baseline::name).toList());
        if (promptsFile != null) s.put("prompts_file", promptsFile.toString());
        return s;
    }

    private static Map<String, Map<String, String>> modelInfo(List<ModelSource> models, List<EvalModel> evalModels) {
        Map<String, Map<String, String>> info = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ModelSource m = models.get(i);
            if (info.containsKey(m.name()))
                throw new InvalidInputException(m.weights() + ": another model is also named '" + m.name() + "'; rename one");
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("path", m.runDir().orElse(m.weights()).toString());
            meta.put("eval_loops", Integer.toString(evalModels.get(i).loops()));
            meta.put("parameters", Long.toString(m.file().model().parameters().count()));
            meta.put("parameters_non_embedding", Long.toString(m.file().model().nonEmbeddingParameterCount()));
            m.file().metadata().forEach(meta::putIfAbsent);
            info.put(m.name(), meta);
        }
        return info;
    }

    /** Every method at k = d and at the last k: the numbers to read first. */
    private static void printSummary(Results r, int d) {
        int last = r.methods().values().stream().mapToInt(c -> c.k().length - 1).max().orElse(0);
        System.out.printf("%-28s %16s %16s%n", r.metric(), "k = " + Math.min(d, last), "k = " + last);
        for (Map.Entry<String, MethodCurve> e : r.methods().entrySet()) {
            MethodCurve c = e.getValue();
            System.out.printf("%-28s %16.5g %16.5g%n", e.getKey(), c.mean()[Math.min(d, c.k().length - 1)], c.mean()[c.k().length - 1]);
        }
    }
}

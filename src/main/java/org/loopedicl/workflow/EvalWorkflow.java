package org.loopedicl.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.loopedicl.baseline.Baseline;
import org.loopedicl.eval.EvalModel;
import org.loopedicl.eval.EvalOptions;
import org.loopedicl.eval.Evaluation;
import org.loopedicl.eval.Evaluator;
import org.loopedicl.eval.OodSuite;
import org.loopedicl.eval.Results;
import org.loopedicl.eval.Scorer;
import org.loopedicl.io.DataTable;
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
import org.loopedicl.task.TablePrompts;
import org.loopedicl.train.TrainConfig;

/**
 * An evaluation from models on disk to a directory: the protocol of docs/evaluation.md in
 * distribution and under each OOD distribution, then results.json (one per distribution), the
 * figures and report.html. What {@code looped eval}, {@code reproduce} and {@code demo} run.
 */
public final class EvalWorkflow {
    /** The baselines "default" means on a data table: least squares, ridge, kNN, a tree and boosted trees. */
    static final List<String> DATA_BASELINES = List.of("least_squares", "ridge_1", "knn_3", "tree_depth4", "xgboost");

    /** Looped models run this many times their trained b unless told otherwise. */
    public static final int LOOPS_PER_B = 20;

    private final EvalOptions o;
    private final Consumer<String> log;

    private EvalWorkflow(EvalOptions options, Consumer<String> log) {
        this.o = options;
        this.log = log;
    }

    /** Runs the evaluation quietly. */
    public static EvalOutcome run(EvalRequest request) {
        return run(request, line -> {});
    }

    /**
     * Runs the evaluation; {@code log} receives one line when it starts and one per OOD
     * distribution done. Bad input (models that disagree, prompts that do not fit, unknown names)
     * is an {@link InvalidInputException} before any model runs.
     */
    public static EvalOutcome run(EvalRequest request, Consumer<String> log) {
        try {
            return new EvalWorkflow(request.options(), log).evaluate(request.models(), request.out());
        } catch (IOException e) {
            throw InvalidInputException.io(request.out(), "write the evaluation", e);
        }
    }

    private EvalOutcome evaluate(List<Path> sources, Path out) throws IOException {
        OutputDirectory.prepare(out);
        List<ModelSource> models = new ArrayList<>();
        for (Path p : sources) models.add(ModelSource.open(p));
        int nDims = sameNDims(models);
        // A data table is its own task: its standardised target has normaliser 1 (docs/DESIGN.md §8, real data).
        String taskName = o.data() != null ? null : o.task() != null ? o.task() : trainedTask(models);
        Optional<TrainConfig> config = models.stream().map(ModelSource::config).flatMap(Optional::stream).findFirst();
        FunctionClass fc = taskName == null ? null : FunctionClass.create(taskName, knobs(config, taskName));

        PromptBatch fromFile = null;
        Map<String, Object> dataNotes = Map.of();
        int n, d;
        if (o.data() != null) {
            n = points(config, models);
            TablePrompts table = TablePrompts.of(DataTable.read(o.data()), o.target(), nDims, o.prompts(), n, o.seed());
            fromFile = table.prompts();
            dataNotes = table.notes();
            d = fromFile.dims();
        } else if (o.promptsFile() != null) {
            if (!o.ood().isEmpty()) throw new InvalidInputException("ood samples its own prompts; it cannot be combined with a prompts file");
            fromFile = PromptFiles.loadNpz(o.promptsFile(), models.get(0).file().model().config());
            n = fromFile.points();
            d = fromFile.dims();
        } else {
            if (fc == null) throw new InvalidInputException(models.get(0).weights() + ": metadata names no task; give --task");
            n = points(config, models);
            d = o.dims() != null ? o.dims() : nDims; // evaluated at the full dimension, whatever the curriculum reached
        }
        for (ModelSource m : models) checkFits(m, taskName, n, d);
        double norm = o.normalizer() != null ? o.normalizer() : fc != null ? fc.normalizer(d) : 1;
        Metric metric = fc != null ? fc.metric() : Metric.SQUARED_ERROR;
        Evaluator evaluator = new Evaluator(new Scorer(metric, norm), o.seed(), o.bootstrap(), o.tolerances());
        List<EvalModel> evalModels = new ArrayList<>();
        for (ModelSource m : models) evalModels.add(evalModel(m));
        for (EvalModel m : evalModels)
            ModelSize.checkPredictions(m.model().config(), m.loops(), fromFile != null ? fromFile.batch() : o.prompts(), n, ModelSize.Blame.FLAG);
        List<String> baselines = o.data() != null && o.baselines().equals(List.of("default")) ? DATA_BASELINES : o.baselines();
        List<Baseline> base = BaselineSelection.resolve(baselines, taskName, o.seed());
        List<String> oodList = oodNames(nDims);

        int prompts = fromFile != null ? fromFile.batch() : o.prompts();
        log.accept(String.format("looped: eval %s: %d prompts × %d points, d = %d, %d model(s), baselines %s",
                taskName != null ? taskName : o.data() != null ? o.data() + " → " + o.target() : o.promptsFile(),
                prompts, n, d, models.size(), base.stream().map(Baseline::name).toList()));
        Map<String, Object> settings = settings(prompts, n, d, nDims, base);
        settings.putAll(dataNotes);
        Map<String, Map<String, String>> modelInfo = modelInfo(models, evalModels);
        OodSuite suite = fc == null ? null : new OodSuite(fc, nDims, d, o.prompts(), n, o.seed());
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
            log.accept(String.format("looped: ood %s done in %.1f s", name, (System.nanoTime() - t0) / 1e9));
        }
        Results results = new Results(taskName, norm, evaluator.scorer().metricName(),
                o.data() != null ? "data" : fromFile != null ? "file" : PromptDistribution.GAUSSIAN, settings, modelInfo, main.methods(), main.loops(), oodPaths);
        results.write(out.resolve(Results.FILE_NAME));

        List<Figure> figures = EvalFigures.write(out, results, oodResults);
        List<Figure> training = new ArrayList<>();
        for (ModelSource m : models) {
            String stem = TrainingCurvesFigure.STEM + "_" + m.name();
            if (m.metrics().isPresent() && TrainingCurvesFigure.write(m.metrics().get(), out, stem, m.name()))
                training.add(TrainingCurvesFigure.figure(stem, m.name()));
        }
        HtmlReport.write(out, results, oodResults, figures, training);
        return new EvalOutcome(out, results, oodResults, figures.size() + training.size());
    }

    private List<String> oodNames(int nDims) {
        List<String> names = new ArrayList<>();
        for (String part : o.ood()) {
            String name = part.trim();
            if (name.isEmpty()) continue;
            if (name.equals("all")) names.addAll(PromptDistribution.suite());
            else names.add(name);
        }
        // The in-distribution prompts are the main evaluation already.
        names.removeIf(PromptDistribution.GAUSSIAN::equals);
        // Unknown names fail here, before any model runs.
        for (String name : names) PromptDistribution.named(name, nDims, RandomStream.of(o.seed(), "check"));
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

    /** The task all models were trained on, or null if none says; models trained on different tasks need a task named. */
    private static String trainedTask(List<ModelSource> models) {
        String found = null;
        for (ModelSource m : models) {
            String t = m.training().task();
            if (t == null) continue;
            if (found != null && !found.equals(t))
                throw new InvalidInputException(m.weights() + ": trained on " + t + ", another model on " + found + "; give --task");
            found = t;
        }
        return found;
    }

    /** The task's knobs (sparsity, noise, …) from the run's configuration when it trained this task. */
    static Map<String, Object> knobs(Optional<TrainConfig> config, String taskName) {
        return config.filter(c -> c.training().task().equals(taskName)).map(c -> c.training().taskKwargs()).orElse(Map.of());
    }

    /** The requested points, else the points the run trained at, else what every model can hold. */
    private int points(Optional<TrainConfig> config, List<ModelSource> models) {
        return o.points() != null ? o.points() : config.map(c -> c.training().curriculum().points().end()).orElse(minPositions(models));
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
        int b = m.training().trainLoops() > 0 ? m.file().model().effectiveLoops(m.training().trainLoops()) : 0;
        if (o.loops() == null && b == 0)
            throw new InvalidInputException(m.weights() + ": metadata has no 'train_loops'; give --loops");
        return new EvalModel(m.name(), m.file().model(), o.loops() != null ? o.loops() : LOOPS_PER_B * b, b);
    }

    private Map<String, Object> settings(int batch, int n, int d, int nDims, List<Baseline> base) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("prompts", batch);
        s.put("points", n);
        s.put("dims", d);
        s.put("n_dims", nDims);
        s.put("seed", o.seed());
        s.put("bootstrap_resamples", o.bootstrap());
        s.put("adaptive_tolerances", o.tolerances());
        s.put("baselines", base.stream().map(Baseline::name).toList());
        if (o.promptsFile() != null) s.put("prompts_file", o.promptsFile().toString());
        if (o.data() != null) {
            s.put("data", o.data().toString());
            s.put("target", o.target());
        }
        return s;
    }

    private static Map<String, Map<String, String>> modelInfo(List<ModelSource> models, List<EvalModel> evalModels) {
        Map<String, Map<String, String>> info = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ModelSource m = models.get(i);
            if (info.containsKey(m.name()))
                throw new InvalidInputException(m.weights() + ": another model is also named '" + m.name() + "'; rename one");
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("path", m.run().map(r -> r.root()).orElse(m.weights()).toString());
            meta.put("eval_loops", Integer.toString(evalModels.get(i).loops()));
            meta.put("parameters", Long.toString(m.file().model().parameters().count()));
            meta.put("parameters_non_embedding", Long.toString(m.file().model().nonEmbeddingParameterCount()));
            // A fine-tune's weights count only its own steps: name what it started from.
            m.config().map(c -> c.training().initFrom()).ifPresent(from -> meta.put("init_from", from));
            m.file().metadata().forEach(meta::putIfAbsent);
            info.put(m.name(), meta);
        }
        return info;
    }
}

package org.loopedicl.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loopedicl.eval.EvalModel;
import org.loopedicl.eval.Evaluation;
import org.loopedicl.eval.Evaluator;
import org.loopedicl.eval.OodSuite;
import org.loopedicl.eval.Results;
import org.loopedicl.eval.Scorer;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.OutputDirectory;
import org.loopedicl.model.Family;
import org.loopedicl.model.ModelFile;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.PromptDistribution;
import org.loopedicl.train.RunDirectory;
import org.loopedicl.train.TrainConfig;

/** The evaluation of one cell's run, in distribution, into results.json. */
final class CellEvaluation {
    private static final List<String> OPTIONS = List.of("prompts", "points", "loops", "seed", "bootstrap");
    private static final int LOOPS_PER_B = 20;

    private final int prompts, bootstrap;
    private final Integer points, loops;
    private final long seed;

    CellEvaluation(Path file, EvalSettings settings) {
        Map<String, Object> o = settings.options();
        for (String name : o.keySet())
            if (!OPTIONS.contains(name))
                throw new InvalidInputException(file + ": 'eval': option '" + name + "' is not one a sweep cell takes (" + String.join(", ", OPTIONS) + ")");
        prompts = integer(file, o, "prompts", 1280);
        bootstrap = integer(file, o, "bootstrap", 1000);
        points = o.containsKey("points") ? integer(file, o, "points", 0) : null;
        loops = o.containsKey("loops") ? integer(file, o, "loops", 0) : null;
        seed = integer(file, o, "seed", 0);
    }

    /** Evaluates the run's model (named {@code name}, as in results.json) and writes {@code out}/results.json. */
    Results evaluate(String name, RunDirectory run, Path out) {
        OutputDirectory.prepare(out);
        TrainConfig cfg = TrainConfig.load(run.config(), List.of());
        ModelFile f = ModelFile.load(run.model());
        int b = f.model().config().family() == Family.STANDARD ? 1 : cfg.training().curriculum().loops().end();
        int k = loops != null ? loops : LOOPS_PER_B * b;
        FunctionClass fc = FunctionClass.create(cfg.training().task(), cfg.training().taskKwargs());
        int d = cfg.model().nDims(), n = points != null ? points : cfg.training().curriculum().points().end();
        Evaluator evaluator = new Evaluator(new Scorer(fc.metric(), fc.normalizer(d)), seed, bootstrap, List.of(1e-2, 1e-3, 1e-4));
        Evaluation e = new OodSuite(fc, d, d, prompts, n, seed).run(PromptDistribution.GAUSSIAN, evaluator,
                List.of(new EvalModel(name, f.model(), k, b)), List.of());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("prompts", prompts);
        settings.put("points", n);
        settings.put("dims", d);
        settings.put("seed", seed);
        Results r = new Results(cfg.training().task(), fc.normalizer(d), evaluator.scorer().metricName(), PromptDistribution.GAUSSIAN, settings,
                Map.of(name, Map.of("eval_loops", Integer.toString(k))), e.methods(), e.loops(), null);
        r.write(out.resolve(Results.FILE_NAME));
        return r;
    }

    private static int integer(Path file, Map<String, Object> o, String name, int fallback) {
        Object v = o.get(name);
        if (v == null) return fallback;
        try {
            int i = Integer.parseInt(v.toString().trim());
            if (i >= (name.equals("seed") ? 0 : 1)) return i;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException(file + ": 'eval': " + name + " is '" + v + "', expected a positive integer");
    }
}

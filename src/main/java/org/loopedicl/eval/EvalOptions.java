package org.loopedicl.eval;

import java.nio.file.Path;
import java.util.List;
import org.loopedicl.io.InvalidInputException;

/**
 * How to evaluate, the models aside: what {@code looped eval}'s flags set and what an experiment's
 * {@code eval:} section holds (the same names in snake case). A null component takes the default
 * shown; the others, when null, are derived from the models (see docs/evaluation.md).
 *
 * @param task        function class (default: the models' training task)
 * @param prompts     test prompts (1280)
 * @param points      points per prompt (default: the run's curriculum end, else n_positions)
 * @param dims        active dimensions (default: the models' n_dims)
 * @param loops       loop iterations K for looped models (default: 20·b, b = train_loops)
 * @param ood         OOD prompt distributions, or "all" (none)
 * @param baselines   baseline names, "default" for the task's usual set, or "none" (default)
 * @param promptsFile evaluate on the prompts of this .npz (arrays xs, ys) instead of sampling
 * @param normalizer  divide squared errors by this (default: the task's normaliser; 1 for a
 *                    prompts file without a task)
 * @param seed        seeds prompts, bootstrap and baselines (0)
 * @param bootstrap   bootstrap resamples (1000)
 * @param tolerances  adaptive-depth tolerances (1e-2, 1e-3, 1e-4)
 * @param data        evaluate on prompts of this table's rows (.csv or .arff; docs/DESIGN.md §8, real data)
 * @param target      the table's column to predict (required with data)
 */
public record EvalOptions(String task, Integer prompts, Integer points, Integer dims, Integer loops, List<String> ood,
                          List<String> baselines, Path promptsFile, Double normalizer, Long seed, Integer bootstrap,
                          List<Double> tolerances, Path data, String target) {
    public static final int DEFAULT_PROMPTS = 1280, DEFAULT_BOOTSTRAP = 1000;
    /** Every option at its default. */
    public static final EvalOptions DEFAULTS = new EvalOptions(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public EvalOptions {
        prompts = prompts == null ? DEFAULT_PROMPTS : prompts;
        ood = ood == null ? List.of() : List.copyOf(ood);
        baselines = baselines == null ? List.of("default") : List.copyOf(baselines);
        seed = seed == null ? 0L : seed;
        bootstrap = bootstrap == null ? DEFAULT_BOOTSTRAP : bootstrap;
        tolerances = tolerances == null ? List.of(1e-2, 1e-3, 1e-4) : List.copyOf(tolerances);
        if (prompts < 1) throw new InvalidInputException("prompts must be >= 1, got " + prompts);
        if (bootstrap < 1) throw new InvalidInputException("bootstrap must be >= 1, got " + bootstrap);
        if (loops != null && loops < 1) throw new InvalidInputException("loops must be >= 1, got " + loops);
        for (double t : tolerances) if (!(t > 0)) throw new InvalidInputException("tolerances must be > 0, got " + t);
        if ((data == null) != (target == null))
            throw new InvalidInputException(data == null ? "target names a column of a data table; give data too" : data + ": give the target column to predict");
        if (data != null && promptsFile != null) throw new InvalidInputException(data + ": a data table and a prompts file cannot both give the prompts");
        if (data != null && !ood.isEmpty()) throw new InvalidInputException(data + ": ood samples its own prompts; it cannot be combined with a data table");
    }

    public EvalOptions withTask(String task) {
        return new EvalOptions(task, prompts, points, dims, loops, ood, baselines, promptsFile, normalizer, seed, bootstrap, tolerances, data, target);
    }

    public EvalOptions withPrompts(int prompts) {
        return new EvalOptions(task, prompts, points, dims, loops, ood, baselines, promptsFile, normalizer, seed, bootstrap, tolerances, data, target);
    }

    public EvalOptions withLoops(int loops) {
        return new EvalOptions(task, prompts, points, dims, loops, ood, baselines, promptsFile, normalizer, seed, bootstrap, tolerances, data, target);
    }

    public EvalOptions withOod(List<String> ood) {
        return new EvalOptions(task, prompts, points, dims, loops, ood, baselines, promptsFile, normalizer, seed, bootstrap, tolerances, data, target);
    }

    public EvalOptions withBaselines(List<String> baselines) {
        return new EvalOptions(task, prompts, points, dims, loops, ood, baselines, promptsFile, normalizer, seed, bootstrap, tolerances, data, target);
    }

    public EvalOptions withBootstrap(int bootstrap) {
        return new EvalOptions(task, prompts, points, dims, loops, ood, baselines, promptsFile, normalizer, seed, bootstrap, tolerances, data, target);
    }

    public EvalOptions withSeed(long seed) {
        return new EvalOptions(task, prompts, points, dims, loops, ood, baselines, promptsFile, normalizer, seed, bootstrap, tolerances, data, target);
    }
}

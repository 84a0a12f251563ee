package org.loopedicl.eval;

import java.util.Arrays;
import java.util.List;
import org.loopedicl.baseline.Baseline;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.PromptDistribution;
import org.loopedicl.task.PromptSampler;
import org.loopedicl.task.QueryPrompts;
import org.loopedicl.task.RandomStream;

/**
 * Evaluation under the OOD prompt distributions of docs/DESIGN.md §2 (Garg et al.'s suite): the same
 * protocol as in distribution, models and baselines alike, with fresh prompts per distribution.
 * Query samplers that define a query only at some positions (orthogonal queries exist for k &lt; d)
 * get a curve over those positions only.
 */
public final class OodSuite {
    /** The stream of the in-distribution prompts; other distributions draw from PROMPT_STREAM/name. */
    private static final String PROMPT_STREAM = "eval";

    private final FunctionClass task;
    private final int nDims, dims, prompts, points;
    private final long seed;

    /**
     * @param dims the active dimensions of the prompts (≤ nDims, the model's input width)
     */
    public OodSuite(FunctionClass task, int nDims, int dims, int prompts, int points, long seed) {
        this.task = task;
        this.nDims = nDims;
        this.dims = dims;
        this.prompts = prompts;
        this.points = points;
        this.seed = seed;
    }

    public Evaluation run(String name, Evaluator evaluator, List<EvalModel> models, List<Baseline> baselines) {
        PromptDistribution dist = PromptDistribution.named(name, nDims, RandomStream.of(seed, "eval-basis/" + name));
        PromptSampler sampler = new PromptSampler(task, dist, nDims);
        RandomStream rng = RandomStream.of(seed, name.equals(PromptDistribution.GAUSSIAN) ? PROMPT_STREAM : PROMPT_STREAM + "/" + name);
        QueryPrompts q = sampler.sampleQueries(prompts, points, dims, rng);
        // Where every query is the prompt's own point, one pass over the full prompts scores every k.
        if (q.definedQueries() == points && Arrays.equals(q.xs(), q.queries()) && Arrays.equals(q.ys(), q.queryYs()))
            return evaluator.evaluate(new PromptBatch(q.xs(), q.ys(), prompts, points, nDims), models, baselines);
        return evaluator.evaluate(q, models, baselines);
    }
}

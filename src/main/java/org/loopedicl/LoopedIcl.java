package org.loopedicl;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.loopedicl.eval.EvalOptions;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.PromptSampler;
import org.loopedicl.task.RandomStream;
import org.loopedicl.train.RunDirectory;
import org.loopedicl.train.StepMetrics;
import org.loopedicl.train.TrainConfig;
import org.loopedicl.train.Trainer;
import org.loopedicl.workflow.EvalOutcome;
import org.loopedicl.workflow.EvalRequest;
import org.loopedicl.workflow.EvalWorkflow;
import org.loopedicl.workflow.ModelSource;

/**
 * The library's entry point: train a model from a config, load one, predict with it for K loop
 * iterations, evaluate models into a report. The same code the {@code looped} command runs, and
 * the same files: a run directory from {@link #train}, results.json, figures and report.html from
 * {@link #evaluate}. Bad input throws {@link org.loopedicl.io.InvalidInputException} with a one-line
 * message naming the file and field.
 */
public final class LoopedIcl {
    private LoopedIcl() {}

    /**
     * Trains as the YAML config says, quietly, and returns the run directory. A checkpoint there
     * is resumed, a finished run returned as it is.
     *
     * @param config    a training config (see configs/)
     * @param out       the run directory, or null for the config's {@code out_dir}
     * @param overrides {@code key=value} settings over the config, e.g. {@code training.train_steps=500}
     */
    public static RunDirectory train(Path config, Path out, List<String> overrides) {
        TrainConfig cfg = TrainConfig.load(config, overrides);
        RunDirectory dir = new RunDirectory(out != null ? out : cfg.outDir());
        new Trainer(cfg, dir).run(true, new Trainer.Progress() {
            @Override
            public void started(long step, long total) {}

            @Override
            public void stepped(StepMetrics metrics) {}

            @Override
            public void message(String line) {}

            @Override
            public void finished() {}
        });
        return dir;
    }

    /** Loads a model from a run directory (its model.safetensors) or a weights file. */
    public static ModelSource load(Path runOrWeights) {
        return ModelSource.open(runOrWeights);
    }

    /**
     * Fresh prompts of a function class for a model: {@code batch} prompts as long as the model
     * takes ({@code n_positions} points) at its full input width, drawn from {@code seed}.
     *
     * @param task a function class name, e.g. {@code linear_regression}
     */
    public static PromptBatch prompts(String task, ModelSource model, int batch, long seed) {
        ModelConfig c = model.file().model().config();
        return new PromptSampler(FunctionClass.create(task, Map.of()), c.nDims())
                .sample(batch, c.nPositions(), c.nDims(), RandomStream.of(seed, "prompts"));
    }

    /**
     * The loop count the model was trained to run: b ({@code train_loops}) for a looped model, 1
     * for a standard one. A looped model whose file does not say needs an explicit count.
     */
    public static int trainedLoops(ModelSource model) {
        return model.file().model().effectiveLoops(Math.max(1, model.training().trainLoops()));
    }

    /**
     * The prediction of every y after {@code loops} iterations (a standard model runs once),
     * [batch, points] row-major: entry b·points + i predicts y_i of prompt b from the points before it.
     */
    public static float[] predict(ModelSource model, PromptBatch prompts, int loops) {
        TransformerModel m = model.file().model();
        int k = m.effectiveLoops(loops), size = prompts.batch() * prompts.points();
        return Arrays.copyOfRange(m.predict(prompts, k), (k - 1) * size, k * size);
    }

    /**
     * Evaluates models (run directories or weights files) and baselines and writes results.json,
     * the figures and report.html into {@code out}, as {@code looped eval} does.
     */
    public static EvalOutcome evaluate(List<Path> models, EvalOptions options, Path out) {
        return EvalWorkflow.run(new EvalRequest(models, options, out));
    }
}

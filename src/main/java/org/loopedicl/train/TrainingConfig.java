package org.loopedicl.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.loopedicl.io.ConfigTree;
import org.loopedicl.task.FunctionClass;

/**
 * The {@code training:} section. Defaults are the paper's settings (docs/DESIGN.md §7): Adam at a constant
 * 1e-4, batch 64, 500k steps, no weight decay or clipping, checkpoints every 1000 steps with a
 * copy kept every 100k.
 *
 * @param taskKwargs the task's own knobs (sparsity, noise_std, …), checked by the task factory
 * @param gradClip   maximum global gradient norm; 0 turns clipping off
 * @param loopWindow T, the loop iterations the looped family's loss and gradient cover
 * @param loopSpread 0 to run the loop curriculum's K every step, N to run K + U{0..N} (a loss past b)
 * @param datasetSize 0 for fresh prompts every step, N for a fixed training set of N prompts
 * @param keepEverySteps 0 keeps no copies beyond the latest checkpoint
 * @param evalEverySteps 0 turns the held-out per-position loss off
 * @param initFrom   weights to start from instead of the seed's initialisation (fine-tuning), or null
 */
public record TrainingConfig(
        String task,
        Map<String, Object> taskKwargs,
        int batchSize,
        double learningRate,
        int trainSteps,
        long seed,
        Optimizer optimizer,
        double weightDecay,
        LrSchedule lrSchedule,
        int warmupSteps,
        double gradClip,
        int loopWindow,
        int loopSpread,
        int datasetSize,
        int saveEverySteps,
        int keepEverySteps,
        int logEverySteps,
        int evalEverySteps,
        String initFrom,
        CurriculumConfig curriculum) {

    public enum Optimizer {
        /** Weight decay, if any, is added to the gradient (PyTorch Adam). */
        ADAM,
        /** Weight decay is decoupled from the gradient (PyTorch AdamW). */
        ADAMW;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum LrSchedule {
        CONSTANT,
        /** Cosine decay to 0 at train_steps, after the warm-up. */
        COSINE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String KEY = "training";

    static TrainingConfig read(ConfigTree t, int nDims) {
        int loopWindow = t.integer(KEY + ".loop_window", 15);
        return new TrainingConfig(
                t.choice(KEY + ".task", "linear_regression", FunctionClass.names()),
                t.freeMap(KEY + ".task_kwargs"),
                t.integer(KEY + ".batch_size", 64),
                t.number(KEY + ".learning_rate", 1e-4),
                t.integer(KEY + ".train_steps", 500_000),
                t.longInteger(KEY + ".seed", 0),
                Optimizer.valueOf(t.choice(KEY + ".optimizer", "adam", keys(Optimizer.values())).toUpperCase(Locale.ROOT)),
                t.number(KEY + ".weight_decay", 0.0),
                LrSchedule.valueOf(t.choice(KEY + ".lr_schedule", "constant", keys(LrSchedule.values())).toUpperCase(Locale.ROOT)),
                t.integer(KEY + ".warmup_steps", 0),
                t.number(KEY + ".grad_clip", 0.0),
                loopWindow,
                t.integer(KEY + ".loop_spread", 0),
                t.integer(KEY + ".dataset_size", 0),
                t.integer(KEY + ".save_every_steps", 1000),
                t.integer(KEY + ".keep_every_steps", 100_000),
                t.integer(KEY + ".log_every_steps", 100),
                t.integer(KEY + ".eval_every_steps", 0),
                t.string(KEY + ".init_from", null),
                CurriculumConfig.read(t, nDims, loopWindow));
    }

    private static List<String> keys(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }

    void check(ConfigTree t) {
        t.require(batchSize >= 1, KEY + ".batch_size", batchSize, ">= 1");
        t.require(learningRate > 0, KEY + ".learning_rate", learningRate, "> 0");
        t.require(trainSteps >= 1, KEY + ".train_steps", trainSteps, ">= 1");
        t.require(weightDecay >= 0, KEY + ".weight_decay", weightDecay, ">= 0");
        t.require(warmupSteps >= 0, KEY + ".warmup_steps", warmupSteps, ">= 0");
        t.require(gradClip >= 0, KEY + ".grad_clip", gradClip, ">= 0 (0 = off)");
        t.require(loopWindow >= 1, KEY + ".loop_window", loopWindow, ">= 1");
        t.require(loopSpread >= 0, KEY + ".loop_spread", loopSpread, ">= 0 (0 = the curriculum's loop count every step)");
        t.require(datasetSize >= 0, KEY + ".dataset_size", datasetSize, ">= 0 (0 = fresh prompts every step)");
        t.require(saveEverySteps >= 1, KEY + ".save_every_steps", saveEverySteps, ">= 1");
        t.require(keepEverySteps >= 0, KEY + ".keep_every_steps", keepEverySteps, ">= 0 (0 = none)");
        t.require(logEverySteps >= 1, KEY + ".log_every_steps", logEverySteps, ">= 1");
        t.require(evalEverySteps >= 0, KEY + ".eval_every_steps", evalEverySteps, ">= 0 (0 = off)");
        curriculum.check(t);
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("task_kwargs", new LinkedHashMap<>(taskKwargs));
        m.put("batch_size", batchSize);
        m.put("learning_rate", learningRate);
        m.put("train_steps", trainSteps);
        m.put("seed", seed);
        m.put("optimizer", optimizer.key());
        m.put("weight_decay", weightDecay);
        m.put("lr_schedule", lrSchedule.key());
        m.put("warmup_steps", warmupSteps);
        m.put("grad_clip", gradClip);
        m.put("loop_window", loopWindow);
        if (loopSpread > 0) m.put("loop_spread", loopSpread); // absent from the configs of runs that predate it
        m.put("dataset_size", datasetSize);
        m.put("save_every_steps", saveEverySteps);
        m.put("keep_every_steps", keepEverySteps);
        m.put("log_every_steps", logEverySteps);
        m.put("eval_every_steps", evalEverySteps);
        if (initFrom != null) m.put("init_from", initFrom);
        m.put("curriculum", curriculum.toTree());
        return m;
    }
}

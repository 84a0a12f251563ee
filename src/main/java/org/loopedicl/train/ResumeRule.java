package org.loopedicl.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.loopedicl.io.InvalidInputException;

/**
 * Which config changes {@code --resume} accepts: only those that leave the run a run of its
 * recorded config, so that config.yaml keeps describing the weights. The intervals of saving,
 * keeping, logging and held-out evaluation touch no weight; {@code train_steps} may move to any
 * step the checkpoint has not passed, except under a cosine schedule, whose every rate depends on
 * it. Everything else (task, seed, learning rate, model, curriculum, …) is refused, naming the key.
 */
final class ResumeRule {
    static final String TRAIN_STEPS = TrainingConfig.KEY + ".train_steps";
    /** Keys that may take any value on resume; out_dir is only where the run lives. */
    static final Set<String> FREE = Set.of(TrainingConfig.KEY + ".save_every_steps", TrainingConfig.KEY + ".keep_every_steps",
            TrainingConfig.KEY + ".log_every_steps", TrainingConfig.KEY + ".eval_every_steps", "out_dir");
    private static final String HINT = "--resume keeps a run's config except training.train_steps (not below the checkpoint's"
            + " step, nor under a cosine schedule) and the save, keep, log and eval intervals; choose another --out for a new run";

    private ResumeRule() {
    }

    /** Refuses {@code now} as a continuation of {@code recorded} (from {@code file}) at checkpoint {@code step}. */
    static void check(Path file, TrainConfig recorded, TrainConfig now, long step) {
        Map<String, Object> was = flat(recorded.resolvedTree()), is = flat(now.resolvedTree());
        for (String key : union(was, is)) {
            Object a = was.get(key), b = is.get(key);
            if (FREE.contains(key) || same(a, b)) continue;
            if (key.equals(TRAIN_STEPS) && now.training().lrSchedule() == TrainingConfig.LrSchedule.CONSTANT) continue;
            throw changed(file, key, a, b);
        }
        if (now.training().trainSteps() < step)
            throw new InvalidInputException(file + ": '" + TRAIN_STEPS + "' is " + now.training().trainSteps()
                    + ", but the checkpoint is at step " + step + " already; " + HINT);
    }

    private static InvalidInputException changed(Path file, String key, Object was, Object is) {
        return new InvalidInputException(file + ": '" + key + "' is " + (was == null ? "absent" : was) + " in this run, "
                + (is == null ? "absent" : is) + " now; " + HINT);
    }

    private static Iterable<String> union(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> all = new LinkedHashMap<>(a);
        b.forEach(all::putIfAbsent);
        return all.keySet();
    }

    /** Numbers by value (YAML may read 1 back as 1.0 in a free-form map), anything else by equality. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        return Objects.equals(a, b);
    }

    private static Map<String, Object> flat(Map<String, Object> tree) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten(tree, "", out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(Map<String, Object> node, String prefix, Map<String, Object> out) {
        node.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m && !m.isEmpty()) flatten((Map<String, Object>) m, key, out);
            else out.put(key, v);
        });
    }
}

package org.loopedicl.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.Family;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.ModelFile;
import org.loopedicl.model.ModelSize;
import org.loopedicl.model.PredictionLoss;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.nn.Parameter;
import org.loopedicl.task.Curriculum;
import org.loopedicl.task.CurriculumSchedule;
import org.loopedicl.task.FixedDataset;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.Metric;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.PromptSampler;
import org.loopedicl.task.RandomStream;
import org.loopedicl.task.ShuffledEpochs;

/**
 * The training loop of docs/DESIGN.md §7: a batch at the curriculum's values, the windowed loss and its
 * gradient, optional clipping, an Adam step, the curriculum update; metrics, checkpoints and
 * exact resume around it. Everything random comes from named streams of the config's seed, and
 * their state is in every checkpoint, so a resumed run continues bit for bit.
 */
public final class Trainer {
    private static final int HELD_OUT_PROMPTS = 256;

    /** Receives progress; the CLI shows a bar on a terminal and plain lines otherwise. */
    public interface Progress {
        void started(long step, long total);

        void stepped(StepMetrics metrics);

        void message(String line);

        void finished();
    }

    private final TrainConfig cfg;
    private final TrainingConfig tc;
    private final RunDirectory dir;
    private final TransformerModel model;
    private final Adam adam;
    private final FunctionClass task;
    private final PromptSampler sampler;
    private final Curriculum curriculum;
    private final RandomStream data;
    private final ShuffledEpochs epochs;
    private final PredictionLoss loss;
    private final LearningRate lr;
    private final HeldOutError heldOut;
    private long step;
    private OptionalDouble finalLoss = OptionalDouble.empty();

    public Trainer(TrainConfig cfg, RunDirectory dir) {
        this.cfg = cfg;
        this.tc = cfg.training();
        this.dir = dir;
        ModelConfig mc = cfg.model();
        CurriculumConfig c = tc.curriculum();
        ModelSize.checkTraining(mc, tc.batchSize(), c.points().end(), activationSets(mc.family(), tc), (field, problem) ->
                new InvalidInputException(dir.root() + ": '" + (field.startsWith("n_") ? "model." : TrainingConfig.KEY + ".") + field + "' " + problem));
        model = TransformerModel.initialize(mc, tc.seed());
        // A run with a checkpoint restores it over any starting weights: read them only for a fresh start.
        if (tc.initFrom() != null && !Files.exists(dir.checkpoint())) initializeFrom(Path.of(tc.initFrom()), mc);
        adam = new Adam(model.parameters(), 0.9f, 0.999f, 1e-8f, (float) tc.weightDecay(),
                tc.optimizer() == TrainingConfig.Optimizer.ADAMW);
        try {
            task = FunctionClass.create(tc.task(), tc.taskKwargs());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("training.task_kwargs: " + e.getMessage());
        }
        loss = task.metric() == Metric.ACCURACY ? PredictionLoss.BINARY_CROSS_ENTROPY : PredictionLoss.SQUARED_ERROR;
        sampler = new PromptSampler(task, mc.nDims());
        curriculum = new Curriculum(schedule(c.dims()), schedule(c.points()),
                mc.family() == Family.STANDARD ? null : schedule(c.loops()));
        data = RandomStream.of(tc.seed(), "data");
        int points = c.points().end(), dims = c.dims().end();
        FixedDataset dataset = tc.datasetSize() > 0
                ? FixedDataset.draw(sampler, tc.datasetSize(), points, dims, RandomStream.of(tc.seed(), "dataset"))
                : null;
        epochs = dataset == null ? null : new ShuffledEpochs(dataset, tc.batchSize(), tc.seed());
        RandomStream heldOutRng = RandomStream.of(tc.seed(), "heldout");
        heldOut = tc.evalEverySteps() <= 0 ? null : new HeldOutError(dataset == null
                ? sampler.sample(HELD_OUT_PROMPTS, points, dims, heldOutRng)
                : FixedDataset.drawDisjoint(sampler, HELD_OUT_PROMPTS, points, dims, heldOutRng, dataset).slice(0, HELD_OUT_PROMPTS),
                task);
        lr = new LearningRate(tc.learningRate(), tc.warmupSteps(), tc.lrSchedule() == TrainingConfig.LrSchedule.COSINE,
                tc.trainSteps());
    }

    /** Activation sets the backward keeps: one per iteration of the loss window (all of them for tied, one for standard). */
    private static int activationSets(Family family, TrainingConfig tc) {
        int loops = tc.curriculum().loops().end() + tc.loopSpread();
        return switch (family) {
            case STANDARD -> 1;
            case TIED -> loops;
            case LOOPED -> Math.min(loops, tc.loopWindow());
        };
    }

    private static CurriculumSchedule schedule(CurriculumConfig.Schedule s) {
        return new CurriculumSchedule(s.start(), s.end(), s.inc(), s.interval());
    }

    public TransformerModel model() {
        return model;
    }

    public long step() {
        return step;
    }

    /**
     * The loss of the last step, trained now or, for a finished run resumed, as its metrics log
     * recorded it; empty when neither tells.
     */
    public OptionalDouble finalLoss() {
        return finalLoss;
    }

    /**
     * Trains to train_steps holding the run directory's lock, and returns the steps it ran (0 for a
     * finished run resumed). A fresh run refuses a directory that already holds a checkpoint;
     * {@code resume} continues from it if its config allows ({@link ResumeRule}).
     */
    public long run(boolean resume, Progress progress) {
        try (RunLock lock = dir.lock()) {
            lock.stale().ifPresent(h -> progress.message(dir.root() + ": took over the lock of " + h + ", which has ended"));
            List<String> leftovers = dir.removeLeftovers();
            if (!leftovers.isEmpty())
                progress.message(dir.root() + ": removed temporary files of an interrupted write: " + String.join(", ", leftovers));
            boolean hasCheckpoint = Files.exists(dir.checkpoint());
            if (resume && hasCheckpoint) {
                restore();
                if (Files.exists(dir.config())) ResumeRule.check(dir.config(), TrainConfig.load(dir.config(), List.of()), cfg, step);
                if (step == tc.trainSteps()) {
                    finalLoss = MetricsLog.lossAt(dir.metrics(), step);
                    return 0;
                }
                progress.message("resumed " + dir.checkpoint() + " at step " + step);
            } else if (hasCheckpoint) {
                throw new InvalidInputException(dir.root() + ": holds a checkpoint already; add --resume to continue it, or choose another --out");
            } else if (resume) {
                progress.message("no checkpoint in " + dir.root() + ": starting a fresh run");
            }
            return train(progress);
        }
    }

    private long train(Progress progress) {
        long first = step;
        cfg.writeResolved(dir.config());
        try (MetricsLog metrics = MetricsLog.open(dir.metrics(), step == 0 ? -1 : step)) {
            progress.started(step, tc.trainSteps());
            while (step < tc.trainSteps()) {
                StepMetrics record = trainStep();
                if (step % tc.logEverySteps() == 0 || record.hasHeldOut() || step == tc.trainSteps())
                    metrics.write(record);
                finalLoss = OptionalDouble.of(record.loss());
                progress.stepped(record);
                if (step % tc.saveEverySteps() == 0 || step == tc.trainSteps()) save();
            }
            progress.finished();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return step - first;
    }

    private StepMetrics trainStep() {
        long t0 = System.nanoTime();
        int dims = curriculum.dims(), points = curriculum.points();
        int loops = curriculum.hasLoops() ? curriculum.loops() + spread() : 1;
        PromptBatch batch = epochs != null ? epochs.next() : sampler.sample(tc.batchSize(), points, dims, data);
        double value = model.lossAndGradient(batch, loops, tc.loopWindow(), loss);
        double norm = gradientNorm();
        if (!Double.isFinite(value) || !Double.isFinite(norm))
            throw new TrainingStoppedException("step " + (step + 1) + ": the loss is " + value + " and the gradient norm "
                    + norm + ", training stopped; " + (Files.exists(dir.checkpoint())
                            ? "the last good checkpoint is " + dir.checkpoint() + " (--resume continues from it)"
                            : "no checkpoint was written yet")
                    + ". Try a lower training.learning_rate or training.grad_clip");
        if (tc.gradClip() > 0 && norm > tc.gradClip()) scaleGradients((float) (tc.gradClip() / norm));
        double rate = lr.at(step);
        adam.step((float) rate);
        curriculum.update();
        step++;
        double stepMs = (System.nanoTime() - t0) / 1e6;
        double[] heldOutError = heldOut != null && step % tc.evalEverySteps() == 0 ? heldOut.perPosition(model, trainLoops()) : null;
        return new StepMetrics(step, value, norm, rate, dims, batch.points(), loops, stepMs, heldOutError);
    }

    /**
     * The iterations this step runs beyond the curriculum's K, uniform in 0..loop_spread. Drawn from
     * a stream of its own per step, so that the data stream and exact resume are as without it.
     */
    private int spread() {
        return tc.loopSpread() == 0 ? 0 : RandomStream.of(tc.seed(), "loop_spread", step).nextInt(tc.loopSpread() + 1);
    }

    /**
     * Fine-tuning: the weights of {@code file} (a run directory's model.safetensors, or any weights
     * file) replace the seed's initialisation. The architecture must be the config's key for key,
     * except that a config may add a loop encoding to a model without one: its table keeps the seed's
     * initialisation. Not read when the run directory holds a checkpoint, which replaces every weight.
     */
    private void initializeFrom(Path file, ModelConfig mc) {
        String field = TrainingConfig.KEY + ".init_from";
        if (Files.isDirectory(file)) file = new RunDirectory(file).model();
        if (!Files.isRegularFile(file))
            throw new InvalidInputException(field + ": " + file + " is not a weights file or a run directory holding one");
        TransformerModel from = ModelFile.load(file).model();
        Map<String, String> has = from.config().toMetadata(), wants = mc.toMetadata();
        boolean addsEncoding = !has.containsKey("loop_encoding");
        for (String key : ModelConfig.KEYS) {
            if (!has.get(key).equals(wants.get(key)))
                throw new InvalidInputException(field + ": " + file + " holds a model with " + key + " " + has.get(key)
                        + ", the config's model has " + wants.get(key));
        }
        if (!addsEncoding && !has.equals(wants))
            throw new InvalidInputException(field + ": " + file + " holds a model with loop_encoding " + has.get("loop_encoding")
                    + " over " + has.get("n_loops_max") + " loops, the config's model has " + wants.getOrDefault("loop_encoding", "none")
                    + (wants.containsKey("n_loops_max") ? " over " + wants.get("n_loops_max") + " loops" : ""));
        for (Parameter p : from.parameters().all())
            System.arraycopy(p.data, 0, model.parameters().get(p.name()).data, 0, p.data.length);
    }

    private double gradientNorm() {
        double sum = 0;
        for (Parameter p : model.parameters().all())
            for (float g : p.grad) sum += (double) g * g;
        return Math.sqrt(sum);
    }

    private void scaleGradients(float s) {
        for (Parameter p : model.parameters().all())
            for (int i = 0; i < p.grad.length; i++) p.grad[i] *= s;
    }

    /** Metadata that tells evaluation and predict their defaults from the weights file alone. */
    private TrainingMetadata trainingMetadata() {
        return new TrainingMetadata(tc.task(), curriculum.dims(), trainLoops(), tc.loopWindow(), step);
    }

    /** b: the loops the model is trained to run at the end of the curriculum (1 for standard). */
    private int trainLoops() {
        return curriculum.hasLoops() ? tc.curriculum().loops().end() : 1;
    }

    private void save() {
        Map<String, String> meta = trainingMetadata().toMetadata();
        meta.putAll(new TrainerState(curriculum.state(), data.state(), epochs == null ? null : epochs.position()).toMetadata());
        Checkpoint.write(dir.checkpoint(), model, adam, meta);
        ModelFile.save(dir.model(), model, trainingMetadata().toMetadata());
        if (tc.keepEverySteps() > 0 && step % tc.keepEverySteps() == 0)
            Checkpoint.write(dir.keptCheckpoint(step), model, adam, meta);
    }

    private void restore() {
        Map<String, String> meta = Checkpoint.restore(dir.checkpoint(), model, adam);
        try {
            if (!meta.containsKey("step")) throw new IllegalArgumentException("'step' absent");
            step = TrainingMetadata.of(dir.checkpoint(), meta).step();
            TrainerState state = TrainerState.of(meta, data.state().length, epochs != null);
            curriculum.restore(state.curriculum());
            data.restore(state.dataRng());
            if (epochs != null) epochs.restore(state.epoch());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(dir.checkpoint() + ": training state in the metadata is missing or malformed ("
                    + e.getMessage() + "); was it written by another version or with another config?");
        }
    }
}

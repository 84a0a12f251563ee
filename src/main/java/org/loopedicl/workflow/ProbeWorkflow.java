package org.loopedicl.workflow;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.OutputDirectory;
import org.loopedicl.model.Family;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.probe.Probe;
import org.loopedicl.probe.ProbeResults;
import org.loopedicl.probe.ProbeTarget;
import org.loopedicl.report.ProbeFigure;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.PromptSampler;
import org.loopedicl.task.RandomStream;
import org.loopedicl.train.TrainConfig;

/**
 * Probing from models on disk to probe.json and its figure (docs/DESIGN.md §8): one prompt set
 * from the first model's task, each model and a randomly initialised twin of its shape probed at
 * every depth. What {@code looped probe} runs.
 */
public final class ProbeWorkflow {
    /** Of the prompts, this share fits the probes; the rest scores them. */
    static final double TRAIN_SHARE = 0.75;

    /**
     * @param target  what to probe for
     * @param task    function class (null: the first model's training task)
     * @param points  points per prompt (null: the run's curriculum end, else n_positions)
     * @param loops   iterations probed for looped models (null: b, the file's train_loops)
     * @param alpha   ridge penalty relative to the mean variance of the state
     * @param seed    seeds the prompts and the random-init twins
     */
    public record Request(List<Path> models, ProbeTarget target, String task, int prompts, Integer points, Integer loops,
                          double alpha, long seed, Path out) {
        public Request {
            models = List.copyOf(models);
            if (models.isEmpty()) throw new InvalidInputException("probing needs at least one model");
            if (prompts < 8) throw new InvalidInputException("--prompts must be >= 8, got " + prompts);
            if (!(alpha > 0) || Double.isInfinite(alpha)) throw new InvalidInputException("--alpha must be a finite number > 0, got " + alpha);
            if (loops != null && loops < 1) throw new InvalidInputException("--loops must be >= 1, got " + loops);
        }
    }

    private ProbeWorkflow() {}

    /** Runs the probes; {@code log} receives one line per model. */
    public static ProbeResults run(Request q, Consumer<String> log) {
        OutputDirectory.prepare(q.out());
        int train = (int) Math.round(q.prompts() * TRAIN_SHARE);
        Map<String, ProbeResults.Curve> curves = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        PromptBatch batch = null;
        double[][] targets = null;
        for (Path source : q.models()) {
            ModelSource m = ModelSource.open(source);
            ModelConfig c = m.file().model().config();
            if (batch == null) {
                String taskName = q.task() != null ? q.task() : m.training().task();
                if (taskName == null) throw new InvalidInputException(m.weights() + ": metadata names no task; give --task");
                Optional<TrainConfig> config = m.config();
                FunctionClass fc = FunctionClass.create(taskName, EvalWorkflow.knobs(config, taskName));
                int n = q.points() != null ? q.points() : config.map(t -> t.training().curriculum().points().end()).orElse(c.nPositions());
                if (n < 2 || n > c.nPositions())
                    throw new InvalidInputException("--points is " + n + ", expected 2 … n_positions = " + c.nPositions() + " of " + m.weights());
                batch = new PromptSampler(fc, c.nDims()).sample(q.prompts(), n, c.nDims(), RandomStream.of(q.seed(), "probe"));
                targets = q.target().of(batch);
                settings.put("task", taskName);
                settings.put("prompts", q.prompts());
                settings.put("train_prompts", train);
                settings.put("points", n);
                settings.put("dims", c.nDims());
                settings.put("in_context_examples", n - 1);
                settings.put("alpha", q.alpha());
                settings.put("seed", q.seed());
            } else if (c.nDims() != batch.dims() || c.nPositions() < batch.points()) {
                throw new InvalidInputException(m.weights() + ": n_dims " + c.nDims() + ", n_positions " + c.nPositions()
                        + " cannot read the prompts of " + q.models().get(0) + " (" + batch.dims() + " dims, " + batch.points() + " points)");
            }
            if (curves.containsKey(m.name())) throw new InvalidInputException(m.weights() + ": another model is also named '" + m.name() + "'; rename one");
            boolean standard = c.family() == Family.STANDARD;
            int b = standard ? 0 : m.training().trainLoops();
            int k = standard ? 1 : q.loops() != null ? q.loops() : b;
            if (k < 1) throw new InvalidInputException(m.weights() + ": metadata has no 'train_loops'; give --loops");
            TransformerModel model = m.file().model();
            checkMemory(model.stateDepths(k), c.nEmbd(), targets[0].length);
            double[] trained = Probe.errors(model, batch, k, targets, train, q.alpha());
            double[] random = Probe.errors(TransformerModel.initialize(c, q.seed()), batch, k, targets, train, q.alpha());
            String depth = standard ? "layer" : "loop";
            curves.put(m.name(), new ProbeResults.Curve(c.family().key(), depth, b, trained, random));
            log.accept(String.format("%-36s %s 1: %.4f   %s %d: %.4f   random init at %d: %.4f", m.name(), depth, trained[0], depth,
                    trained.length, trained[trained.length - 1], trained.length, random[random.length - 1]));
        }
        ProbeResults r = new ProbeResults(q.target().key(), "last_x", settings, curves);
        r.write(q.out().resolve(ProbeResults.FILE_NAME));
        ProbeFigure.write(q.out(), r);
        return r;
    }

    /** The probes' statistics of one model (its twin's come after) must fit half the heap, the rest left to the model. */
    private static void checkMemory(int depths, int width, int outputs) {
        long heap = Runtime.getRuntime().maxMemory() / 2;
        if (Probe.bytes(depths, width, outputs) <= heap) return;
        long most = heap / Probe.bytes(1, width, outputs);
        throw new InvalidInputException("--loops is " + depths + ", expected <= " + most + " for n_embd " + width
                + ": one probe per iteration keeps a (n_embd + 1)² Gram matrix per split");
    }
}

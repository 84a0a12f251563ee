package org.loopedicl.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Linear probes of the hidden state at the last x token, per loop iteration or layer, against a randomly"
                + " initialised model of the same shape (docs/DESIGN.md §8): probe.json and probe.{png,svg}.")
final class ProbeCommand implements Callable<Integer> {
    /** Of the prompts, this share fits the probes; the rest scores them. */
    private static final double TRAIN_SHARE = 0.75;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR|W.safetensors") List<Path> sources;
    @Option(names = "--target", defaultValue = "w_ols", description = "xty, w_ols or ols_prediction (default ${DEFAULT-VALUE}).") String target;
    @Option(names = "--prompts", defaultValue = "2048", paramLabel = "N", description = "Prompts; 3/4 fit the probes, 1/4 score them (default ${DEFAULT-VALUE}).") int prompts;
    @Option(names = "--points", paramLabel = "n", description = "Points per prompt (default: the run's training.curriculum.points.end, else n_positions).") Integer points;
    @Option(names = "--loops", paramLabel = "K", description = "Loop iterations probed (default: b, the file's train_loops).") Integer loops;
    @Option(names = "--task", description = "Function class (default: the one the weights' metadata names).") String task;
    @Option(names = "--alpha", defaultValue = "1e-3", description = "Ridge penalty relative to the mean variance of the state (default ${DEFAULT-VALUE}).") double alpha;
    @Option(names = "--seed", defaultValue = "0", description = "Seeds the prompts and the random-init model (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

    @Override
    public Integer call() {
        System.err.println(Main.engineLine());
        long start = System.nanoTime();
        ProbeTarget tgt = ProbeTarget.parse(target);
        if (prompts < 8) throw new InvalidInputException("--prompts must be >= 8, got " + prompts);
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new InvalidInputException("--alpha must be a finite number > 0, got " + alpha);
        OutputDirectory.prepare(out);
        Map<String, ProbeResults.Curve> curves = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        PromptBatch batch = null;
        double[][] targets = null;
        for (Path source : sources) {
            ModelSource m = ModelSource.open(source);
            ModelConfig c = m.file().model().config();
            if (batch == null) {
                String taskName = task != null ? task : m.file().metadata().get("task");
                if (taskName == null) throw new InvalidInputException(m.weights() + ": metadata names no task; give --task");
                Optional<TrainConfig> config = m.config();
                FunctionClass fc = FunctionClass.create(taskName, config.filter(t -> t.training().task().equals(taskName))
                        .map(t -> t.training().taskKwargs()).orElse(Map.of()));
                int n = points != null ? points : config.map(t -> t.training().curriculum().points().end()).orElse(c.nPositions());
                if (n < 2 || n > c.nPositions())
                    throw new InvalidInputException("--points is " + n + ", expected 2 … n_positions = " + c.nPositions() + " of " + m.weights());
                batch = new PromptSampler(fc, c.nDims()).sample(prompts, n, c.nDims(), RandomStream.of(seed, "probe"));
                targets = tgt.of(batch);
                settings.put("task", taskName);
                settings.put("prompts", prompts);
                settings.put("train_prompts", trainPrompts());
                settings.put("points", n);
                settings.put("dims", c.nDims());
                settings.put("in_context_examples", n - 1);
                settings.put("alpha", alpha);
                settings.put("seed", seed);
            } else if (c.nDims() != batch.dims() || c.nPositions() < batch.points()) {
                throw new InvalidInputException(m.weights() + ": n_dims " + c.nDims() + ", n_positions " + c.nPositions()
                        + " cannot read the prompts of " + sources.get(0) + " (" + batch.dims() + " dims, " + batch.points() + " points)");
            }
            if (curves.containsKey(m.name())) throw new InvalidInputException(m.weights() + ": another model is also named '" + m.name() + "'; rename one");
            boolean hasB = c.family() != Family.STANDARD && m.file().metadata().containsKey("train_loops");
            int b = hasB ? LoopSettings.resolve(m.weights(), m.file(), null, null).loops() : 0;
            int k = c.family() == Family.STANDARD ? 1 : loops != null ? loops : b;
            if (loops == null && k < 1) throw new InvalidInputException(m.weights() + ": metadata has no 'train_loops'; give --loops");
            if (k < 1) throw new InvalidInputException("--loops must be >= 1, got " + k);
            TransformerModel model = m.file().model();
            checkMemory(model.stateDepths(k), c.nEmbd(), targets[0].length);
            double[] trained = Probe.errors(model, batch, k, targets, trainPrompts(), alpha);
            double[] random = Probe.errors(TransformerModel.initialize(c, seed), batch, k, targets, trainPrompts(), alpha);
            String depth = c.family() == Family.STANDARD ? "layer" : "loop";
            curves.put(m.name(), new ProbeResults.Curve(c.family().key(), depth, b, trained, random));
            System.out.printf("%-36s %s 1: %.4f   %s %d: %.4f   random init at %d: %.4f%n", m.name(), depth, trained[0], depth,
                    trained.length, trained[trained.length - 1], trained.length, random[random.length - 1]);
        }
        ProbeResults r = new ProbeResults(tgt.key(), "last_x", settings, curves);
        r.write(out.resolve(ProbeResults.FILE_NAME));
        ProbeFigure.write(out, r);
        System.err.printf("wrote %s: %s, %s.{png,svg} in %.1f s%n", out, ProbeResults.FILE_NAME, ProbeFigure.STEM, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private int trainPrompts() {
        return (int) Math.round(prompts * TRAIN_SHARE);
    }

    /** The probes' statistics of one model and its random twin must fit half the heap, the rest left to the model. */
    private void checkMemory(int depths, int width, int outputs) {
        long heap = Runtime.getRuntime().maxMemory() / 2;
        if (Probe.bytes(depths, width, outputs) <= heap) return;
        long most = heap / Probe.bytes(1, width, outputs);
        throw new InvalidInputException("--loops is " + depths + ", expected <= " + most + " for n_embd " + width
                + ": one probe per iteration keeps a (n_embd + 1)² Gram matrix per split");
    }
}

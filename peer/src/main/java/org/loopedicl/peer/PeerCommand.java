package org.loopedicl.peer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.loopedicl.bench.StepBench;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.ModelFile;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.task.LinearRegression;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.PromptSampler;
import org.loopedicl.task.RandomStream;
import org.loopedicl.workflow.PromptFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tools/peer-libtorch}: the libtorch peer's step time on a bench preset, or its loss on a model and prompts. */
@Command(name = "peer-libtorch", mixinStandardHelpOptions = true, description = {
        "The looped-icl training step on libtorch (DJL's PyTorch engine).",
        "--preset P: prints 'libtorch <preset> median_ms=<x> steps=<n>', timed as the core's bench times its step;",
        "--weights W --xs XS --ys YS --loops K --window T: prints 'loss=<x>', the loss `looped gradients` computes."})
public final class PeerCommand implements Callable<Integer> {
    @Option(names = "--preset", paramLabel = "P", description = "small, mid, paper-looped or paper-standard.") String preset;
    @Option(names = "--threads", paramLabel = "N", description = "libtorch's intra-op threads (default: libtorch's, one per core).") Integer threads;
    @Option(names = "--steps", defaultValue = "5", description = "Timed steps (default ${DEFAULT-VALUE}).") int steps;
    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default ${DEFAULT-VALUE}).") int warmup;
    @Option(names = "--weights", paramLabel = "W.safetensors") Path weights;
    @Option(names = "--xs", paramLabel = "XS.npy") Path xs;
    @Option(names = "--ys", paramLabel = "YS.npy") Path ys;
    @Option(names = "--loops", paramLabel = "K") Integer loops;
    @Option(names = "--window", paramLabel = "T") Integer window;
    @Option(names = "--verbose", description = "Stack traces on errors.") boolean verbose;

    /** The learning rate of the timed step, the core bench's. */
    private static final float BENCH_LR = 1e-4f;

    private final PrintStream out;

    PeerCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line and returns the exit code: 2 for bad input, with one line on {@code err}. */
    static int run(PrintStream out, PrintStream err, String... args) {
        PeerCommand command = new PeerCommand(out);
        CommandLine cmd = new CommandLine(command);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (command.verbose) ex.printStackTrace(err);
            boolean user = ex instanceof InvalidInputException || ex instanceof IllegalArgumentException;
            err.println("peer-libtorch: error: " + (user ? ex.getMessage() : ex + " (run with --verbose for the stack trace)"));
            return 2;
        });
        return cmd.execute(args);
    }

    @Override
    public Integer call() {
        boolean lossMode = weights != null || xs != null || ys != null || loops != null || window != null;
        if ((preset == null) == !lossMode)
            throw new InvalidInputException("give either --preset P or --weights W --xs XS --ys YS --loops K --window T");
        if (threads != null && threads < 1) throw new InvalidInputException("--threads must be >= 1, got " + threads);
        return preset != null ? timeStep() : loss();
    }

    private int timeStep() {
        StepBench.Shape s = StepBench.PRESETS.get(preset);
        if (s == null) throw new InvalidInputException("unknown preset '" + preset + "', expected one of " + StepBench.PRESETS.keySet());
        if (steps < 1) throw new InvalidInputException("--steps must be >= 1, got " + steps);
        if (warmup < 0) throw new InvalidInputException("--warmup must be >= 0, got " + warmup);
        Engine engine = Libtorch.load(threads);
        out.println("peer: " + Libtorch.describe(engine));
        PromptSampler sampler = new PromptSampler(new LinearRegression(1), s.dims());
        RandomStream rng = RandomStream.of(1, "peer-libtorch");
        double[] ms = new double[steps];
        try (NDManager root = engine.newBaseManager();
             TorchModel model = new TorchModel(TransformerModel.initialize(s.config(), 0), root)) {
            TorchStep step = new TorchStep(engine, model, BENCH_LR, s.loops(), s.window());
            for (int i = -warmup; i < steps; i++) {
                PromptBatch p = sampler.sample(s.batch(), s.points(), s.dims(), rng); // drawn outside the timing, as the core's bench does
                long t0 = System.nanoTime();
                step.run(p);
                if (i >= 0) ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double median = median(ms);
        out.printf("libtorch %s median_ms=%.1f steps=%d%n", s.name(), median, steps);
        out.printf("  model %.1f GFLOP/step, %.1f GFLOP/s%n", s.flops() / 1e9, s.flops() / (median * 1e6));
        return 0;
    }

    private int loss() {
        if (weights == null || xs == null || ys == null || loops == null || window == null)
            throw new InvalidInputException("the loss needs all of --weights, --xs, --ys, --loops and --window");
        if (loops < 1) throw new InvalidInputException("--loops must be >= 1, got " + loops);
        if (window < 1) throw new InvalidInputException("--window must be >= 1, got " + window);
        TransformerModel m = ModelFile.load(weights).model();
        PromptBatch p = PromptFiles.load(xs, ys, m.config());
        Engine engine = Libtorch.load(threads);
        try (NDManager root = engine.newBaseManager(); TorchModel model = new TorchModel(m, root)) {
            float loss = model.loss(model.tokens(p, root), TorchModel.labels(p, root), loops, window).getFloat();
            out.println("loss=" + loss);
        }
        return 0;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}

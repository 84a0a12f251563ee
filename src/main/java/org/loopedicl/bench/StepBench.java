package org.loopedicl.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.PredictionLoss;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.tensor.KernelTimes;
import org.loopedicl.train.Adam;

/**
 * Times one training step (forward, windowed backward, Adam) on the shapes of the PyTorch peer
 * (tools/peer_torch.py), on fresh linear-regression prompts every step as the peer does.
 */
public final class StepBench {

    /** A step shape; the presets are the peer's, name for name. */
    public record Shape(String name, Family family, int embd, int layers, int heads, int dims, int points,
                        int batch, int loops, int window) {
        public ModelConfig config() {
            return new ModelConfig(family, dims, points, embd, layers, heads, LoopFunc.ADD);
        }

        /**
         * Dense FLOPs of one step: every matmul at 2·m·n·k, the attention products over the full
         * t×t square (the convention of nanoGPT's MFU), backward at twice the forward, elementwise
         * work not counted. Iterations outside the window cost one forward.
         */
        public double flops() {
            double t = 2.0 * points, rows = batch * t, c = embd;
            double backbone = layers * (24 * rows * c * c + 4 * batch * t * t * c);
            double readIn = 2 * rows * dims * c, readOut = 2 * rows * c;
            int k = family == Family.STANDARD ? 1 : loops, w = Math.min(k, window);
            return 3 * readIn + (k - w) * backbone + 3 * w * (backbone + readOut);
        }
    }

    private static final long MIN_WARMUP_NANOS = 3_000_000_000L;
    private static final long MAX_WARMUP_NANOS = 60_000_000_000L;

    public static final Map<String, Shape> PRESETS = new LinkedHashMap<>();

    static {
        for (Shape s : new Shape[] {
                new Shape("small", Family.LOOPED, 64, 1, 4, 5, 11, 64, 10, 5),
                new Shape("mid", Family.LOOPED, 128, 1, 4, 10, 21, 64, 20, 10),
                new Shape("paper-looped", Family.LOOPED, 256, 1, 8, 20, 41, 64, 30, 15),
                new Shape("paper-standard", Family.STANDARD, 256, 12, 8, 20, 41, 64, 1, 1)})
            PRESETS.put(s.name(), s);
    }

    /**
     * Median step time over {@code steps} timed steps after {@code warmup} untimed ones; with a
     * breakdown, their mean and the kernels' totals over them too (else meanMs is NaN and kernels null).
     */
    public record Result(Shape shape, int steps, double medianMs, double meanMs, Map<KernelTimes.Kind, KernelTimes.Total> kernels) {
        public double gflops() {
            return shape.flops() / (medianMs * 1e6);
        }
    }

    private StepBench() {}

    /**
     * Median step time over {@code steps} timed steps, after at least {@code warmup} untimed ones
     * and until the step time is steady (see {@link Warmup}).
     */
    public static Result run(Shape s, int warmup, int steps, long seed, boolean breakdown) {
        TransformerModel model = TransformerModel.initialize(s.config(), seed);
        Adam adam = Adam.paper(model.parameters());
        Random rng = new Random(seed + 1);
        Warmup.untilSteady(() -> step(s, model, adam, rng), warmup, MIN_WARMUP_NANOS, MAX_WARMUP_NANOS);
        double[] ms = new double[steps];
        KernelTimes times = breakdown ? KernelTimes.start() : null;
        try {
            for (int i = 0; i < steps; i++) ms[i] = step(s, model, adam, rng);
        } finally {
            if (times != null) times.stop();
        }
        double mean = breakdown ? Arrays.stream(ms).average().orElseThrow() : Double.NaN;
        return new Result(s, steps, Stats.median(ms), mean, breakdown ? times.totals() : null);
    }

    /** One step on fresh prompts (drawn outside the timing, as the peer does); returns milliseconds. */
    private static double step(Shape s, TransformerModel model, Adam adam, Random rng) {
        PromptBatch p = linearPrompts(s, rng);
        long t0 = System.nanoTime();
        model.lossAndGradient(p, s.loops(), s.window(), PredictionLoss.SQUARED_ERROR);
        adam.step(1e-4f);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** xs ~ N(0, I), ys = xs·w with w ~ N(0, I) per prompt, as the peer draws them. */
    private static PromptBatch linearPrompts(Shape s, Random rng) {
        int b = s.batch(), n = s.points(), d = s.dims();
        float[] xs = new float[b * n * d], ys = new float[b * n], w = new float[d];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) rng.nextGaussian();
        for (int p = 0; p < b; p++) {
            for (int j = 0; j < d; j++) w[j] = (float) rng.nextGaussian();
            for (int i = 0; i < n; i++) {
                float y = 0;
                for (int j = 0; j < d; j++) y += xs[(p * n + i) * d + j] * w[j];
                ys[p * n + i] = y;
            }
        }
        return new PromptBatch(xs, ys, b, n, d);
    }
}

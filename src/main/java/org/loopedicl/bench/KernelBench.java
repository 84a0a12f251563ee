package org.loopedicl.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.tensor.Kernels;

/**
 * Times each kernel of a training step on the shapes a preset gives it: the four matmuls of a
 * block forward and in both backward forms, layer norm, attention, GELU, the residual add and the
 * Adam update of the whole model. Compute-bound kernels are quoted in GFLOP/s, the rest in GB/s of
 * the bytes they must read and write.
 */
public final class KernelBench {
    /** Calls are repeated until a sample lasts this long, so the clock's resolution does not matter. */
    private static final long SAMPLE_NANOS = 20_000_000;
    private static final long MIN_WARMUP_NANOS = 1_000_000_000;
    private static final long MAX_WARMUP_NANOS = 20_000_000_000L;
    private static final int SAMPLES = 5;
    /** Samples further apart than this ratio mean the JIT replaced the code while they ran. */
    private static final double MAX_SPREAD = 1.25;

    /** One kernel's median time per call and the work one call does (flops or bytes, 0 if not counted). */
    public record Timing(String kernel, String shape, double micros, double flops, double bytes) {
        public double gflops() {
            return flops / (micros * 1e3);
        }

        public double gbPerSecond() {
            return bytes / (micros * 1e3);
        }

        public boolean isMatmul() {
            return kernel.startsWith("matmul");
        }
    }

    private KernelBench() {}

    public static List<Timing> run(StepBench.Shape s) {
        Kernels k = Kernels.active();
        int b = s.batch(), t = 2 * s.points(), rows = b * t, c = s.embd(), h = s.heads();
        SplittableRandom rng = new SplittableRandom(1);
        List<Timing> out = new ArrayList<>();
        for (int[] io : new int[][] {{c, 3 * c}, {c, c}, {c, 4 * c}, {4 * c, c}}) {
            int in = io[0], o = io[1];
            float[] x = random(rng, rows * in), w = random(rng, o * in), bias = random(rng, o);
            float[] y = random(rng, rows * o), dw = new float[o * in], db = new float[o];
            String shape = rows + "x" + in + " -> " + o;
            double flops = 2.0 * rows * in * o;
            out.add(time("matmul fwd", shape, flops, 0, () -> k.linear(y, x, w, bias, rows, in, o)));
            out.add(time("matmul dX", shape, flops, 0, () -> k.linearBackwardInput(x, y, w, rows, in, o)));
            out.add(time("matmul dW", shape, flops, 0, () -> k.linearBackwardWeights(dw, db, y, x, rows, in, o)));
        }
        { // the fused form a block calls: the MLP's output projection added to the residual stream
            float[] act = random(rng, rows * 4 * c), w = random(rng, 4 * c * c), bias = random(rng, c);
            float[] res = random(rng, rows * c), y = new float[rows * c];
            out.add(time("matmul fwd + add", rows + "x" + 4 * c + " -> " + c, 2.0 * rows * 4 * c * c, 0,
                    () -> k.linearAdd(y, act, w, bias, res, rows, 4 * c, c)));
        }
        float[] x = random(rng, rows * c), dy = random(rng, rows * c), y = new float[rows * c], dx = new float[rows * c];
        float[] w = random(rng, c), bias = random(rng, c), dw = new float[c], db = new float[c];
        float[] mean = new float[rows], rstd = new float[rows];
        String rc = rows + "x" + c;
        double floats = (double) rows * c;
        out.add(time("layernorm fwd", rc, 0, 8 * floats, () -> k.layerNorm(y, mean, rstd, x, w, bias, rows, c)));
        out.add(time("layernorm bwd", rc, 0, 16 * floats, () -> k.layerNormBackward(dx, dw, db, dy, x, mean, rstd, w, rows, c)));

        float[] qkv = random(rng, 3 * rows * c), probs = new float[b * h * t * t], att = new float[rows * c];
        float[] dqkv = new float[3 * rows * c];
        String heads = b + "x" + h + " heads, t " + t + ", " + c / h + " wide";
        double attFlops = 4.0 * b * t * t * c; // the full t×t square, as StepBench counts it
        out.add(time("attention fwd", heads, attFlops, 0, () -> k.attention(att, probs, qkv, b, t, c, h)));
        out.add(time("attention bwd", heads, 2 * attFlops, 0, () -> k.attentionBackward(dqkv, dy, qkv, probs, b, t, c, h)));

        int n = rows * 4 * c;
        float[] u = random(rng, n), du = random(rng, n), g = new float[n], dg = new float[n];
        out.add(time("gelu fwd", rows + "x" + 4 * c, 0, 8.0 * n, () -> k.gelu(g, u, n)));
        out.add(time("gelu bwd", rows + "x" + 4 * c, 0, 12.0 * n, () -> k.geluBackward(dg, du, u, n)));
        out.add(time("add", rc, 0, 12 * floats, () -> k.add(y, x, dy, rows * c)));

        int params = (int) TransformerModel.empty(s.config()).parameters().count();
        float[] p = random(rng, params), pg = random(rng, params), m = new float[params], v = new float[params];
        int[] step = {0};
        // Reads p, g, m, v and writes p, m, v.
        out.add(time("adam", params + " parameters", 0, 28.0 * params,
                () -> k.adam(p, pg, m, v, params, 1e-4f, 0.9f, 0.999f, 1e-8f, 0f, ++step[0])));
        return out;
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        return a;
    }

    /**
     * Median time per call over SAMPLES samples, after a warm-up for the JIT (see {@link Warmup}).
     * The warm-up cannot see a compilation still in progress (the JVM reports compile time when a
     * compilation ends, and a busy machine starves the compiler threads), so a warm-up could end
     * with a kernel still interpreted, 100× slower: samples that disagree are taken again.
     */
    private static Timing time(String kernel, String shape, double flops, double bytes, Runnable call) {
        long start = System.nanoTime();
        int calls = 1;
        double[] micros = new double[SAMPLES];
        do {
            int n = calls;
            Warmup.untilSteady(() -> microsPerCall(call, n), 3, MIN_WARMUP_NANOS, MAX_WARMUP_NANOS);
            calls = callsPerSample(call);
            for (int s = 0; s < SAMPLES; s++) micros[s] = microsPerCall(call, calls);
        } while (spread(micros) > MAX_SPREAD && System.nanoTime() - start < MAX_WARMUP_NANOS);
        return new Timing(kernel, shape, Stats.median(micros), flops, bytes);
    }

    /** How many calls last at least SAMPLE_NANOS. */
    private static int callsPerSample(Runnable call) {
        long t0 = System.nanoTime();
        int calls = 0;
        do {
            call.run();
            calls++;
        } while (System.nanoTime() - t0 < SAMPLE_NANOS);
        return calls;
    }

    private static double spread(double[] samples) {
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (double v : samples) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max / min;
    }

    private static double microsPerCall(Runnable call, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) call.run();
        return (System.nanoTime() - start) / 1e3 / calls;
    }
}

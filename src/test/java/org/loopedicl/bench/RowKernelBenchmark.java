package org.loopedicl.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.loopedicl.tensor.Kernels;
import org.loopedicl.tensor.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH timings of the kernels around the matmuls — layer norm, attention, GELU, residual add, Adam —
 * on a preset's shapes (batch 64). Run with {@code tools/jmh RowKernelBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class RowKernelBenchmark {
    /** embd/heads/points as in tools/peer_torch.py: small, mid, paper. */
    @Param({"64/4/11", "128/4/21", "256/8/41"})
    public String preset;

    @Param({"0"})
    public int threads; // 0: all cores

    private final Kernels k = Kernels.active();
    private int batch = 64, t, rows, c, heads, params;
    private float[] x, dy, y, dx, w, bias, dw, db, mean, rstd;
    private float[] qkv, probs, att, dqkv, u, du, g, dg, p, pg, m, v;
    private int step;

    @Setup
    public void setUp() {
        if (threads > 0) Parallel.setThreads(threads);
        String[] s = preset.split("/");
        c = Integer.parseInt(s[0]);
        heads = Integer.parseInt(s[1]);
        t = 2 * Integer.parseInt(s[2]);
        rows = batch * t;
        params = 12 * c * c + 13 * c; // one block's parameters
        SplittableRandom rng = new SplittableRandom(1);
        x = MatmulBenchmark.random(rng, rows * c);
        dy = MatmulBenchmark.random(rng, rows * c);
        y = new float[rows * c];
        dx = new float[rows * c];
        w = MatmulBenchmark.random(rng, c);
        bias = MatmulBenchmark.random(rng, c);
        dw = new float[c];
        db = new float[c];
        mean = new float[rows];
        rstd = new float[rows];
        k.layerNorm(y, mean, rstd, x, w, bias, rows, c);
        qkv = MatmulBenchmark.random(rng, 3 * rows * c);
        probs = new float[batch * heads * t * t];
        att = new float[rows * c];
        dqkv = new float[3 * rows * c];
        k.attention(att, probs, qkv, batch, t, c, heads);
        u = MatmulBenchmark.random(rng, 4 * rows * c);
        du = MatmulBenchmark.random(rng, 4 * rows * c);
        g = new float[4 * rows * c];
        dg = new float[4 * rows * c];
        p = MatmulBenchmark.random(rng, params);
        pg = MatmulBenchmark.random(rng, params);
        m = new float[params];
        v = new float[params];
    }

    @Benchmark
    public float[] layerNorm() {
        k.layerNorm(y, mean, rstd, x, w, bias, rows, c);
        return y;
    }

    @Benchmark
    public float[] layerNormBackward() {
        k.layerNormBackward(dx, dw, db, dy, x, mean, rstd, w, rows, c);
        return dx;
    }

    @Benchmark
    public float[] attention() {
        k.attention(att, probs, qkv, batch, t, c, heads);
        return att;
    }

    @Benchmark
    public float[] attentionBackward() {
        k.attentionBackward(dqkv, dy, qkv, probs, batch, t, c, heads);
        return dqkv;
    }

    @Benchmark
    public float[] gelu() {
        k.gelu(g, u, g.length);
        return g;
    }

    @Benchmark
    public float[] geluBackward() {
        k.geluBackward(dg, du, u, dg.length);
        return dg;
    }

    @Benchmark
    public float[] add() {
        k.add(y, x, dy, rows * c);
        return y;
    }

    @Benchmark
    public float[] adam() {
        k.adam(p, pg, m, v, params, 1e-4f, 0.9f, 0.999f, 1e-8f, 0f, ++step);
        return p;
    }
}

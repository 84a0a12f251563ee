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
 * JMH timings of the three matmul kernels on the block's shapes (rows × in → out) for the small
 * and the paper presets. Run with {@code tools/jmh MatmulBenchmark}; GFLOP/s = 2·rows·in·out / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatmulBenchmark {
    @Param({"1408x64x192", "1408x64x256", "1408x256x64", "5248x256x768", "5248x256x1024", "5248x1024x256"})
    public String shape;

    @Param({"0"})
    public int threads; // 0: all cores

    private final Kernels k = Kernels.active();
    private float[] x, w, b, y, dw, db;
    private int rows, in, out;

    @Setup
    public void setUp() {
        if (threads > 0) Parallel.setThreads(threads);
        String[] p = shape.split("x");
        rows = Integer.parseInt(p[0]);
        in = Integer.parseInt(p[1]);
        out = Integer.parseInt(p[2]);
        SplittableRandom rng = new SplittableRandom(1);
        x = random(rng, rows * in);
        w = random(rng, out * in);
        b = random(rng, out);
        y = random(rng, rows * out);
        dw = new float[out * in];
        db = new float[out];
    }

    static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        return a;
    }

    @Benchmark
    public float[] forward() {
        k.linear(y, x, w, b, rows, in, out);
        return y;
    }

    @Benchmark
    public float[] backwardInput() {
        k.linearBackwardInput(x, y, w, rows, in, out);
        return x;
    }

    @Benchmark
    public float[] backwardWeights() {
        k.linearBackwardWeights(dw, db, y, x, rows, in, out);
        return dw;
    }
}

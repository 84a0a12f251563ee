package org.loopedicl.tensor;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where a training step's time goes: wraps the active kernels while {@link #start()} … {@link #stop()}
 * and sums the wall time of every call by kind, with the FLOPs of the kinds that are counted (the
 * matmuls and attention, as {@code StepBench} counts them). Only the calling thread's clock is
 * read, so a parallel kernel counts once, for as long as the caller waited on it; work outside the
 * kernels (encoding, the loss, copies) is what the step takes beyond their sum.
 */
public final class KernelTimes implements Kernels {
    /** The kinds, named as {@code bench --kernels} names them. */
    public enum Kind {
        MATMUL_FWD("matmul fwd"), MATMUL_FWD_ADD("matmul fwd + add"), MATMUL_DX("matmul dX"), MATMUL_DW("matmul dW (+ bias)"),
        LAYERNORM_FWD("layernorm fwd"),
        LAYERNORM_BWD("layernorm bwd"), ATTENTION_FWD("attention fwd"), ATTENTION_BWD("attention bwd"), GELU_FWD("gelu fwd"),
        GELU_BWD("gelu bwd"), ADD("add"), ADAM("adam");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Totals of one kind since {@link #start()}. */
    public record Total(long nanos, long calls, double flops) {}

    private final Kernels inner;
    private final long[] nanos = new long[Kind.values().length], calls = new long[Kind.values().length];
    private final double[] flops = new double[Kind.values().length];

    private KernelTimes(Kernels inner) {
        this.inner = inner;
    }

    /** Times every kernel call made from now on (from any thread) until {@link #stop()}. */
    public static KernelTimes start() {
        KernelTimes t = new KernelTimes(KernelSelector.current);
        KernelSelector.current = t;
        return t;
    }

    /** Puts the untimed kernels back. */
    public void stop() {
        KernelSelector.current = inner;
    }

    public Map<Kind, Total> totals() {
        Map<Kind, Total> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values())
            if (calls[k.ordinal()] > 0) out.put(k, new Total(nanos[k.ordinal()], calls[k.ordinal()], flops[k.ordinal()]));
        return out;
    }

    private synchronized void record(Kind kind, long start, double flop) {
        nanos[kind.ordinal()] += System.nanoTime() - start;
        calls[kind.ordinal()]++;
        flops[kind.ordinal()] += flop;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public boolean vectorApi() {
        return inner.vectorApi();
    }

    @Override
    public void linear(float[] y, float[] x, float[] w, float[] b, int rows, int in, int out) {
        long t = System.nanoTime();
        inner.linear(y, x, w, b, rows, in, out);
        record(Kind.MATMUL_FWD, t, 2.0 * rows * in * out);
    }

    @Override
    public void linearAdd(float[] y, float[] x, float[] w, float[] b, float[] r, int rows, int in, int out) {
        long t = System.nanoTime();
        inner.linearAdd(y, x, w, b, r, rows, in, out);
        record(Kind.MATMUL_FWD_ADD, t, 2.0 * rows * in * out);
    }

    @Override
    public void linearBackwardInput(float[] dx, float[] dy, float[] w, int rows, int in, int out) {
        long t = System.nanoTime();
        inner.linearBackwardInput(dx, dy, w, rows, in, out);
        record(Kind.MATMUL_DX, t, 2.0 * rows * in * out);
    }

    @Override
    public void linearBackwardWeights(float[] dw, float[] db, float[] dy, float[] x, int rows, int in, int out) {
        long t = System.nanoTime();
        inner.linearBackwardWeights(dw, db, dy, x, rows, in, out);
        record(Kind.MATMUL_DW, t, 2.0 * rows * in * out);
    }

    @Override
    public void layerNorm(float[] y, float[] mean, float[] rstd, float[] x, float[] w, float[] b, int rows, int dim) {
        long t = System.nanoTime();
        inner.layerNorm(y, mean, rstd, x, w, b, rows, dim);
        record(Kind.LAYERNORM_FWD, t, 0);
    }

    @Override
    public void layerNormBackward(float[] dx, float[] dw, float[] db, float[] dy, float[] x, float[] mean, float[] rstd, float[] w,
                                  int rows, int dim) {
        long t = System.nanoTime();
        inner.layerNormBackward(dx, dw, db, dy, x, mean, rstd, w, rows, dim);
        record(Kind.LAYERNORM_BWD, t, 0);
    }

    @Override
    public void attention(float[] out, float[] probs, float[] qkv, int batch, int t, int c, int heads) {
        long t0 = System.nanoTime();
        inner.attention(out, probs, qkv, batch, t, c, heads);
        record(Kind.ATTENTION_FWD, t0, 4.0 * batch * t * t * c);
    }

    @Override
    public void attentionBackward(float[] dqkv, float[] dout, float[] qkv, float[] probs, int batch, int t, int c, int heads) {
        long t0 = System.nanoTime();
        inner.attentionBackward(dqkv, dout, qkv, probs, batch, t, c, heads);
        record(Kind.ATTENTION_BWD, t0, 8.0 * batch * t * t * c);
    }

    @Override
    public void gelu(float[] y, float[] x, int n) {
        long t = System.nanoTime();
        inner.gelu(y, x, n);
        record(Kind.GELU_FWD, t, 0);
    }

    @Override
    public void geluBackward(float[] dx, float[] dy, float[] x, int n) {
        long t = System.nanoTime();
        inner.geluBackward(dx, dy, x, n);
        record(Kind.GELU_BWD, t, 0);
    }

    @Override
    public void add(float[] y, float[] a, float[] b, int n) {
        long t = System.nanoTime();
        inner.add(y, a, b, n);
        record(Kind.ADD, t, 0);
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2, float eps,
                     float weightDecay, int step) {
        long t = System.nanoTime();
        inner.adam(p, g, m, v, n, lr, beta1, beta2, eps, weightDecay, step);
        record(Kind.ADAM, t, 0);
    }
}

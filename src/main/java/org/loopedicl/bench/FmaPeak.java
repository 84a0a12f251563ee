package org.loopedicl.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.loopedicl.tensor.Parallel;

/**
 * The machine's fused multiply-add ceiling as the Vector API reaches it: every kernel thread runs
 * independent chains of {@code fma} on registers only (no loads or stores), so nothing but the FMA
 * pipes limits it. Matmul and step utilisation are quoted against this number measured in the
 * same run, because the machines these benchmarks run on differ in vector width from day to day.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = VectorSpecies.ofPreferred(float.class);
    /** Independent chains: enough to cover FMA latency × pipes on current x86 and ARM cores, and
     *  few enough to stay in the 16 registers of AVX2 with the two constants. */
    private static final int CHAINS = 12;
    private static final long ITERATIONS = 4_000_000;

    private FmaPeak() {}

    /**
     * The best GFLOP/s of {@code trials} runs on all kernel threads at once: anything else running
     * can only slow a trial down, so the fastest is the closest to the machine's peak.
     */
    public static double gflops(int trials) {
        int threads = Parallel.threads();
        float[] sink = new float[threads];
        double best = 0;
        for (int s = -1; s < trials; s++) { // one untimed run lets C2 compile the loop
            long t0 = System.nanoTime();
            Parallel.forRange(threads, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) sink[i] += chains(ITERATIONS, i);
            });
            long t1 = System.nanoTime();
            if (s >= 0) best = Math.max(best, 2.0 * S.length() * CHAINS * ITERATIONS * threads / (t1 - t0));
        }
        if (Float.isNaN(sink[0])) throw new AssertionError("unreachable: keeps the chains alive");
        return best;
    }

    /** The width of the vectors the kernels and the peak run on. */
    public static int vectorBits() {
        return S.vectorBitSize();
    }

    /** CHAINS independent a = a·m + c chains; m < 1 keeps the values finite. Returns a lane of their sum. */
    private static float chains(long n, float seed) {
        FloatVector m = FloatVector.broadcast(S, 0.999f), c = FloatVector.broadcast(S, 1e-3f);
        FloatVector a0 = FloatVector.broadcast(S, seed), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3);
        FloatVector a4 = a0.add(4), a5 = a0.add(5), a6 = a0.add(6), a7 = a0.add(7);
        FloatVector a8 = a0.add(8), a9 = a0.add(9), a10 = a0.add(10), a11 = a0.add(11);
        for (long i = 0; i < n; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
    }
}

package org.loopedicl.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp on float vectors and a deterministic lane sum. exp is written out rather than taken from
 * {@code lanewise(EXP)}, which calls out to library stubs whose speed and results differ between
 * JDKs and CPUs; this one is a few multiply-adds with the same bits everywhere. Relative error ≲ 3e-7.
 */
final class VectorMath {
    static final VectorSpecies<Float> S = VectorSpecies.ofPreferred(float.class);

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;  // ln 2 split so that n·LN2_HI is exact
    private static final float LN2_LO = 1.42860677e-6f;
    private static final float ROUNDER = 12582912f;    // 1.5·2^23: adding it rounds to an integer
    /** exp(x) below this is under 2^-126: flushed to the smallest normal power instead. */
    private static final float EXP_MIN = -87f;
    private static final float EXP_MAX = 88f;

    /** Rotations by L/2, L/4, … 1 lanes, for {@link #sum}. */
    private static final VectorShuffle<Float>[] HALVES = halves();

    private VectorMath() {}

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int steps = Integer.numberOfTrailingZeros(S.length());
        VectorShuffle<Float>[] shuffles = new VectorShuffle[steps];
        for (int i = 0, shift = S.length() / 2; i < steps; i++, shift /= 2)
            shuffles[i] = VectorShuffle.iota(S, shift, 1, true);
        return shuffles;
    }

    /**
     * The sum of the lanes in a fixed pairwise order. {@code reduceLanes(ADD)} leaves the order
     * open, and C2 and the interpreter do pick different ones, so a kernel using it could give
     * different bits before and after compilation; lane-wise adds of rotated copies cannot.
     */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> h : HALVES) v = v.add(v.rearrange(h));
        return v.lane(0);
    }

    /**
     * a[off + r·stride ..< + L] = e^(that) in place for r < rows. Callers with big bodies use this
     * form: C2 may leave a call to {@link #exp(FloatVector)} out of line there, and a vector passed
     * to a call that is not inlined is boxed on the heap; here the call sits in a small hot loop.
     */
    static void exp(float[] a, int off, int stride, int rows) {
        for (int r = 0; r < rows; r++) {
            int o = off + r * stride;
            exp(FloatVector.fromArray(S, a, o)).intoArray(a, o);
        }
    }

    /** e^x for x in [−87, 88] (clamped outside), Cody–Waite reduction and a degree-7 polynomial. */
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector shifted = x.fma(LOG2E, ROUNDER);
        FloatVector n = shifted.sub(ROUNDER);
        FloatVector r = n.fma(c(-LN2_HI), x);
        r = n.fma(c(-LN2_LO), r);
        FloatVector p = r.fma(1f / 5040, 1f / 720);
        p = p.fma(r, c(1f / 120));
        p = p.fma(r, c(1f / 24));
        p = p.fma(r, c(1f / 6));
        p = p.fma(r, c(0.5f));
        p = p.fma(r, c(1f));
        p = p.fma(r, c(1f));
        // The low mantissa bits of `shifted` hold n; shifting (bits + 127) into the exponent gives 2^n.
        FloatVector scale = shifted.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    private static FloatVector c(float v) {
        return FloatVector.broadcast(S, v);
    }
}

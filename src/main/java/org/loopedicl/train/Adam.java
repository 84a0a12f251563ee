package org.loopedicl.train;

import java.util.ArrayList;
import java.util.List;
import org.loopedicl.nn.Parameter;
import org.loopedicl.nn.ParameterStore;
import org.loopedicl.tensor.Kernels;

/**
 * torch.optim.Adam (weight decay added to the gradient; 0 in the paper) or AdamW (decoupled
 * weight decay), with one first- and second-moment buffer per parameter.
 */
public final class Adam {
    private final List<Parameter> params;
    private final List<float[]> m = new ArrayList<>();
    private final List<float[]> v = new ArrayList<>();
    private final float beta1, beta2, eps, weightDecay;
    private final boolean decoupled;
    private int step;

    public Adam(ParameterStore store, float beta1, float beta2, float eps, float weightDecay, boolean decoupled) {
        this.params = store.all();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        for (Parameter p : params) {
            m.add(new float[p.size()]);
            v.add(new float[p.size()]);
        }
    }

    /** The paper's optimiser: β (0.9, 0.999), eps 1e-8, no weight decay. */
    public static Adam paper(ParameterStore store) {
        return new Adam(store, 0.9f, 0.999f, 1e-8f, 0f, false);
    }

    /** Applies one update with the gradients currently in the parameters. */
    public void step(float lr) {
        step++;
        Kernels k = Kernels.active();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (!decoupled && weightDecay != 0f)
                for (int j = 0; j < p.size(); j++) p.grad[j] += weightDecay * p.data[j];
            k.adam(p.data, p.grad, m.get(i), v.get(i), p.size(), lr, beta1, beta2, eps, decoupled ? weightDecay : 0f, step);
        }
    }

    public int stepCount() {
        return step;
    }

    /** The moment buffers m and v of each parameter, by parameter name, for checkpoints. */
    public void forEachMoment(MomentVisitor visitor) {
        for (int i = 0; i < params.size(); i++) visitor.visit(params.get(i), m.get(i), v.get(i));
    }

    /** Resumes at a saved step count; the moments are restored through {@link #forEachMoment}. */
    public void restoreStepCount(int stepCount) {
        if (stepCount < 0) throw new IllegalArgumentException("Adam step count must be >= 0, got " + stepCount);
        this.step = stepCount;
    }

    @FunctionalInterface
    public interface MomentVisitor {
        void visit(Parameter p, float[] m, float[] v);
    }
}

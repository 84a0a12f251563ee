package org.loopedicl.task;

/** One function f drawn from a function class: the hidden rule behind one prompt. */
@FunctionalInterface
public interface PromptFunction {
    /** f(x) for the x of n_dims coordinates starting at {@code xs[offset]}. */
    double valueAt(float[] xs, int offset);
}

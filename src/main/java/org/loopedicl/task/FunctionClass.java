package org.loopedicl.task;

import java.util.List;
import java.util.Map;
import org.loopedicl.io.ClosestName;

/**
 * A class of functions to learn in context (docs/DESIGN.md §2): draws a fresh f for every prompt.
 * Knobs follow Garg et al.'s task kwargs; {@code scale} multiplies w (or the output, for the
 * nonlinear classes) where their code has it.
 */
public interface FunctionClass {
    String name();

    /**
     * Draws one f over n_dims coordinates of which only the first {@code dActive} may be non-zero
     * (the dimension curriculum: weights on the other coordinates are zero).
     */
    PromptFunction sample(RandomStream rng, int nDims, int dActive);

    /**
     * E[f(x)²] for x ~ N(0, I) with {@code dims} active coordinates, so that predicting 0 scores
     * 1 after dividing by it; evaluation uses dims = n_dims (docs/DESIGN.md §2's d, s or 1).
     */
    double normalizer(int dims);

    default Metric metric() {
        return Metric.SQUARED_ERROR;
    }

    /** False for classes whose x stays full-dimensional during the dims curriculum. */
    default boolean followsDimsCurriculum() {
        return true;
    }

    /** The function class called {@code name}, with keyword arguments {@code knobs}. */
    static FunctionClass create(String name, Map<String, ?> knobs) {
        // relu_2nn_regression is the reference code's name, accepted so its configs load unchanged.
        return switch (name) {
            case LinearRegression.NAME -> LinearRegression.fromKnobs(knobs);
            case NoisyLinearRegression.NAME -> NoisyLinearRegression.fromKnobs(knobs);
            case SparseLinearRegression.NAME -> SparseLinearRegression.fromKnobs(knobs);
            case Relu2nnRegression.NAME, "relu_2nn_regression" -> Relu2nnRegression.fromKnobs(knobs);
            case DecisionTree.NAME -> DecisionTree.fromKnobs(knobs);
            case QuadraticRegression.NAME -> QuadraticRegression.fromKnobs(knobs);
            case LinearClassification.NAME -> LinearClassification.fromKnobs(knobs);
            default -> throw ClosestName.unknown("function class", name, names());
        };
    }

    /** The valid names, in docs/DESIGN.md §2's order. */
    static List<String> names() {
        return List.of(LinearRegression.NAME, NoisyLinearRegression.NAME, SparseLinearRegression.NAME,
                Relu2nnRegression.NAME, DecisionTree.NAME, QuadraticRegression.NAME, LinearClassification.NAME);
    }
}

package org.loopedicl.model;

import java.util.function.LongPredicate;
import org.loopedicl.io.ArraySize;
import org.loopedicl.io.InvalidInputException;

/**
 * What a model's arrays need, worked out before any is allocated: each array must be indexable
 * by int, and all of them together must fit the heap (Runtime.maxMemory, set by LOOPED_HEAP).
 * A size that does not fit is one line naming the field to blame, its value and the largest value
 * that fits. The caller's {@link Blame} names the field as the user wrote it (a config key, a
 * weights file's metadata key, a flag).
 */
public final class ModelSize {

    /** Turns "field" and {@code "is V, expected <= L: why"} into the caller's error. */
    @FunctionalInterface
    public interface Blame {
        InvalidInputException at(String field, String problem);

        /** Fields under their metadata names (n_embd, …), as {@link ModelConfig#KEYS} has them. */
        Blame PLAIN = (field, problem) -> new InvalidInputException(field + " " + problem);

        /** Fields as the flags that set them: n_embd is --n-embd. */
        Blame FLAG = (field, problem) -> new InvalidInputException("--" + field.replace('_', '-') + " " + problem);
    }

    /** Weights and gradients; a loader or writer holds one more copy while it reads or writes the file. */
    public static final int FLOATS_PER_PARAMETER = 3;
    /** In training Adam adds its two moments. */
    public static final int FLOATS_PER_TRAINED_PARAMETER = 5;
    /** Prompts per forward pass of {@link TransformerModel#predict}. */
    static final int PREDICT_CHUNK = 64;

    private ModelSize() {
    }

    /** The parameter count of the layout of docs/DESIGN.md §6, exact (saturating) for any field values. */
    static long parameters(long nDims, long nPositions, long nEmbd, long nLayer, long loopRows) {
        long e = nEmbd;
        long wpe = ArraySize.product(ArraySize.sum(ArraySize.product(2, nPositions), 1), e);
        long readInOut = ArraySize.sum(ArraySize.product(nDims, e), e, e, 1);
        long block = ArraySize.sum(ArraySize.product(12, e, e), ArraySize.product(13, e));
        return ArraySize.sum(wpe, readInOut, ArraySize.product(nLayer, block), ArraySize.product(2, e), ArraySize.product(loopRows, e));
    }

    /** The parameter count of this model. */
    static long parameters(ModelConfig c) {
        return parameters(c.nDims(), c.nPositions(), c.nEmbd(), c.nLayer(), c.nLoopsMax());
    }

    /** Refuses a model whose parameters do not fit, {@code floatsPerParameter} floats each, blaming one field. */
    public static void checkModel(ModelConfig c, int floatsPerParameter, Blame blame) {
        long e = c.nEmbd();
        // The largest tensors: mlp.c_fc [4·n_embd, n_embd], wpe [2·n_positions + 1, n_embd], read_in [n_embd, n_dims], the loop embedding.
        if (ArraySize.product(4, e, e) > ArraySize.MAX_ELEMENTS)
            throw blame.at("n_embd", "is " + e + ", expected <= " + largest(x -> ArraySize.product(4, x, x) <= ArraySize.MAX_ELEMENTS)
                    + ": the MLP's [4·n_embd, n_embd] weight must fit one array");
        if (ArraySize.product(ArraySize.sum(ArraySize.product(2, c.nPositions()), 1), e) > ArraySize.MAX_ELEMENTS)
            throw blame.at("n_positions", "is " + c.nPositions() + ", expected <= "
                    + largest(x -> ArraySize.product(ArraySize.sum(ArraySize.product(2, x), 1), e) <= ArraySize.MAX_ELEMENTS)
                    + " with n_embd " + e + ": the position table [2·n_positions + 1, n_embd] must fit one array");
        if (ArraySize.product(c.nDims(), e) > ArraySize.MAX_ELEMENTS)
            throw blame.at("n_dims", "is " + c.nDims() + ", expected <= " + ArraySize.MAX_ELEMENTS / e
                    + " with n_embd " + e + ": read_in [n_embd, n_dims] must fit one array");
        if (ArraySize.product(c.nLoopsMax(), e) > ArraySize.MAX_ELEMENTS)
            throw blame.at("n_loops_max", "is " + c.nLoopsMax() + ", expected <= " + ArraySize.MAX_ELEMENTS / e
                    + " with n_embd " + e + ": the loop embedding [n_loops_max, n_embd] must fit one array");
        long heap = Runtime.getRuntime().maxMemory();
        long count = parameters(c);
        if (bytes(count, floatsPerParameter) <= heap) return;
        String why = ": " + String.format("%,d", count) + " parameters take " + ArraySize.gib(bytes(count, floatsPerParameter))
                + " with their gradients" + (floatsPerParameter > FLOATS_PER_PARAMETER ? " and Adam's moments" : "")
                + ", the heap holds " + ArraySize.gib(heap) + " (LOOPED_HEAP raises it)";
        // Blame the field whose reduction alone would fit: the layers before the width, which fits whenever anything does.
        long layers = largest(x -> bytes(parameters(c.nDims(), c.nPositions(), e, x, c.nLoopsMax()), floatsPerParameter) <= heap);
        long positions = largest(x -> bytes(parameters(c.nDims(), x, e, c.nLayer(), c.nLoopsMax()), floatsPerParameter) <= heap);
        if (positions >= 1 && c.nPositions() > positions)
            throw blame.at("n_positions", "is " + c.nPositions() + ", expected <= " + positions + " with n_embd " + e + why);
        if (layers >= 1)
            throw blame.at("n_layer", "is " + c.nLayer() + ", expected <= " + layers + " with n_embd " + e + why);
        long width = largest(x -> bytes(parameters(c.nDims(), c.nPositions(), x, c.nLayer(), c.nLoopsMax()), floatsPerParameter) <= heap);
        throw blame.at("n_embd", "is " + e + ", expected <= " + width + " with n_layer " + c.nLayer() + why);
    }

    /**
     * Refuses a model whose trained parameters do not fit, then a training batch whose activations
     * do not fit beside them:
     * {@code sets} activation sets kept for the backward (the loss window), one more for the
     * iterations without gradient, and the workspace, for prompts of {@code points} points.
     */
    public static void checkTraining(ModelConfig c, int batch, int points, int sets, Blame blame) {
        long t = 2L * points, e = c.nEmbd();
        long perSet = ArraySize.sum(ArraySize.product(2, t, e), 2 * t, ArraySize.product(c.nLayer(), ArraySize.sum(ArraySize.product(16, t, e), 4 * t)));
        long perPrompt = ArraySize.sum(ArraySize.product(sets + 1L, perSet), ArraySize.product(sets, c.nLayer(), c.nHead(), t, t),
                ArraySize.product(t, c.nDims()), ArraySize.product(15, t, e), 2 * t);
        checkModel(c, FLOATS_PER_TRAINED_PARAMETER, blame);
        long params = bytes(parameters(c), FLOATS_PER_TRAINED_PARAMETER);
        long heap = Runtime.getRuntime().maxMemory();
        // The largest arrays of one batch: the MLP's [batch·t, 4·n_embd] and the attention probabilities [batch, n_head, t, t].
        LongPredicate fits = b -> ArraySize.product(b, 4, t, e) <= ArraySize.MAX_ELEMENTS
                && ArraySize.product(b, c.nHead(), t, t) <= ArraySize.MAX_ELEMENTS
                && ArraySize.sum(params, bytes(ArraySize.product(b, perPrompt), 1)) <= heap;
        if (fits.test(batch)) return;
        throw blame.at("batch_size", "is " + batch + ", expected <= " + largest(fits) + " for prompts of " + points
                + " points: its activations must fit one array each and, beside the parameters, the heap of " + ArraySize.gib(heap)
                + " (LOOPED_HEAP raises it)");
    }

    /**
     * Refuses predictions [K, batch, points] that do not fit an array and the heap: the result,
     * one buffer of a chunk per iteration, and the state change [K, batch] evaluation tracks.
     */
    public static void checkPredictions(ModelConfig c, int loops, int batch, int points, Blame blame) {
        long heap = Runtime.getRuntime().maxMemory();
        long params = bytes(parameters(c), FLOATS_PER_PARAMETER);
        long perLoop = ArraySize.sum(ArraySize.product(batch, points), ArraySize.product(Math.min(batch, PREDICT_CHUNK), points), batch);
        LongPredicate fits = k -> ArraySize.product(k, batch, points) <= ArraySize.MAX_ELEMENTS
                && ArraySize.sum(params, bytes(ArraySize.product(k, perLoop), 1)) <= heap;
        if (fits.test(loops)) return;
        throw blame.at("loops", "is " + loops + ", expected <= " + largest(fits) + " for " + batch + " prompts of " + points
                + " points: the predictions [K, B, n] must fit one array and the heap of " + ArraySize.gib(heap));
    }

    private static long bytes(long count, int floatsEach) {
        return ArraySize.product(count, floatsEach, Float.BYTES);
    }

    /** The largest x in [0, Integer.MAX_VALUE] that {@code fits}, 0 for none; {@code fits} holds below any x it holds for. */
    private static long largest(LongPredicate fits) {
        long lo = 0, hi = Integer.MAX_VALUE + 1L; // lo fits (0 by convention), hi does not
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (fits.test(mid)) lo = mid;
            else hi = mid;
        }
        return lo;
    }
}

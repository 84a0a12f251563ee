package org.loopedicl.cli;

import java.nio.file.Path;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.Npy;
import org.loopedicl.io.NpyArray;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.task.PromptBatch;

/** Prompts given as xs.npy [B, n, d] and ys.npy [B, n], checked against a model. */
final class PromptFiles {
    private PromptFiles() {}

    static PromptBatch load(Path xsPath, Path ysPath, ModelConfig cfg) {
        NpyArray xs = Npy.read(xsPath), ys = Npy.read(ysPath);
        int[] x = xs.requireDims(xsPath.toString(), "B", "n", "d");
        int[] y = ys.requireDims(ysPath.toString(), "B", "n");
        if (x[0] != y[0] || x[1] != y[1])
            throw new InvalidInputException(ysPath + ": shape [" + y[0] + ", " + y[1] + "] does not match xs [B, n] = ["
                    + x[0] + ", " + x[1] + "]");
        if (x[2] > cfg.nDims())
            throw new InvalidInputException(xsPath + ": d = " + x[2] + " exceeds the model's n_dims = " + cfg.nDims());
        if (x[1] > cfg.nPositions())
            throw new InvalidInputException(xsPath + ": n = " + x[1] + " points exceed the model's n_positions = " + cfg.nPositions());
        float[] xf = finite(xs, xsPath), yf = finite(ys, ysPath);
        return new PromptBatch(xf, yf, x[0], x[1], x[2]);
    }

    private static float[] finite(NpyArray a, Path path) {
        float[] f = a.toFloats();
        for (int i = 0; i < f.length; i++)
            if (!Float.isFinite(f[i]))
                throw new InvalidInputException(path + ": value " + f[i] + " at flat index " + i + ", expected finite numbers");
        return f;
    }
}

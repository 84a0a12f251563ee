package org.loopedicl.workflow;

import java.nio.file.Path;
import java.util.Map;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.Npy;
import org.loopedicl.io.NpyArray;
import org.loopedicl.io.Npz;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.task.PromptBatch;

/** Prompts given as xs.npy [B, n, d] and ys.npy [B, n] (or both in one .npz), checked against a model. */
public final class PromptFiles {
    private PromptFiles() {}

    public static PromptBatch load(Path xsPath, Path ysPath, ModelConfig cfg) {
        return check(Npy.read(xsPath), xsPath.toString(), Npy.read(ysPath), ysPath.toString(), cfg);
    }

    /** Prompts as one .npz holding arrays {@code xs} [B, n, d] and {@code ys} [B, n]. */
    public static PromptBatch loadNpz(Path npz, ModelConfig cfg) {
        Map<String, NpyArray> arrays = Npz.read(npz);
        return check(Npz.require(arrays, npz, "xs"), npz + " xs", Npz.require(arrays, npz, "ys"), npz + " ys", cfg);
    }

    private static PromptBatch check(NpyArray xs, String xsName, NpyArray ys, String ysName, ModelConfig cfg) {
        int[] x = xs.requireDims(xsName, "B", "n", "d");
        int[] y = ys.requireDims(ysName, "B", "n");
        if (x[0] < 1 || x[1] < 1 || x[2] < 1)
            throw new InvalidInputException(xsName + ": shape [B, n, d] = [" + x[0] + ", " + x[1] + ", " + x[2]
                    + "], expected at least one prompt, point and dimension");
        if (x[0] != y[0] || x[1] != y[1])
            throw new InvalidInputException(ysName + ": shape [" + y[0] + ", " + y[1] + "] does not match xs [B, n] = ["
                    + x[0] + ", " + x[1] + "]");
        if (x[2] > cfg.nDims())
            throw new InvalidInputException(xsName + ": d = " + x[2] + " exceeds the model's n_dims = " + cfg.nDims());
        if (x[1] > cfg.nPositions())
            throw new InvalidInputException(xsName + ": n = " + x[1] + " points exceed the model's n_positions = " + cfg.nPositions());
        float[] xf = finite(xs, xsName), yf = finite(ys, ysName);
        return new PromptBatch(xf, yf, x[0], x[1], x[2]);
    }

    private static float[] finite(NpyArray a, String name) {
        float[] f = a.toFloats();
        for (int i = 0; i < f.length; i++)
            if (!Float.isFinite(f[i]))
                throw new InvalidInputException(name + ": value " + f[i] + " at flat index " + i + ", expected finite numbers");
        return f;
    }
}

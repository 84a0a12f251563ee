package org.loopedicl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.loopedicl.io.Npy;
import org.loopedicl.io.NpyArray;
import org.loopedicl.model.ModelFile;
import org.loopedicl.model.ModelSize;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.workflow.PromptFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict f(x_i) at every x position after every loop iteration: P is float32 [K, B, n].")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--weights", required = true, paramLabel = "W.safetensors") Path weights;
    @Option(names = "--xs", required = true, paramLabel = "XS.npy", description = "[B, n, d], d <= n_dims; little-endian float32, float64, uint8, int32 or int64 (<f4 <f8 |u1 <i4 <i8).") Path xs;
    @Option(names = "--ys", required = true, paramLabel = "YS.npy", description = "[B, n], the same dtypes.") Path ys;
    @Option(names = "--loops", paramLabel = "K", description = "Loop iterations (default: the file's train_loops; 1 for standard).") Integer loops;
    @Option(names = "--out", required = true, paramLabel = "P.npy") Path out;

    @Override
    public Integer call() {
        System.err.println(Main.engineLine());
        ModelFile f = ModelFile.load(weights);
        PromptBatch p = PromptFiles.load(xs, ys, f.model().config());
        int k = LoopSettings.resolve(weights, f, loops, null).loops();
        ModelSize.checkPredictions(f.model().config(), k, p.batch(), p.points(), ModelSize.Blame.FLAG);
        float[] pred = f.model().predict(p, k);
        Npy.write(out, NpyArray.ofFloats(pred, k, p.batch(), p.points()));
        System.out.printf("wrote %s: predictions [%d, %d, %d]%n", out, k, p.batch(), p.points());
        return 0;
    }}

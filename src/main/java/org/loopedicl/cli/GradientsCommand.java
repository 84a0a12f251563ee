package org.loopedicl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.loopedicl.io.NamedArray;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.model.ModelFile;
import org.loopedicl.model.PredictionLoss;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.nn.Parameter;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.workflow.PromptFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gradients", mixinStandardHelpOptions = true, description = "The training loss (docs/DESIGN.md §7) and its gradient for every parameter, as safetensors under the reference names.")
final class GradientsCommand implements Callable<Integer> {
    @Option(names = "--weights", required = true, paramLabel = "W.safetensors") Path weights;
    @Option(names = "--xs", required = true, paramLabel = "XS.npy") Path xs;
    @Option(names = "--ys", required = true, paramLabel = "YS.npy") Path ys;
    @Option(names = "--loops", paramLabel = "K", description = "Loop iterations (default: the file's train_loops).") Integer loops;
    @Option(names = "--window", paramLabel = "T", description = "Loss window (default: the file's train_window, else K).") Integer window;
    @Option(names = "--out", required = true, paramLabel = "G.safetensors") Path out;

    @Override
    public Integer call() {
        System.err.println(Main.engineLine());
        ModelFile f = ModelFile.load(weights);
        TransformerModel m = f.model();
        PromptBatch p = PromptFiles.load(xs, ys, m.config());
        LoopSettings s = LoopSettings.resolve(weights, f, loops, window);
        double loss = m.lossAndGradient(p, s.loops(), s.window(), PredictionLoss.SQUARED_ERROR);
        SafetensorsFile g = new SafetensorsFile();
        g.putMeta("loss", Double.toString(loss));
        g.putMeta("loops", Integer.toString(s.loops()));
        g.putMeta("window", Integer.toString(s.window()));
        for (Parameter par : m.parameters().all()) g.put(new NamedArray(par.name(), par.shape(), par.grad.clone()));
        g.write(out);
        System.out.printf("wrote %s: loss %.6g, K=%d, T=%d%n", out, loss, s.loops(), s.window());
        return 0;
    }
}

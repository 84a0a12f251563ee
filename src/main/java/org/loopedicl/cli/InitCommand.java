package org.loopedicl.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopEncoding;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.ModelFile;
import org.loopedicl.model.ModelSize;
import org.loopedicl.model.TransformerModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Write a freshly initialised model (docs/DESIGN.md §6) as safetensors.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--family", required = true, description = "standard, looped or tied") String family;
    @Option(names = "--n-dims", required = true) int nDims;
    @Option(names = "--n-positions", required = true) int nPositions;
    @Option(names = "--n-embd", required = true) int nEmbd;
    @Option(names = "--n-layer", required = true) int nLayer;
    @Option(names = "--n-head", required = true) int nHead;
    @Option(names = "--loop-func", defaultValue = "add", description = "add or mul (looped only; default ${DEFAULT-VALUE})") String loopFunc;
    @Option(names = "--loop-encoding", defaultValue = "none",
            description = "none or learned: a learned embedding of the iteration (looped only; docs/DESIGN.md §5)") String loopEncoding;
    @Option(names = "--n-loops-max", defaultValue = "0",
            description = "rows of the loop embedding; later iterations use the last row (with --loop-encoding learned)") int nLoopsMax;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--out", required = true, paramLabel = "W.safetensors") Path out;

    @Override
    public Integer call() {
        ModelConfig cfg = new ModelConfig(Family.parse(family), nDims, nPositions, nEmbd, nLayer, nHead, LoopFunc.parse(loopFunc),
                LoopEncoding.parse(loopEncoding), nLoopsMax);
        ModelSize.checkModel(cfg, ModelSize.FLOATS_PER_PARAMETER, ModelSize.Blame.FLAG);
        TransformerModel m = TransformerModel.initialize(cfg, seed);
        ModelFile.save(out, m, Map.of("seed", Long.toString(seed)));
        System.out.printf("wrote %s: %s model, %,d parameters%n", out, cfg.family().key(), m.parameters().count());
        return 0;
    }
}

package org.loopedicl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.loopedicl.model.ModelFile;
import org.loopedicl.model.TransformerModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Show a weights file's configuration and parameter counts.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "W.safetensors") Path weights;

    @Override
    public Integer call() {
        ModelFile f = ModelFile.load(weights);
        TransformerModel m = f.model();
        System.out.println(weights);
        f.metadata().forEach((k, v) -> System.out.printf("  %-14s %s%n", k, v));
        System.out.printf("  %-14s %,d%n", "parameters", m.parameters().count());
        System.out.printf("  %-14s %,d (nanoGPT count: without wpe, read_in, read_out%s)%n", "non-embedding", m.nonEmbeddingParameterCount(),
                m.config().encodesLoops() ? ", the loop embedding" : "");
        return 0;
    }
}

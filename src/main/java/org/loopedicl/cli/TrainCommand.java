package org.loopedicl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.loopedicl.train.RunDirectory;
import org.loopedicl.train.TrainConfig;
import org.loopedicl.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train", mixinStandardHelpOptions = true, description = {
        "Train a model as CONFIG.yaml says (docs/DESIGN.md §7) into a run directory.",
        "The directory holds the resolved config, metrics.jsonl, checkpoint.safetensors (full state, for",
        "--resume) and model.safetensors (weights for eval and exchange); one process writes it at a time."})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG.yaml") Path config;
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, e.g. --set training.train_steps=500 (repeatable).")
    List<String> sets = new ArrayList<>();
    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory (default: the config's out_dir).") Path out;
    @Option(names = "--resume", description = {"Continue from the run directory's checkpoint, bit-exactly. The config must be the run's,",
            "except training.train_steps (not below the checkpoint's step; fixed under a cosine schedule)",
            "and training.save_every_steps, keep_every_steps, log_every_steps, eval_every_steps."}) boolean resume;

    @Override
    public Integer call() {
        System.err.println(Main.engineLine());
        train(TrainConfig.load(config, sets), out, resume);
        return 0;
    }

    /** Trains one config to its end and reports where the run is; shared with {@code demo}. */
    static RunDirectory train(TrainConfig cfg, Path out, boolean resume) {
        RunDirectory dir = new RunDirectory(out != null ? out : cfg.outDir());
        Trainer trainer = new Trainer(cfg, dir);
        String name = dir.root().getFileName().toString();
        TrainingProgress progress = new TrainingProgress(name, System.out, cfg.training().logEverySteps());
        long t0 = System.nanoTime();
        long ran = trainer.run(resume, progress);
        String loss = trainer.finalLoss().isPresent() ? String.format("%.4f", trainer.finalLoss().getAsDouble())
                : "not in " + dir.metrics().getFileName();
        if (ran == 0)
            System.out.printf("%s: finished already at step %d, final loss %s; weights in %s%n", name, trainer.step(), loss, dir.model());
        else
            System.out.printf("%s: %d steps, final loss %s, %.0f s; weights in %s%n", name, trainer.step(), loss,
                    (System.nanoTime() - t0) / 1e9, dir.model());
        return dir;
    }
}

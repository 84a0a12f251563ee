package org.loopedicl.sweep;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.loopedicl.eval.Results;
import org.loopedicl.tensor.Parallel;
import org.loopedicl.train.RunDirectory;
import org.loopedicl.train.StepMetrics;
import org.loopedicl.train.TrainConfig;
import org.loopedicl.train.Trainer;

/**
 * Runs one cell where Spark puts it: trains the cell's config in {@code OUT/runs/CELL} through the
 * Trainer (resuming its checkpoint if it has one, which is how a retried task continues), evaluates
 * it into {@code OUT/evals/CELL} and records it there as done. Paths are absolute and must name the
 * same storage on every machine. Serializable: Spark ships it to the executors.
 */
final class CellTask implements Serializable {
    private final String sweepFile, base, out;
    private final ArrayList<String> set;
    private final EvalSettings eval;
    private final int threads;

    CellTask(SweepFile sweep, Path out, int threads) {
        this.sweepFile = sweep.file().toString();
        this.base = sweep.base().toString();
        this.set = new ArrayList<>(sweep.set());
        this.eval = sweep.eval();
        this.out = out.toAbsolutePath().toString();
        this.threads = threads;
    }

    /** The config of a cell: the base, the sweep's set, then the cell's grid values; errors name the section. */
    TrainConfig config(Cell cell) {
        Map<String, List<String>> overrides = new LinkedHashMap<>();
        overrides.put(sweepFile + ": set", set);
        overrides.put(sweepFile + ": grid", cell.overrides());
        return TrainConfig.load(Path.of(base), overrides);
    }

    Path runDir(Cell cell) {
        return Path.of(out, "runs", cell.name());
    }

    Path evalDir(Cell cell) {
        return Path.of(out, "evals", cell.name());
    }

    CellOutcome run(Cell cell) {
        Parallel.setThreads(threads);
        List<String> overrides = new ArrayList<>(set);
        overrides.addAll(cell.overrides());
        CellRecord record = new CellRecord(base, overrides, eval.options(), null);
        Optional<CellNumbers> done = record.findIn(evalDir(cell));
        if (done.isPresent()) return new CellOutcome(cell, done.get(), CellOutcome.Status.SKIPPED, 0, 0, 0, host());

        long t0 = System.nanoTime();
        RunDirectory run = new RunDirectory(runDir(cell));
        boolean resumed = Files.exists(run.checkpoint());
        Trainer trainer = new Trainer(config(cell), run);
        long steps = trainer.run(resumed, new QuietProgress(cell.name()));
        double loss = trainer.finalLoss().orElse(Double.NaN);
        long t1 = System.nanoTime();
        Results results = new CellEvaluation(Path.of(sweepFile), eval).evaluate(run, evalDir(cell));
        CellNumbers numbers = CellNumbers.of(loss, results, cell.name());
        new CellRecord(base, overrides, eval.options(), numbers).write(evalDir(cell));
        CellOutcome.Status status = steps == 0 ? CellOutcome.Status.EVALUATED
                : resumed ? CellOutcome.Status.RESUMED : CellOutcome.Status.TRAINED;
        return new CellOutcome(cell, numbers, status, steps, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, host());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** A cell trains silently (the driver prints a line per cell); what the Trainer has to say goes to the executor's log. */
    private record QuietProgress(String cell) implements Trainer.Progress {
        @Override
        public void started(long step, long total) {}

        @Override
        public void stepped(StepMetrics metrics) {}

        @Override
        public void message(String line) {
            System.err.println("looped sweep: " + cell + ": " + line);
        }

        @Override
        public void finished() {}
    }
}

package org.loopedicl.sweep;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.loopedicl.io.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "looped sweep", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Train and evaluate every cell of a grid of configs, as Apache Spark tasks (docs/DESIGN.md).",
        "SWEEP.yaml: base (a training config), set (overrides for every cell), grid (config key -> list of values),",
        "eval (evaluation options). Writes DIR/runs/CELL (run directories), DIR/evals/CELL, DIR/results.csv,",
        "DIR/timings.csv and DIR/report.html. A finished cell is not run again; a cell with a checkpoint resumes it."})
public final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP.yaml") Path file;
    @Option(names = "--master", paramLabel = "URL", description = {"Spark master: local[N], local[*], spark://HOST:PORT, ...",
            "(default: the one spark-submit names, else local[*]). Run directories must be on storage every worker sees."}) String master;
    @Option(names = "--out", paramLabel = "DIR", description = "Sweep directory (default: runs/sweeps/<sweep file's stem>).") Path out;
    @Option(names = "--threads-per-run", paramLabel = "K", defaultValue = "1",
            description = "Kernel threads of each cell, and the cores Spark reserves for it (default ${DEFAULT-VALUE}).") int threads;
    @Option(names = "--verbose", description = "Stack traces on errors.") boolean verbose;
    private PrintStream stdout;

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line and returns the exit code: 0 done, 1 a cell failed, 2 bad input. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        SweepCommand command = new SweepCommand();
        command.stdout = out;
        CommandLine cmd = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (command.verbose) ex.printStackTrace();
            boolean badInput = ex instanceof InvalidInputException || ex instanceof IllegalArgumentException;
            c.getErr().println("looped: error: " + (badInput || ex instanceof SweepFailedException ? ex.getMessage()
                    : ex + " (run with --verbose for the stack trace)"));
            return badInput ? 2 : 1;
        });
        return cmd.execute(args);
    }

    @Override
    public Integer call() {
        if (threads < 1) throw new InvalidInputException("--threads-per-run must be >= 1, got " + threads);
        SweepFile sweep = SweepFile.load(file);
        Sweep.run(sweep, master, out != null ? out : Path.of("runs", "sweeps", sweep.name()), threads, stdout);
        return 0;
    }
}

package org.loopedicl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.tensor.Kernels;
import org.loopedicl.tensor.Parallel;
import org.loopedicl.train.TrainingStoppedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code looped} command line. */
@Command(name = "looped", mixinStandardHelpOptions = true, version = "looped-icl 0.1.0",
        description = "Standard and looped GPT-2 in-context learners, in pure Java.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, PlotCommand.class, ReproduceCommand.class, InitCommand.class, InfoCommand.class,
                PredictCommand.class, GradientsCommand.class, ProbeCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    @Option(names = "--threads", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Threads for the kernels (default: all ${sys:looped.cores} cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Stack traces on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command given: the usage, as an error (--help is the way to ask for it). */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }

    public static void main(String[] args) {
        System.setProperty("looped.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        Main main = new Main();
        CommandLine cmd = new CommandLine(main);
        cmd.setExecutionStrategy(parseResult -> {
            if (main.threads < 1) throw new CommandLine.ParameterException(cmd, "--threads must be >= 1, got " + main.threads);
            Parallel.setThreads(main.threads);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (main.verbose) ex.printStackTrace();
            c.getErr().println("looped: error: " + describe(ex));
            return 2;
        });
        int callerThreads = Parallel.threads(); // tests run many command lines in one JVM: each leaves the setting as it found it
        try {
            return cmd.execute(args);
        } finally {
            Parallel.setThreads(callerThreads);
        }
    }

    /** One line: the message of a user error, or the kind of an unexpected failure. */
    static String describe(Throwable ex) {
        if (ex instanceof InvalidInputException || ex instanceof IllegalArgumentException
                || ex instanceof TrainingStoppedException) return ex.getMessage();
        if (ex instanceof OutOfMemoryError) return "out of memory (raise the heap with LOOPED_HEAP=16g)";
        return ex + " (run with --verbose for the stack trace)";
    }

    /** The checkout the launcher runs from (configs/, experiments/, results/), else the working directory. */
    static Path home() {
        return Path.of(System.getProperty("looped.home", "."));
    }

    /** The start-up line that says which kernels run, on how many threads, on which JVM. */
    static String engineLine() {
        return "looped: kernels=" + Kernels.active().name() + " threads=" + Parallel.threads()
                + " java=" + Runtime.version().feature();
    }
}

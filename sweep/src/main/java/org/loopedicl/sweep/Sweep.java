package org.loopedicl.sweep;

import java.io.PrintStream;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.loopedicl.io.OutputDirectory;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a sweep on Spark: every cell is checked on the driver first (its config through the
 * config loader, so a bad key fails before anything trains), then the cells become one job of
 * one task per cell, each running {@link CellTask}. Spark retries a task that fails or loses its
 * executor (spark.task.maxFailures), and the retry resumes the cell's checkpoint. The driver prints
 * a line as each cell finishes and, once all have, writes results.csv, timings.csv and report.html.
 */
public final class Sweep {
    private Sweep() {}

    /**
     * @param master  a Spark master URL; null takes spark.master from the environment (spark-submit
     *                sets it), else local[*]
     * @param threads kernel threads of each cell, and the cores Spark reserves for it
     */
    public static List<CellOutcome> run(SweepFile sweep, String master, Path out, int threads, PrintStream progress) {
        List<Cell> cells = Grid.cells(sweep);
        CellTask task = new CellTask(sweep, out, threads);
        for (Cell cell : cells) task.config(cell);
        new CellEvaluation(sweep.file(), sweep.eval()); // its options are checked here once, not in every task
        SparkConf conf = new SparkConf().setAppName("looped sweep " + sweep.name());
        String m = master != null ? master : conf.get("spark.master", "local[*]");
        Masters.check(m, threads);
        OutputDirectory.prepare(out);
        conf.setMaster(m).set("spark.task.cpus", Integer.toString(threads));
        if (Masters.isLocal(m)) conf.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        else if (!conf.contains("spark.jars")) ownJar().ifPresent(jar -> conf.set("spark.jars", jar)); // spark-submit sets it

        CellOutcome[] outcomes = new CellOutcome[cells.size()];
        progress.printf("looped sweep %s: %d cells on %s, %d thread(s) each, into %s%n", sweep.name(), cells.size(), m, threads, out);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            RDD<Cell> rdd = sc.parallelize(cells, cells.size()).rdd();
            sc.sc().runJob(rdd, new RunCell(task), new Report(outcomes, progress), ClassTag$.MODULE$.apply(CellOutcome.class));
        } catch (Exception e) { // Scala declares no checked exceptions, SparkException among them
            if (e instanceof SparkException failed) throw new SweepFailedException(failed);
            throw e;
        }
        List<CellOutcome> done = Arrays.asList(outcomes);
        ResultsTable table = new ResultsTable(Grid.columns(sweep.grid()), done);
        table.write(out);
        SweepReport.write(out, "Sweep " + sweep.name(), Grid.columns(sweep.grid()), table);
        progress.printf("wrote %s: %s, %s, %s%n", out, ResultsTable.RESULTS, ResultsTable.TIMINGS, SweepReport.FILE_NAME);
        return done;
    }

    /** The jar this code runs from (the shaded one, under ./looped sweep), for the executors; none when run from classes. */
    private static Optional<String> ownJar() {
        CodeSource source = Sweep.class.getProtectionDomain().getCodeSource();
        if (source == null) return Optional.empty();
        try {
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) ? Optional.of(p.toString()) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The task: one partition holds one cell. */
    private static final class RunCell extends AbstractFunction1<Iterator<Cell>, CellOutcome> implements Serializable {
        private final CellTask task;

        RunCell(CellTask task) {
            this.task = task;
        }

        @Override
        public CellOutcome apply(Iterator<Cell> cells) {
            Cell cell = cells.next();
            try {
                return task.run(cell);
            } catch (RuntimeException e) {
                throw new CellFailedException(cell, e);
            }
        }
    }

    /** On the driver, as each task succeeds: keeps its outcome and prints its line. */
    private static final class Report extends AbstractFunction2<Object, CellOutcome, BoxedUnit> {
        private final CellOutcome[] outcomes;
        private final PrintStream progress;
        private int finished;

        Report(CellOutcome[] outcomes, PrintStream progress) {
            this.outcomes = outcomes;
            this.progress = progress;
        }

        @Override
        public BoxedUnit apply(Object partition, CellOutcome o) {
            outcomes[(Integer) partition] = o;
            finished++;
            String what = switch (o.status()) {
                case SKIPPED -> "done in an earlier sweep";
                case EVALUATED -> String.format(Locale.ROOT, "trained earlier, evaluated in %.1f s", o.evalSeconds());
                case TRAINED, RESUMED -> String.format(Locale.ROOT, "%s %d steps in %.1f s, evaluated in %.1f s", o.status().label(),
                        o.stepsTrained(), o.trainSeconds(), o.evalSeconds());
            };
            progress.printf("[%d/%d] %s: %s; final loss %s, error at k = %s: %s (%s)%n", finished, outcomes.length, o.cell().name(), what,
                    ResultsTable.number(o.numbers().finalLoss()), lastK(o), ResultsTable.number(o.numbers().errorAtK().get(lastK(o))), o.host());
            return BoxedUnit.UNIT;
        }

        private static int lastK(CellOutcome o) {
            return o.numbers().errorAtK().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }
}

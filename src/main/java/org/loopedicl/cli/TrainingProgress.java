package org.loopedicl.cli;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.loopedicl.train.StepMetrics;
import org.loopedicl.train.Trainer;

/**
 * Shows a run's progress: a bar (step, loss, steps/s, ETA) on a terminal, and otherwise one
 * plain line per logged step, which reads well in a log file or CI output.
 */
final class TrainingProgress implements Trainer.Progress {
    private final String name;
    private final PrintStream out;
    private final boolean terminal;
    private final int every;
    private ProgressBar bar;
    private long startStep, startNanos;

    TrainingProgress(String name, PrintStream out, int every) {
        this.name = name;
        this.out = out;
        this.terminal = onTerminal();
        this.every = Math.max(1, every);
    }

    /** The launcher says whether stdout is a terminal (System.console() cannot tell on every JDK). */
    private static boolean onTerminal() {
        String tty = System.getProperty("looped.tty");
        return tty != null ? tty.equals("1") : System.console() != null;
    }

    @Override
    public void started(long step, long total) {
        startStep = step;
        startNanos = System.nanoTime();
        if (terminal && step < total)
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).startsFrom(step, Duration.ZERO)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().setUnit(" steps", 1).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).build();
    }

    @Override
    public void stepped(StepMetrics m) {
        long step = m.step();
        double loss = m.loss();
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format("loss %.4f", loss));
        } else if (step % every == 0) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            out.printf("%s step %d loss %.4f %.1f steps/s%s%n", name, step, loss, (step - startStep) / seconds,
                    m.hasHeldOut() ? String.format(" heldout %.4f", m.heldOutMean()) : "");
        }
    }

    @Override
    public void message(String line) {
        out.println(line);
    }

    @Override
    public void finished() {
        if (bar != null) bar.close();
        bar = null;
    }
}

package org.loopedicl.bench;

import java.io.PrintStream;
import java.util.function.DoubleSupplier;

/**
 * The FMA peak that utilisations are quoted against, as {@code measure} gives it (the best of
 * several trials, see {@link FmaPeak}). A measured rate above the peak means the peak trials were
 * disturbed, not that the step beat the machine: the peak is measured once more, and if the rate
 * still exceeds it, the peak is raised to that rate; either way a line on {@code out} says so.
 * Utilisation is therefore never above 100%.
 */
public final class Peak {
    private final DoubleSupplier measure;
    private final PrintStream out;
    private double gflops;

    public Peak(DoubleSupplier measure, PrintStream out) {
        this.measure = measure;
        this.out = out;
        this.gflops = measure.getAsDouble();
    }

    public double gflops() {
        return gflops;
    }

    /** The percentage of the peak that {@code rate} GFLOP/s reaches, after correcting the peak as above. */
    public double percent(double rate) {
        if (rate > gflops) {
            double was = gflops;
            gflops = Math.max(gflops, measure.getAsDouble());
            if (rate > gflops) {
                out.printf("  peak raised from %.1f to %.1f GFLOP/s, a measured rate: re-measured, the peak trials still reached only %.1f%n",
                        was, rate, gflops);
                gflops = rate;
            } else {
                out.printf("  peak re-measured: %.1f GFLOP/s (was %.1f, below a measured rate of %.1f)%n", gflops, was, rate);
            }
        }
        return 100 * rate / gflops;
    }
}

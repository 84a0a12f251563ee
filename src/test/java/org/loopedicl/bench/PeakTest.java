package org.loopedicl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.PrimitiveIterator;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** Utilisation against a disturbed peak: re-measured, then raised, never above 100%. */
class PeakTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** A peak whose successive measurements are {@code trials}; a further one fails the test. */
    private Peak peak(double... trials) {
        PrimitiveIterator.OfDouble it = DoubleStream.of(trials).iterator();
        return new Peak(it::nextDouble, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRateBelowThePeakIsQuotedAgainstIt() {
        Peak p = peak(200);
        assertEquals(40.0, p.percent(80), 1e-12);
        assertEquals(200, p.gflops());
        assertEquals("", printed());
    }

    @Test
    void aRateAboveThePeakReMeasuresIt() {
        Peak p = peak(80, 250);
        assertEquals(80.0, p.percent(200), 1e-12);
        assertEquals(250, p.gflops());
        assertEquals("  peak re-measured: 250.0 GFLOP/s (was 80.0, below a measured rate of 200.0)\n", printed().replace(System.lineSeparator(), "\n"));
        assertEquals(40.0, p.percent(100), 1e-12); // later rates use the corrected peak, measured no more
    }

    @Test
    void aRateAboveTheReMeasuredPeakBecomesThePeak() {
        Peak p = peak(80, 120);
        assertEquals(100.0, p.percent(187.5), 1e-12);
        assertEquals(187.5, p.gflops());
        assertEquals("  peak raised from 80.0 to 187.5 GFLOP/s, a measured rate: re-measured, the peak trials still reached only 120.0\n",
                printed().replace(System.lineSeparator(), "\n"));
    }
}

package org.loopedicl.eval;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.loopedicl.task.RandomStream;

/**
 * The 90% percentile bootstrap of a mean over prompts (docs/DESIGN.md §8), as Garg et al. compute it:
 * resample the prompts with replacement, take the mean of each resample, and report the sorted
 * resample means at ranks ⌊0.05·R⌋ and ⌊0.95·R⌋.
 *
 * <p>One set of resamples is drawn up front and applied to every column and every method, so
 * bands of different methods and positions come from the same resampled prompts and a seed
 * fixes all of them.
 */
public final class Bootstrap {
    private static final double LOW = 0.05, HIGH = 0.95;

    /** counts[r][i]: how often prompt i is drawn in resample r (a sparse view would not pay at these sizes). */
    private final int[][] counts;
    private final int prompts;

    private Bootstrap(int[][] counts, int prompts) {
        this.counts = counts;
        this.prompts = prompts;
    }

    public static Bootstrap draw(int prompts, int resamples, RandomStream rng) {
        if (prompts < 1 || resamples < 1)
            throw new IllegalArgumentException("bootstrap needs prompts and resamples >= 1, got " + prompts + ", " + resamples);
        int[][] counts = new int[resamples][prompts];
        for (int[] c : counts)
            for (int i = 0; i < prompts; i++) c[rng.nextInt(prompts)]++;
        return new Bootstrap(counts, prompts);
    }

    /**
     * The band of each column of {@code values} [prompts, columns] (row-major): the plain mean
     * over prompts and the 5th and 95th percentile of the resample means.
     */
    public Band band(double[] values, int columns) {
        if (values.length != (long) prompts * columns)
            throw new IllegalArgumentException("values hold " + values.length + " numbers, expected " + prompts + "×" + columns);
        double[] mean = new double[columns];
        for (int i = 0; i < prompts; i++)
            for (int c = 0; c < columns; c++) mean[c] += values[i * columns + c];
        for (int c = 0; c < columns; c++) mean[c] /= prompts;
        int r = counts.length;
        double[][] resampleMeans = new double[columns][r];
        IntStream.range(0, r).parallel().forEach(s -> {
            double[] sum = new double[columns];
            int[] c = counts[s];
            for (int i = 0; i < prompts; i++) {
                int times = c[i];
                if (times == 0) continue;
                for (int j = 0, off = i * columns; j < columns; j++) sum[j] += times * values[off + j];
            }
            for (int j = 0; j < columns; j++) resampleMeans[j][s] = sum[j] / prompts;
        });
        double[] low = new double[columns], high = new double[columns];
        for (int j = 0; j < columns; j++) {
            double[] m = resampleMeans[j];
            Arrays.sort(m);
            low[j] = m[(int) (LOW * r)];
            high[j] = m[Math.min(r - 1, (int) (HIGH * r))];
        }
        return new Band(mean, low, high);
    }
}

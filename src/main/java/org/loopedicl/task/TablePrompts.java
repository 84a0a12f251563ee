package org.loopedicl.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.loopedicl.io.ClosestName;
import org.loopedicl.io.DataTable;
import org.loopedicl.io.InvalidInputException;

/**
 * Prompts made of a real table's rows (docs/DESIGN.md §8, real data): the target column is y, the
 * other numeric columns are x. Categorical feature columns are left out and rows with a missing
 * value in a column used are dropped (both reported in {@link #notes}); every column used, the
 * target too, is standardised to mean 0 and variance 1 over the rows kept (a constant column
 * becomes 0). With more features than the model's n_dims, x is projected on the first n_dims
 * principal components of the standardised features, each rescaled to variance 1; with fewer, the
 * model pads with zeros as for any prompt. Each prompt holds n distinct rows, drawn without
 * replacement and in random order from the stream {@code data-prompts} of the seed.
 *
 * @param notes what was left out and how x was mapped, for results.json's settings
 */
public record TablePrompts(PromptBatch prompts, Map<String, Object> notes) {

    public static TablePrompts of(DataTable table, String target, int nDims, int batch, int points, long seed) {
        String file = table.file().toString();
        int y = table.names().indexOf(target);
        if (y < 0) throw new InvalidInputException(file + ": " + ClosestName.unknown("target column", target, table.names()).getMessage());
        if (table.categorical(y))
            throw new InvalidInputException(file + ": target column '" + target + "' is not numeric ("
                    + (table.firstText()[y].isEmpty() ? "declared categorical in the header" : "it holds '" + table.firstText()[y] + "'") + ")");
        List<Integer> features = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (int c = 0; c < table.names().size(); c++) {
            if (c == y) continue;
            if (table.categorical(c)) leftOut.add(table.names().get(c));
            else features.add(c);
        }
        if (features.isEmpty()) throw new InvalidInputException(file + ": no numeric column besides the target '" + target + "'");
        List<double[]> kept = new ArrayList<>();
        for (double[] row : table.rows()) {
            boolean complete = !Double.isNaN(row[y]);
            for (int c : features) complete &= !Double.isNaN(row[c]);
            if (complete) kept.add(row);
        }
        int rows = kept.size(), f = features.size();
        if (rows < points)
            throw new InvalidInputException(file + ": " + rows + " complete rows" + (rows < table.rows().length
                    ? " (of " + table.rows().length + ", the others miss a value)" : "") + ", fewer than the " + points + " points a prompt needs");
        double[][] x = new double[rows][f];
        double[] ys = new double[rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < f; j++) x[r][j] = kept.get(r)[features.get(j)];
            ys[r] = kept.get(r)[y];
        }
        for (int j = 0; j < f; j++) standardise(x, j);
        double[][] yCol = new double[rows][1];
        for (int r = 0; r < rows; r++) yCol[r][0] = ys[r];
        standardise(yCol, 0);
        int d = Math.min(f, nDims);
        if (f > nDims) x = principalComponents(x, nDims);

        RandomStream rng = RandomStream.of(seed, "data-prompts");
        float[] px = new float[batch * points * d], py = new float[batch * points];
        int[] order = new int[rows];
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) order[r] = r;
            // A partial Fisher–Yates shuffle: the first `points` entries are a uniform draw without replacement, in random order.
            for (int i = 0; i < points; i++) {
                int j = i + rng.nextInt(rows - i);
                int t = order[i]; order[i] = order[j]; order[j] = t;
                for (int c = 0; c < d; c++) px[(b * points + i) * d + c] = (float) x[order[i]][c];
                py[b * points + i] = (float) yCol[order[i]][0];
            }
        }
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("data_rows", table.rows().length);
        notes.put("data_rows_used", rows);
        notes.put("data_features", features.stream().map(table.names()::get).toList());
        notes.put("data_columns_left_out", leftOut);
        notes.put("data_mapping", f > nDims ? "first " + nDims + " principal components of " + f + " features"
                : f < nDims ? f + " features, zero-padded to n_dims = " + nDims : "as is");
        return new TablePrompts(new PromptBatch(px, py, batch, points, d), notes);
    }

    private static void standardise(double[][] x, int j) {
        double mean = 0, var = 0;
        for (double[] row : x) mean += row[j];
        mean /= x.length;
        for (double[] row : x) var += (row[j] - mean) * (row[j] - mean);
        double sd = Math.sqrt(var / x.length);
        for (double[] row : x) row[j] = sd > 0 ? (row[j] - mean) / sd : 0;
    }

    /** Projections on the top k eigenvectors of the (standardised) features' covariance, each rescaled to variance 1. */
    private static double[][] principalComponents(double[][] x, int k) {
        int rows = x.length, f = x[0].length;
        DMatrixRMaj cov = new DMatrixRMaj(f, f);
        for (double[] row : x)
            for (int i = 0; i < f; i++)
                for (int j = 0; j < f; j++) cov.data[i * f + j] += row[i] * row[j] / rows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(f, true, true);
        if (!eig.decompose(cov)) throw new ArithmeticException("the features' covariance has no eigen-decomposition");
        Integer[] idx = new Integer[f];
        for (int i = 0; i < f; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
        double[][] out = new double[rows][k];
        for (int c = 0; c < k; c++) {
            DMatrixRMaj v = eig.getEigenVector(idx[c]);
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int i = 0; i < f; i++) s += x[r][i] * v.data[i];
                out[r][c] = s;
            }
        }
        for (int c = 0; c < k; c++) standardise(out, c);
        return out;
    }
}

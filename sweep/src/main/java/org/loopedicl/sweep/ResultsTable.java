package org.loopedicl.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.loopedicl.io.AtomicFile;

/**
 * results.csv and timings.csv of a sweep, one row per cell in grid order. results.csv holds only
 * what the cells computed, formatted to six significant digits, so the same sweep gives the same
 * bytes however and wherever it ran; the wall times and how each cell was run go to timings.csv.
 */
final class ResultsTable {
    static final String RESULTS = "results.csv", TIMINGS = "timings.csv";

    private final List<String> gridColumns;
    private final List<CellOutcome> outcomes;
    private final List<Integer> ks;
    private final boolean looped;

    ResultsTable(List<String> gridColumns, List<CellOutcome> outcomes) {
        this.gridColumns = List.copyOf(gridColumns);
        this.outcomes = List.copyOf(outcomes);
        TreeSet<Integer> k = new TreeSet<>();
        for (CellOutcome o : outcomes) k.addAll(o.numbers().errorAtK().keySet());
        this.ks = List.copyOf(k);
        this.looped = outcomes.stream().anyMatch(o -> o.numbers().errorAtB() != null);
    }

    /** The error columns, in order: one per k, then the loop columns when a model loops. */
    List<String> errorColumns() {
        List<String> c = new ArrayList<>();
        for (int k : ks) c.add("err_k" + k);
        if (looped) {
            c.add("err_b_loops");
            c.add("err_20b_loops");
        }
        return c;
    }

    /** A cell's value in an error column, or null where it has none. */
    Double error(CellOutcome o, String column) {
        CellNumbers n = o.numbers();
        if (column.equals("err_b_loops")) return n.errorAtB();
        if (column.equals("err_20b_loops")) return n.errorAt20B();
        return n.errorAtK().get(Integer.parseInt(column.substring("err_k".length())));
    }

    /** The error column a figure shows: the model's error at the largest k. */
    String headlineColumn() {
        return "err_k" + ks.get(ks.size() - 1);
    }

    List<String> header() {
        List<String> h = new ArrayList<>(gridColumns);
        h.add("final_loss");
        h.addAll(errorColumns());
        return h;
    }

    List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (CellOutcome o : outcomes) {
            List<String> row = new ArrayList<>(o.cell().values());
            row.add(number(o.numbers().finalLoss()));
            for (String c : errorColumns()) row.add(number(error(o, c)));
            rows.add(row);
        }
        return rows;
    }

    void write(Path dir) {
        StringBuilder results = new StringBuilder(line(header()));
        for (List<String> row : rows()) results.append(line(row));
        AtomicFile.writeString(dir.resolve(RESULTS), results.toString());

        StringBuilder timings = new StringBuilder(line(List.of("cell", "status", "steps_trained", "train_seconds", "eval_seconds", "host")));
        for (CellOutcome o : outcomes)
            timings.append(line(List.of(o.cell().name(), o.status().label(), Long.toString(o.stepsTrained()),
                    String.format(Locale.ROOT, "%.1f", o.trainSeconds()), String.format(Locale.ROOT, "%.1f", o.evalSeconds()), o.host())));
        AtomicFile.writeString(dir.resolve(TIMINGS), timings.toString());
    }

    static String number(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String line(List<String> fields) {
        List<String> quoted = new ArrayList<>();
        for (String f : fields)
            quoted.add(f.contains(",") || f.contains("\"") || f.contains("\n") ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        return String.join(",", quoted) + "\n";
    }
}

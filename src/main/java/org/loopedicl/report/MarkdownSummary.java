package org.loopedicl.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.ModelLoops;
import org.loopedicl.eval.Results;

/**
 * An evaluation's numbers as Markdown tables, for docs/RESULTS.md and the terminal: every method's
 * mean at chosen k, and every looped model's last-query error at multiples of its trained depth b.
 */
public final class MarkdownSummary {
    public static final String FILE_NAME = "summary.md";
    private static final int[] LOOP_MULTIPLES = {1, 2, 5, 10, 20};

    private MarkdownSummary() {}

    /** The tables; {@code ks} empty picks k = 0, the quarters and the last k. */
    public static String of(Results r, List<Integer> ks) {
        int last = r.methods().values().stream().mapToInt(c -> c.k().length - 1).max().orElse(0);
        List<Integer> columns = (ks.isEmpty() ? List.of(0, last / 4, last / 2, 3 * last / 4, last) : ks).stream()
                .filter(k -> k >= 0 && k <= last).distinct().toList();
        StringBuilder md = new StringBuilder();
        md.append("| ").append(r.metric().replace('_', ' ')).append(" | params |");
        columns.forEach(k -> md.append(" k = ").append(k).append(" |"));
        md.append("\n|---|---:|").append("---:|".repeat(columns.size())).append('\n');
        for (Map.Entry<String, MethodCurve> e : r.methods().entrySet()) {
            Map<String, String> info = r.models().get(e.getKey());
            md.append("| ").append(e.getKey()).append(" | ").append(info == null ? "" : info.getOrDefault("parameters", "")).append(" |");
            for (int k : columns) md.append(' ').append(k < e.getValue().mean().length ? fmt(e.getValue().mean()[k]) : "").append(" |");
            md.append('\n');
        }
        if (!r.loops().isEmpty()) {
            md.append("\n| last query, loop t | b |");
            for (int m : LOOP_MULTIPLES) md.append(" t = ").append(m == 1 ? "" : m).append("b |");
            md.append("\n|---|---:|").append("---:|".repeat(LOOP_MULTIPLES.length)).append('\n');
            for (Map.Entry<String, ModelLoops> e : r.loops().entrySet()) {
                double[] mean = e.getValue().curve().mean();
                int b = e.getValue().trainLoops();
                md.append("| ").append(e.getKey()).append(" | ").append(b).append(" |");
                for (int m : LOOP_MULTIPLES) md.append(' ').append(m * b <= mean.length && b > 0 ? fmt(mean[m * b - 1]) : "").append(" |");
                md.append('\n');
            }
        }
        return md.toString();
    }

    /** One row per OOD distribution: every method's mean at the last k and at {@code k}, as "at k / at last". */
    public static String ood(Map<String, Results> byDistribution, int k) {
        StringBuilder md = new StringBuilder();
        List<String> methods = byDistribution.values().stream().findFirst().map(r -> List.copyOf(r.methods().keySet())).orElse(List.of());
        int last = byDistribution.values().stream().findFirst().map(r -> r.methods().values().iterator().next().k().length - 1).orElse(0);
        md.append("| distribution (k = ").append(k).append(" / k = ").append(last).append(") |");
        methods.forEach(m -> md.append(' ').append(m).append(" |"));
        md.append("\n|---|").append("---:|".repeat(methods.size())).append('\n');
        for (Map.Entry<String, Results> e : byDistribution.entrySet()) {
            md.append("| ").append(e.getKey()).append(" |");
            for (String m : methods) {
                MethodCurve c = e.getValue().methods().get(m);
                md.append(' ').append(c == null || k >= c.mean().length ? "" : fmt(c.mean()[k]) + " / " + fmt(c.mean()[c.mean().length - 1]))
                        .append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}

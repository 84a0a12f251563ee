package org.loopedicl.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.loopedicl.eval.AdaptiveDepth;
import org.loopedicl.eval.LoopCurve;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.ModelLoops;
import org.loopedicl.eval.Results;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.Family;

/**
 * report.html: one static page per evaluation — settings and models, the figures (PNG, each
 * linking to its SVG, by relative paths so the folder can be moved or opened offline), and
 * tables of the numbers behind them. No scripts, no external resources.
 */
public final class HtmlReport {
    public static final String FILE_NAME = "report.html";

    private final StringBuilder html = new StringBuilder();

    private HtmlReport() {}

    /**
     * @param ood      per OOD distribution, its results and the relative path of its results.json
     * @param training figures of the models' training runs, if any were found
     */
    public static void write(Path dir, Results main, Map<String, Results> ood, List<Figure> figures, List<Figure> training) {
        HtmlReport r = new HtmlReport();
        r.page(main, ood, figures, training);
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.writeString(file, r.html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InvalidInputException.io(file, "write", e);
        }
    }

    private void page(Results main, Map<String, Results> ood, List<Figure> figures, List<Figure> training) {
        String task = EvalFigures.subject(main);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>looped-icl evaluation: ")
                .append(esc(task)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}\n")
                .append("th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}\n")
                // A table wider than the page (many methods) scrolls on its own; the page keeps its width.
                .append(".table{overflow-x:auto;margin:1em 0}.paths{font-size:85%;color:#555;overflow-wrap:anywhere}\n")
                .append("figure{margin:1.5em 0}img{max-width:100%;border:1px solid #eee}figcaption{color:#444;font-size:90%;max-width:50em}\n")
                .append("</style></head><body>\n");
        html.append("<h1>Evaluation: ").append(esc(task)).append("</h1>\n");
        html.append("<h2>Settings</h2>\n<div class=\"table\"><table>\n");
        row("metric", main.metric());
        row("normaliser", fmt(main.normalizer()));
        row("prompt distribution", main.distribution());
        if (main.settings() != null) main.settings().forEach((k, v) -> row(k, String.valueOf(v)));
        html.append("</table></div>\n");
        modelTable(main);
        html.append("<h2>Figures</h2>\n");
        for (Figure f : figures) figure(f);
        html.append("<h2>Error at selected k</h2>\n");
        curveTable(main);
        if (!main.loops().isEmpty()) loopTables(main);
        if (!ood.isEmpty()) oodTable(ood, main.ood());
        if (!training.isEmpty()) {
            html.append("<h2>Training</h2>\n");
            for (Figure f : training) figure(f);
        }
        html.append("<p><a href=\"").append(Results.FILE_NAME).append("\">results.json</a> holds every number.</p>\n</body></html>\n");
    }

    /**
     * A column of the models table: metadata key and heading; {@code loopedOnly} for what every
     * family's file carries from the config but only the looped family uses (loop_window, loop_func).
     */
    private record Column(String key, String heading, boolean loopedOnly) {
        Column(String key, String heading) {
            this(key, heading, false);
        }
    }

    /** The models table's columns; the rest is in results.json. */
    private static final List<Column> MODEL_COLUMNS = List.of(new Column("family", "family"), new Column("n_layer", "layers"),
        new Column("n_embd", "width"), new Column("n_head", "heads"), new Column("loop_func", "injection", true),
        new Column("parameters", "parameters"), new Column("train_loops", "b (trained)"),
        new Column("train_window", "T (window)", true), new Column("eval_loops", "K (evaluated)"), new Column("task", "task"),
        new Column("step", "steps"));

    private void modelTable(Results main) {
        if (main.models() == null || main.models().isEmpty()) return;
        html.append("<h2>Models</h2>\n<div class=\"table\"><table>\n<tr><th>model</th>");
        for (Column c : MODEL_COLUMNS) html.append("<th>").append(esc(c.heading())).append("</th>");
        html.append("</tr>\n");
        main.models().forEach((name, meta) -> {
            html.append("<tr><td>").append(esc(name)).append("</td>");
            for (Column c : MODEL_COLUMNS) {
                String v = meta.getOrDefault(c.key(), "");
                if (c.key().equals("step") && meta.containsKey("init_from")) v += ", fine-tuned";
                if (c.loopedOnly() && !Family.LOOPED.key().equals(meta.get("family"))) v = "—";
                html.append("<td>").append(esc(v)).append("</td>");
            }
            html.append("</tr>\n");
        });
        html.append("</table></div>\n<p class=\"paths\">");
        main.models().forEach((name, meta) -> {
            html.append(esc(name)).append(": ").append(esc(meta.getOrDefault("path", "")));
            if (meta.containsKey("init_from")) html.append(", fine-tuned from ").append(esc(meta.get("init_from")));
            html.append("<br>");
        });
        html.append("</p>\n");
    }

    private void figure(Figure f) {
        html.append("<figure><a href=\"").append(esc(f.stem())).append(".svg\"><img src=\"").append(esc(f.stem()))
                .append(".png\" alt=\"").append(esc(f.stem())).append("\"></a><figcaption>").append(esc(f.caption()))
                .append(" (<a href=\"").append(esc(f.stem())).append(".svg\">SVG</a>)</figcaption></figure>\n");
    }

    /** The paper's table columns (k = 0, d/2, d−1, d, d+1, 3d/2, last) for this run's d and points. */
    private void curveTable(Results r) {
        int points = r.methods().values().stream().mapToInt(c -> c.k().length).max().orElse(0);
        Object dims = r.settings() == null ? null : r.settings().get("dims");
        int d = dims instanceof Number n ? n.intValue() : points / 2;
        TreeSet<Integer> ks = new TreeSet<>(List.of(0, d / 2, d - 1, d, d + 1, 3 * d / 2, points - 1));
        ks.removeIf(k -> k < 0 || k >= points);
        html.append("<div class=\"table\"><table>\n<tr><th>method</th>");
        for (int k : ks) html.append("<th>k = ").append(k).append("</th>");
        html.append("</tr>\n");
        r.methods().forEach((name, c) -> {
            html.append("<tr><td>").append(esc(name)).append("</td>");
            for (int k : ks) html.append("<td>").append(k < c.k().length ? cell(c, k) : "").append("</td>");
            html.append("</tr>\n");
        });
        html.append("</table></div>\n<p>Mean over prompts [90% bootstrap band].</p>\n");
    }

    private void loopTables(Results r) {
        html.append("<h2>Loop iterations</h2>\n<div class=\"table\"><table>\n<tr><th>model</th><th>b</th><th>iteration</th><th>last query</th><th>all positions</th><th>state change</th></tr>\n");
        r.loops().forEach((name, l) -> {
            LoopCurve c = l.curve();
            int last = c.iteration().length;
            TreeSet<Integer> its = new TreeSet<>(List.of(1, last));
            for (int m : new int[] {1, 2, 5, 10}) if (l.trainLoops() > 0 && m * l.trainLoops() <= last) its.add(m * l.trainLoops());
            for (int it : its) {
                int i = it - 1;
                html.append("<tr><td>").append(esc(name)).append("</td><td>").append(l.trainLoops()).append("</td><td>").append(it)
                        .append("</td><td>").append(band(c.mean()[i], c.low()[i], c.high()[i])).append("</td><td>")
                        .append(fmt(c.meanOverPositions()[i])).append("</td><td>")
                        .append(c.stateChange() == null || i == 0 ? "" : fmt(c.stateChange()[i - 1])).append("</td></tr>\n");
            }
        });
        html.append("</table></div>\n<h3>Adaptive depth</h3>\n<p>Each prompt stops at the first iteration t where "
                + "‖z<sub>t</sub> − z<sub>t−1</sub>‖ / ‖z<sub>t−1</sub>‖ &lt; tolerance; error of the last query there, "
                + "against the error after all iterations.</p>\n<div class=\"table\"><table>\n<tr><th>model</th><th>tolerance</th><th>mean loops</th>"
                + "<th>min</th><th>max</th><th>error at stop</th><th>error after all</th></tr>\n");
        for (Map.Entry<String, ModelLoops> e : r.loops().entrySet())
            for (AdaptiveDepth a : e.getValue().adaptive())
                html.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(fmt(a.tolerance())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.1f", a.meanLoops())).append("</td><td>").append(a.minLoops())
                        .append("</td><td>").append(a.maxLoops()).append("</td><td>").append(band(a.mean(), a.low(), a.high()))
                        .append("</td><td>").append(fmt(a.fixedMean())).append("</td></tr>\n");
        html.append("</table></div>\n");
    }

    private void oodTable(Map<String, Results> ood, Map<String, String> paths) {
        List<String> methods = new ArrayList<>();
        ood.values().forEach(r -> r.methods().keySet().forEach(m -> {
            if (!methods.contains(m)) methods.add(m);
        }));
        html.append("<h2>Out of distribution</h2>\n<p>Error at the last k each distribution defines.</p>\n<div class=\"table\"><table>\n<tr><th>distribution</th><th>k</th>");
        for (String m : methods) html.append("<th>").append(esc(m)).append("</th>");
        html.append("</tr>\n");
        ood.forEach((name, r) -> {
            String path = paths.get(name);
            html.append("<tr><td>").append(path == null ? esc(name) : "<a href=\"" + esc(path) + "\">" + esc(name) + "</a>");
            int lastK = r.methods().values().stream().mapToInt(c -> c.k().length - 1).max().orElse(0);
            html.append("</td><td>").append(lastK).append("</td>");
            for (String m : methods) {
                MethodCurve c = r.methods().get(m);
                html.append("<td>").append(c == null || c.k().length == 0 ? "" : cell(c, c.k().length - 1)).append("</td>");
            }
            html.append("</tr>\n");
        });
        html.append("</table></div>\n");
    }

    private void row(String key, String value) {
        html.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static String cell(MethodCurve c, int k) {
        return band(c.mean()[k], c.low()[k], c.high()[k]);
    }

    private static String band(double mean, double low, double high) {
        return fmt(mean) + " <small>[" + fmt(low) + ", " + fmt(high) + "]</small>";
    }

    private static String fmt(double v) {
        if (v == 0 || !Double.isFinite(v)) return String.valueOf(v);
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e4 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package org.loopedicl.sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.loopedicl.io.AtomicFile;
import org.loopedicl.report.ChartFile;

/**
 * report.html of a sweep: the results table and, per grid key, a figure of the headline error
 * (the model's error at the largest k) against that key's values, one line per combination of
 * the other keys' values.
 */
final class SweepReport {
    static final String FILE_NAME = "report.html";

    private SweepReport() {}

    static void write(Path dir, String title, List<String> columns, ResultsTable table) {
        String error = table.headlineColumn();
        List<String> header = table.header();
        int errorAt = header.indexOf(error);
        List<List<String>> rows = table.rows();
        StringBuilder figures = new StringBuilder();
        for (int g = 0; g < columns.size(); g++) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (List<String> row : rows) {
                if (row.get(errorAt).isEmpty()) continue;
                data.addValue(Double.parseDouble(row.get(errorAt)), others(columns, row, g), row.get(g));
            }
            String stem = "sweep_" + columns.get(g).replaceAll("[^A-Za-z0-9_]", "_");
            ChartFile.write(dir, stem, chart(error + " against " + columns.get(g), columns.get(g), error, data), 640, 420);
            figures.append("<figure><img src=\"").append(stem).append(".png\" alt=\"").append(escape(error)).append(" against ")
                    .append(escape(columns.get(g))).append("\"><figcaption>").append(escape(error)).append(" (the model's error at the largest k, ")
                    .append("from results.csv) against ").append(escape(columns.get(g))).append("; one line per value of the other grid keys.")
                    .append(" Also ").append(stem).append(".svg.</figcaption></figure>\n");
        }
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}figure{display:inline-block;margin:1em}</style>"
                        + "</head><body>\n<h1>").append(escape(title)).append("</h1>\n<h2>results.csv</h2>\n<table>\n<tr>");
        for (String h : header) html.append("<th>").append(escape(h)).append("</th>");
        html.append("</tr>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            for (String v : row) html.append("<td>").append(escape(v)).append("</td>");
            html.append("</tr>\n");
        }
        html.append("</table>\n<h2>Figures</h2>\n").append(figures).append("</body></html>\n");
        AtomicFile.writeString(dir.resolve(FILE_NAME), html.toString());
    }

    /** The series a row belongs to in the figure of grid column g: the other columns' values. */
    private static String others(List<String> columns, List<String> row, int g) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) if (i != g) parts.add(columns.get(i) + "=" + row.get(i));
        return parts.isEmpty() ? "model" : String.join(", ", parts);
    }

    private static JFreeChart chart(String title, String x, String y, DefaultCategoryDataset data) {
        JFreeChart chart = ChartFactory.createLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        LineAndShapeRenderer renderer = (LineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(true);
        renderer.setDefaultStroke(new BasicStroke(2f));
        renderer.setAutoPopulateSeriesStroke(false);
        return chart;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

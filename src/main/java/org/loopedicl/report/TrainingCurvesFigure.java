package org.loopedicl.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.loopedicl.io.InvalidInputException;

/**
 * A training run's curves from its metrics.jsonl: loss and gradient norm (log scale), the
 * curricula (active dims, points, loops) and the time per step, one panel each, against the step.
 * Panels whose fields the log does not hold are left out.
 */
public final class TrainingCurvesFigure {
    public static final String STEM = "training";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Panel(String title, boolean log, List<String> fields) {}

    private static final List<Panel> PANELS = List.of(
            new Panel("training loss", true, List.of("loss")),
            new Panel("gradient norm", true, List.of("grad_norm")),
            new Panel("curricula", false, List.of("dims", "points", "loops")),
            new Panel("learning rate", false, List.of("lr")),
            new Panel("time per step (ms)", false, List.of("step_ms")));

    private TrainingCurvesFigure() {}

    /** Draws {@code metrics} (metrics.jsonl) into dir/stem.png and .svg; returns false when it holds no records. */
    public static boolean write(Path metrics, Path dir, String stem, String title) {
        List<JsonNode> records = read(metrics);
        List<JFreeChart> charts = new ArrayList<>();
        for (Panel p : PANELS) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (String field : p.fields()) {
                XYSeries s = new XYSeries(field);
                for (JsonNode r : records) {
                    JsonNode v = r.get(field), step = r.get("step");
                    if (v != null && v.isNumber() && step != null && step.isNumber() && (!p.log() || v.asDouble() > 0))
                        s.add(step.asDouble(), v.asDouble());
                }
                if (s.getItemCount() > 0) data.addSeries(s);
            }
            if (data.getSeriesCount() == 0) continue;
            String label = String.join(", ", p.fields());
            ValueAxis y = p.log() ? ChartStyle.valueAxis(label, data.getRangeLowerBound(false), data.getRangeUpperBound(false))
                    : new NumberAxis(label);
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
            for (int i = 0; i < data.getSeriesCount(); i++) {
                renderer.setSeriesPaint(i, ChartStyle.color(i));
                renderer.setSeriesStroke(i, ChartStyle.THIN);
            }
            JFreeChart chart = new JFreeChart(p.title(), new XYPlot(data, new NumberAxis("step"), y, renderer));
            ChartStyle.apply(chart);
            charts.add(chart);
        }
        if (charts.isEmpty()) return false;
        charts.get(0).setTitle(title + ": " + charts.get(0).getTitle().getText());
        ChartFile.write(dir, stem, charts, 2, 560, 360);
        return true;
    }

    /** The report's entry for a model's training curves drawn as {@code stem}. */
    public static Figure figure(String stem, String model) {
        return new Figure(stem, "Training curves of " + model + " from its metrics.jsonl, against the step: loss and gradient "
                + "norm, the curricula, learning rate and time per step. Look for a loss that keeps falling as the curricula "
                + "grow and a gradient norm without spikes.");
    }

    /** The records of a JSON-lines log; a line cut short by a killed run ends the log there. */
    private static List<JsonNode> read(Path metrics) {
        List<String> lines;
        try {
            lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InvalidInputException.io(metrics, "read", e);
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) continue;
            try {
                out.add(JSON.readTree(line));
            } catch (IOException torn) {
                break;
            }
        }
        return out;
    }
}

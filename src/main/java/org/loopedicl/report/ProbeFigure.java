package org.loopedicl.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.loopedicl.probe.ProbeResults;

/**
 * Probe error against depth, every model of a probe.json on one plot (docs/DESIGN.md §8): solid
 * for the trained model, dashed in the same colour for the same probe on a randomly initialised
 * model of its shape; depth is the loop iteration of a looped model and the layer of a standard
 * one. The dashed line at 1 is a probe that learned nothing.
 */
public final class ProbeFigure {
    public static final String STEM = "probe";

    private ProbeFigure() {}

    public static void write(Path dir, ProbeResults r) {
        ChartFile.write(dir, STEM, chart(r), 760, 480);
    }

    static JFreeChart chart(ProbeResults r) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int s = 0, colour = 0;
        double top = 1.1;
        for (Map.Entry<String, ProbeResults.Curve> e : r.models().entrySet()) {
            ProbeResults.Curve c = e.getValue();
            String unit = c.depth().equals("layer") ? "layer" : "loop";
            XYSeries trained = new XYSeries(e.getKey() + " (per " + unit + ")");
            XYSeries random = new XYSeries(e.getKey() + " at random init");
            for (int i = 0; i < c.error().length; i++) {
                trained.add(i + 1, c.error()[i]);
                random.add(i + 1, c.randomInit()[i]);
                top = Math.max(top, Math.max(c.error()[i], c.randomInit()[i]) * 1.05);
            }
            for (XYSeries series : new XYSeries[] {trained, random}) {
                data.addSeries(series);
                renderer.setSeriesPaint(s, ChartStyle.color(colour));
                renderer.setSeriesStroke(s, series == trained ? ChartStyle.SOLID : ChartStyle.DASHED);
                renderer.setSeriesShapesVisible(s, c.error().length <= 30);
                s++;
            }
            colour++;
        }
        NumberAxis y = new NumberAxis("held-out error / variance of the target");
        y.setRange(0, top);
        XYPlot plot = new XYPlot(data, new NumberAxis("depth: loop iteration (looped) or layer (standard)"), y, renderer);
        plot.addRangeMarker(ChartStyle.referenceLine(1));
        plot.getRangeAxis().setLabelPaint(Color.DARK_GRAY);
        JFreeChart chart = new JFreeChart("Linear probe of " + r.target() + " at the last x token", plot);
        ChartStyle.apply(chart);
        return chart;
    }
}

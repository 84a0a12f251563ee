package org.loopedicl.report;

import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.Results;

/**
 * Score against the number of in-context examples, one line per method with its 90% bootstrap
 * band and the dashed line where predicting 0 lands (paper Fig. 2 right). Models are drawn
 * solid, baselines dashed.
 */
final class ErrorVsExamplesFigure {
    private ErrorVsExamplesFigure() {}

    /**
     * @param colours the method order that fixes each method's colour, the same in every panel
     */
    static JFreeChart chart(String title, Results r, List<String> colours) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.2f);
        double top = 0, modelTop = 0;
        int s = 0;
        for (Map.Entry<String, MethodCurve> e : r.methods().entrySet()) {
            MethodCurve c = e.getValue();
            YIntervalSeries series = new YIntervalSeries(e.getKey());
            for (int i = 0; i < c.k().length; i++) {
                series.add(c.k()[i], c.mean()[i], c.low()[i], c.high()[i]);
                if (!Double.isFinite(c.mean()[i])) continue;
                top = Math.max(top, c.mean()[i]);
                if (r.models().containsKey(e.getKey())) modelTop = Math.max(modelTop, c.mean()[i]);
            }
            data.addSeries(series);
            int colour = Math.max(0, colours.indexOf(e.getKey()));
            renderer.setSeriesPaint(s, ChartStyle.color(colour));
            renderer.setSeriesFillPaint(s, ChartStyle.color(colour));
            renderer.setSeriesStroke(s, r.models().containsKey(e.getKey()) ? ChartStyle.SOLID : ChartStyle.DASHED);
            s++;
        }
        boolean accuracy = "accuracy".equals(r.metric());
        NumberAxis x = new NumberAxis("in-context examples k");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis(accuracy ? "accuracy" : "squared error / " + formatNormalizer(r.normalizer()));
        double reference = accuracy ? 0.5 : 1;
        // From 0 to a little above the reference line; higher to show every model (OOD inputs scaled ×3 reach 9),
        // but a baseline that starts far off (averaging at k = 1) is cut at twice the reference, as in the paper.
        y.setRange(0, accuracy ? 1.02 : 1.05 * Math.max(1.15, Math.max(modelTop, Math.min(top, 2))));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.addRangeMarker(ChartStyle.referenceLine(reference));
        JFreeChart chart = new JFreeChart(title, plot);
        ChartStyle.apply(chart);
        return chart;
    }

    private static String formatNormalizer(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : Double.toString(n);
    }
}

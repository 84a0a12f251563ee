package org.loopedicl.report;

import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.loopedicl.eval.LoopCurve;
import org.loopedicl.eval.ModelLoops;
import org.loopedicl.eval.Results;

/**
 * A looped model's score against the loop iteration (paper Fig. 2 left): the last query with its
 * band (solid) and the average over all positions (dashed), on a log scale for squared error, with
 * a vertical line at the b the model was trained with.
 */
final class ErrorVsLoopsFigure {
    /** Squared errors can reach 0 (or rounding noise below it); the log axis stops here. */
    private static final double FLOOR = 1e-6;

    private ErrorVsLoopsFigure() {}

    static JFreeChart chart(String title, Results r, List<String> colours) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.2f);
        boolean accuracy = "accuracy".equals(r.metric());
        int s = 0;
        // The axis reaches at least the decade below the reference line, so log ticks always carry labels.
        ValueAxis y = accuracy ? new NumberAxis("accuracy") : ChartStyle.valueAxis("squared error / normaliser", 0.1, 1.5);
        XYPlot plot = new XYPlot(data, new NumberAxis("loop iteration"), y, renderer);
        for (Map.Entry<String, ModelLoops> e : r.loops().entrySet()) {
            LoopCurve c = e.getValue().curve();
            YIntervalSeries last = new YIntervalSeries(e.getKey() + " (last query)");
            YIntervalSeries all = new YIntervalSeries(e.getKey() + " (all positions)");
            for (int i = 0; i < c.iteration().length; i++) {
                last.add(c.iteration()[i], floor(c.mean()[i], accuracy), floor(c.low()[i], accuracy), floor(c.high()[i], accuracy));
                double m = floor(c.meanOverPositions()[i], accuracy);
                all.add(c.iteration()[i], m, m, m);
            }
            int colour = Math.max(0, colours.indexOf(e.getKey()));
            for (YIntervalSeries series : List.of(last, all)) {
                data.addSeries(series);
                renderer.setSeriesPaint(s, ChartStyle.color(colour));
                renderer.setSeriesFillPaint(s, ChartStyle.color(colour));
                renderer.setSeriesStroke(s, series == last ? ChartStyle.SOLID : ChartStyle.DASHED);
                s++;
            }
            ChartStyle.markTrainedLoops(plot, e.getValue().trainLoops());
        }
        if (!accuracy) {
            plot.addRangeMarker(ChartStyle.referenceLine(1));
            Range span = DatasetUtils.findRangeBounds(data, true);
            y.setRange(Math.min(0.1, span.getLowerBound() * 0.7), Math.max(1.5, span.getUpperBound() * 1.3));
        }
        JFreeChart chart = new JFreeChart(title, plot);
        ChartStyle.apply(chart);
        return chart;
    }

    private static double floor(double v, boolean accuracy) {
        return accuracy ? v : Math.max(FLOOR, v);
    }
}

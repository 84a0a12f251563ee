package org.loopedicl.report;

import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.loopedicl.eval.LoopCurve;
import org.loopedicl.eval.ModelLoops;
import org.loopedicl.eval.Results;

/**
 * How far each loop iteration still moves a looped model's hidden state, ‖z_t − z_{t−1}‖ /
 * ‖z_{t−1}‖ averaged over prompts, against t on a log scale, with b marked: a loop that reaches a
 * fixed point shows a change that falls towards 0 and stays there.
 */
final class StateChangeFigure {
    /** A state can stop moving exactly (in float); the log axis stops here. */
    private static final double FLOOR = 1e-8;

    private StateChangeFigure() {}

    /** True when some looped model of {@code r} has its state change recorded. */
    static boolean applies(Results r) {
        return r.loops().values().stream().anyMatch(l -> l.curve().stateChange() != null && l.curve().stateChange().length > 0);
    }

    static JFreeChart chart(String title, Results r, List<String> colours) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        ValueAxis y = ChartStyle.valueAxis("mean ‖z_t − z_{t−1}‖ / ‖z_{t−1}‖", 1e-4, 1);
        XYPlot plot = new XYPlot(data, new NumberAxis("loop iteration t"), y, renderer);
        int s = 0;
        for (Map.Entry<String, ModelLoops> e : r.loops().entrySet()) {
            LoopCurve c = e.getValue().curve();
            if (c.stateChange() == null) continue;
            XYSeries series = new XYSeries(e.getKey());
            for (int i = 0; i < c.stateChange().length; i++) series.add(i + 2, Math.max(FLOOR, c.stateChange()[i]));
            data.addSeries(series);
            renderer.setSeriesPaint(s, ChartStyle.color(Math.max(0, colours.indexOf(e.getKey()))));
            renderer.setSeriesStroke(s, ChartStyle.SOLID);
            s++;
            ChartStyle.markTrainedLoops(plot, e.getValue().trainLoops());
        }
        var span = DatasetUtils.findRangeBounds(data);
        if (span != null) y.setRange(Math.min(1e-4, span.getLowerBound() * 0.7), Math.max(1, span.getUpperBound() * 1.3));
        JFreeChart chart = new JFreeChart(title, plot);
        ChartStyle.apply(chart);
        return chart;
    }
}

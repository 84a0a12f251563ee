package org.loopedicl.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;

/**
 * The look shared by every figure: white background, light grid, one colour per method that
 * stays the same across figures of an evaluation (the models first, as in results.json), and the
 * dashed reference line.
 */
final class ChartStyle {
    /** Tableau 10, the palette of matplotlib's default cycle, so the figures read like the paper's. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    static final BasicStroke SOLID = new BasicStroke(2f);
    static final BasicStroke THIN = new BasicStroke(1.3f);
    static final BasicStroke DASHED = new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private ChartStyle() {}

    static Paint color(int index) {
        return PALETTE[index % PALETTE.length];
    }

    static void apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlinePaint(new Color(0x999999));
    }

    /**
     * A log axis labelled in plain numbers (1, 0.1, 0.01), or a linear one where the data span less
     * than a decade: there a log axis would show no labelled tick.
     */
    static ValueAxis valueAxis(String label, double min, double max) {
        if (!(min > 0) || max / min < 10) return new NumberAxis(label);
        LogarithmicAxis axis = new LogarithmicAxis(label + " (log scale)");
        axis.setStrictValuesFlag(false);
        axis.setAutoRangeNextLogFlag(false);
        return axis;
    }

    /** The vertical line at b, the loop count a looped model was trained to (none when b is unknown). */
    static void markTrainedLoops(XYPlot plot, int b) {
        if (b <= 0) return;
        ValueMarker marker = new ValueMarker(b, Color.GRAY, THIN);
        marker.setLabel("b = " + b);
        plot.addDomainMarker(marker);
    }

    /** The horizontal dashed line where a method that predicts 0 (or guesses) lands. */
    static ValueMarker referenceLine(double y) {
        return new ValueMarker(y, Color.DARK_GRAY, DASHED);
    }
}

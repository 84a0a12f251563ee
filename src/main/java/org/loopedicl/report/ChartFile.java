package org.loopedicl.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.loopedicl.io.InvalidInputException;

/**
 * Writes one figure — a single chart, or a grid of panels — as {@code stem.png} and
 * {@code stem.svg}. Both formats are drawn by the same code through a Graphics2D, so they show
 * the same picture; PNG for the HTML report and quick looks, SVG for papers.
 */
public final class ChartFile {
    static {
        // Figures are drawn on servers and in CI, where there is no display.
        System.setProperty("java.awt.headless", "true");
    }

    private ChartFile() {}

    /** Panels laid out row by row, {@code columns} to a row, each panelWidth × panelHeight pixels. */
    public static void write(Path dir, String stem, List<JFreeChart> panels, int columns, int panelWidth, int panelHeight) {
        if (panels.isEmpty()) throw new IllegalArgumentException("a figure needs at least one panel");
        int cols = Math.min(columns, panels.size()), rows = (panels.size() + cols - 1) / cols;
        int width = cols * panelWidth, height = rows * panelHeight;
        try {
            Files.createDirectories(dir);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            draw(g, panels, cols, panelWidth, panelHeight, width, height);
            g.dispose();
            ImageIO.write(image, "png", dir.resolve(stem + ".png").toFile());
            SVGGraphics2D svg = new SVGGraphics2D(width, height);
            draw(svg, panels, cols, panelWidth, panelHeight, width, height);
            Files.writeString(dir.resolve(stem + ".svg"), svg.getSVGDocument());
        } catch (IOException e) {
            throw InvalidInputException.io(dir.resolve(stem + ".png"), "write the figure", e);
        }
    }

    public static void write(Path dir, String stem, JFreeChart chart, int width, int height) {
        write(dir, stem, List.of(chart), 1, width, height);
    }

    private static void draw(Graphics2D g, List<JFreeChart> panels, int cols, int pw, int ph, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < panels.size(); i++)
            panels.get(i).draw(g, new Rectangle2D.Double((i % cols) * pw, (i / cols) * ph, pw, ph));
    }
}

package org.loopedicl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.Results;
import org.w3c.dom.Document;

/** Every figure is written as a decodable PNG that is not blank and a well-formed SVG. */
class FiguresTest {
    @TempDir Path dir;

    static Results results(boolean withLoops) {
        MethodCurve model = new MethodCurve(new int[] {0, 1, 2, 3}, new double[] {1, 0.6, 0.2, 0.01},
                new double[] {0.9, 0.5, 0.15, 0.005}, new double[] {1.1, 0.7, 0.25, 0.02});
        MethodCurve base = new MethodCurve(new int[] {0, 1, 2, 3}, new double[] {1, 0.7, 0.4, 0},
                new double[] {0.9, 0.6, 0.3, 0}, new double[] {1.1, 0.8, 0.5, 0});
        var loops = withLoops ? Map.of("looped", new org.loopedicl.eval.ModelLoops(2,
                new org.loopedicl.eval.LoopCurve(new int[] {1, 2, 3}, new double[] {0.5, 0.1, 0.01}, new double[] {0.4, 0.05, 0.005},
                        new double[] {0.6, 0.2, 0.02}, new double[] {0.7, 0.3, 0.2}, new double[] {0.1, 1e-3}),
                List.of(new org.loopedicl.eval.AdaptiveDepth(1e-3, 2.5, 2, 3, 0.02, 0.01, 0.03, 0.01)))) : Map.<String, org.loopedicl.eval.ModelLoops>of();
        return new Results("linear_regression", 4, "squared_error", "gaussian", Map.of("dims", 2, "prompts", 10),
                Map.of("looped", Map.of("family", "looped")), new java.util.LinkedHashMap<>(Map.of("looped", model, "least_squares", base)),
                loops, Map.of());
    }

    static void assertValidFigure(Path dir, String stem) throws Exception {
        Path png = dir.resolve(stem + ".png"), svg = dir.resolve(stem + ".svg");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, stem + ".png does not decode");
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
        int first = img.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < img.getHeight() && !varied; y += 3)
            for (int x = 0; x < img.getWidth() && !varied; x += 3) varied = img.getRGB(x, y) != first;
        assertTrue(varied, stem + ".png is blank");
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline: skip the SVG DTD
        Document doc = xml.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertTrue(doc.getElementsByTagName("path").getLength() > 0 || doc.getElementsByTagName("line").getLength() > 0,
                stem + ".svg draws nothing");
    }

    @Test
    void evaluationFiguresArePngAndSvg() throws Exception {
        Results main = results(true);
        List<Figure> figures = EvalFigures.write(dir, main, Map.of("skewed", results(false), "orthant", results(false)));
        assertEquals(List.of(EvalFigures.EXAMPLES, EvalFigures.LOOPS, EvalFigures.STATE, EvalFigures.OOD), figures.stream().map(Figure::stem).toList());
        for (Figure f : figures) assertValidFigure(dir, f.stem());
    }

    @Test
    void noLoopFigureWithoutLoopedModels() throws Exception {
        List<Figure> figures = EvalFigures.write(dir, results(false), Map.of());
        assertEquals(List.of(EvalFigures.EXAMPLES), figures.stream().map(Figure::stem).toList());
        assertFalse(Files.exists(dir.resolve(EvalFigures.LOOPS + ".png")));
    }

    @Test
    void trainingCurvesFromMetricsJsonl() throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        StringBuilder s = new StringBuilder();
        for (int step = 1; step <= 30; step++)
            s.append(String.format("{\"step\":%d,\"loss\":%.4f,\"grad_norm\":%.3f,\"lr\":0.0001,\"dims\":%d,\"points\":11,\"loops\":%d,\"step_ms\":12.5}%n",
                    step, 5.0 / step, 1.0 + step, 5 + step / 10, 2 + step / 10));
        s.append("{\"step\":31,\"lo"); // a line cut short by a killed run
        Files.writeString(metrics, s);
        assertTrue(TrainingCurvesFigure.write(metrics, dir, "training", "run"));
        assertValidFigure(dir, "training");
    }

    @Test
    void anEmptyMetricsLogDrawsNothing() throws IOException {
        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(metrics, "");
        assertFalse(TrainingCurvesFigure.write(metrics, dir, "training", "run"));
        assertFalse(Files.exists(dir.resolve("training.png")));
    }
}

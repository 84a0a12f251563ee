package org.loopedicl.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.loopedicl.eval.Results;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.OutputDirectory;
import org.loopedicl.report.EvalFigures;
import org.loopedicl.report.Figure;
import org.loopedicl.report.HtmlReport;
import org.loopedicl.report.TrainingCurvesFigure;
import org.loopedicl.train.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "plot", mixinStandardHelpOptions = true, description = {"Draw figures as PNG and SVG.",
        "RUN_DIR: the training curves of its metrics.jsonl (training.png/.svg).",
        "results.json (or an eval output directory): redraw the evaluation's figures and report.html."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR|results.json") Path source;
    @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: beside the source).") Path out;

    @Override
    public Integer call() throws IOException {
        Path metrics = new RunDirectory(source).metrics();
        if (Files.isDirectory(source) && Files.isRegularFile(metrics)) {
            Path dir = out != null ? out : source;
            OutputDirectory.prepare(dir);
            String name = source.toAbsolutePath().normalize().getFileName().toString();
            if (!TrainingCurvesFigure.write(metrics, dir, TrainingCurvesFigure.STEM, name))
                throw new InvalidInputException(metrics + ": holds no records to plot");
            System.out.printf("wrote %s%n", dir.resolve(TrainingCurvesFigure.STEM + ".png"));
            return 0;
        }
        Path file = Files.isDirectory(source) ? source.resolve(Results.FILE_NAME) : source;
        if (Files.isDirectory(source) && !Files.isRegularFile(file))
            throw new InvalidInputException(source + ": neither a run directory (" + metrics.getFileName() + ") nor an eval output ("
                    + Results.FILE_NAME + ")");
        Results main = Results.read(file);
        Path from = file.toAbsolutePath().getParent();
        Path dir = out != null ? out : from;
        OutputDirectory.prepare(dir);
        Map<String, Results> ood = new LinkedHashMap<>();
        main.ood().forEach((name, rel) -> ood.put(name, Results.read(from.resolve(rel))));
        List<Figure> figures = EvalFigures.write(dir, main, ood);
        HtmlReport.write(dir, main, ood, figures, trainingFigures(dir));
        System.out.printf("wrote %d figure(s) and %s to %s%n", figures.size(), HtmlReport.FILE_NAME, dir);
        return 0;
    }

    /** Training curves the evaluation drew beside its figures (training_<model>.png). */
    private static List<Figure> trainingFigures(Path dir) throws IOException {
        List<Figure> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, TrainingCurvesFigure.STEM + "_*.png")) {
            for (Path p : s) {
                String stem = p.getFileName().toString().replaceFirst("\\.png$", "");
                found.add(TrainingCurvesFigure.figure(stem, stem.substring(TrainingCurvesFigure.STEM.length() + 1)));
            }
        }
        found.sort((a, b) -> a.stem().compareTo(b.stem()));
        return found;
    }
}

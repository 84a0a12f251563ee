package org.loopedicl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.eval.Results;

/**
 * report.html as a browser shows it: headless Chromium loads the page from disk in a 1200 × 900
 * window (a laptop screen) and a probe counts the images that decoded (naturalWidth > 0) and
 * measures how wide the page lays out. Needs Chromium (.ci/run installs it).
 */
class HtmlReportTest {
    @TempDir Path dir;

    /** The probe, appended to a copy of the report: the page itself has no scripts. */
    private static final String PROBE = "<script>window.addEventListener('load', () => {"
            + "const imgs = [...document.images];"
            + "document.body.setAttribute('data-images', imgs.length);"
            + "document.body.setAttribute('data-loaded', imgs.filter(i => i.complete && i.naturalWidth > 0).length);"
            + "document.body.setAttribute('data-page-width', document.documentElement.scrollWidth);"
            + "document.body.setAttribute('data-window-width', window.innerWidth);"
            + "});</script>";
    static final int WINDOW_WIDTH = 1200;

    static Path chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) return p;
        }
        throw new AssertionError("headless Chromium is needed for this test: apt-get install -y chromium");
    }

    /** Loads the page in headless Chromium and returns [images, images that loaded, page width, window width]. */
    static int[] loadedImages(Path page) throws IOException, InterruptedException {
        Path probe = page.resolveSibling("probe.html");
        Files.writeString(probe, Files.readString(page).replace("</body>", PROBE + "</body>"));
        Process p = new ProcessBuilder(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--allow-file-access-from-files", "--virtual-time-budget=5000", "--window-size=" + WINDOW_WIDTH + ",900",
                "--hide-scrollbars", "--dump-dom", probe.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        Matcher m = Pattern.compile("<body[^>]*data-images=\"(\\d+)\"[^>]*data-loaded=\"(\\d+)\""
                + "[^>]*data-page-width=\"(\\d+)\"[^>]*data-window-width=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), "probe did not run; dom:\n" + dom.substring(0, Math.min(500, dom.length())));
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4))};
    }

    @Test
    void everyFigureOfTheReportLoadsInABrowser() throws Exception {
        Results main = FiguresTest.results(true);
        Map<String, Results> ood = Map.of("skewed", FiguresTest.results(false));
        List<Figure> figures = EvalFigures.write(dir, main, ood);
        HtmlReport.write(dir, main, ood, figures, List.of());
        String html = Files.readString(dir.resolve(HtmlReport.FILE_NAME));
        assertTrue(html.contains("<td>least_squares</td>"), "method table");
        assertTrue(html.contains("Adaptive depth"), "adaptive depth table");
        assertTrue(!html.contains("http://") && !html.contains("https://"), "the report must work offline");
        int[] images = loadedImages(dir.resolve(HtmlReport.FILE_NAME));
        assertEquals(figures.size(), images[0]);
        assertEquals(images[0], images[1], "images that failed to load");
    }

    @Test
    void windowAndInjectionAreShownOnlyForTheFamilyThatUsesThem() throws Exception {
        Results r = FiguresTest.results(false);
        Map<String, Map<String, String>> models = new java.util.LinkedHashMap<>();
        models.put("looped", Map.of("family", "looped", "train_window", "15", "loop_func", "add"));
        models.put("standard", Map.of("family", "standard", "train_window", "17", "loop_func", "mul"));
        HtmlReport.write(dir, new Results(r.task(), r.normalizer(), r.metric(), r.distribution(), r.settings(), models,
                r.methods(), r.loops(), r.ood()), Map.of(), List.of(), List.of());
        String html = Files.readString(dir.resolve(HtmlReport.FILE_NAME));
        assertTrue(html.contains("<td>15</td>"), "the looped model's T");
        assertTrue(!html.contains("<td>17</td>"), "the standard model's file carries a window its loss never used");
        assertTrue(html.contains("<td>add</td>") && !html.contains("<td>mul</td>"), "injection only for the looped model");
    }

    @Test
    void aRealReportFitsALaptopScreen() throws Exception {
        // The golden evaluation's results: every metadata key a trained run carries, and its path.
        Path expected = Path.of("src/test/resources/workflow/expected");
        Results main = Results.read(expected.resolve(Results.FILE_NAME));
        Map<String, Results> ood = new java.util.LinkedHashMap<>();
        main.ood().forEach((name, file) -> ood.put(name, Results.read(expected.resolve(file))));
        List<Figure> figures = EvalFigures.write(dir, main, ood);
        HtmlReport.write(dir, main, ood, figures, List.of());
        int[] probe = loadedImages(dir.resolve(HtmlReport.FILE_NAME));
        assertEquals(WINDOW_WIDTH, probe[3], "the window Chromium laid the page out in");
        assertTrue(probe[2] <= probe[3], "the page is " + probe[2] + " px wide in a " + probe[3] + " px window");
        assertEquals(figures.size(), probe[1], "figures shown");
    }

    @Test
    void aMissingFigureIsCaught() throws Exception {
        // The check itself must be able to fail: a report whose figure file is gone.
        Results main = FiguresTest.results(false);
        List<Figure> figures = EvalFigures.write(dir, main, Map.of());
        HtmlReport.write(dir, main, Map.of(), figures, List.of());
        Files.delete(dir.resolve(EvalFigures.EXAMPLES + ".png"));
        int[] images = loadedImages(dir.resolve(HtmlReport.FILE_NAME));
        assertEquals(1, images[0]);
        assertEquals(0, images[1]);
    }
}

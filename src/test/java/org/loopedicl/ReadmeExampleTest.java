package org.loopedicl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of the README, as a reader would copy it: taken from README.md, compiled
 * against the project's classes and run on a tiny config, training, predicting and evaluating.
 */
class ReadmeExampleTest {
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\w+)\\.java -->\\n```java\\n(.*?)```", Pattern.DOTALL);
    private static final Path TINY_CONFIG = Path.of("src/test/resources/workflow/results/runs/golden_looped/config.yaml");

    @TempDir Path dir;

    @Test
    void theReadmesJavaExampleCompilesAndRuns() throws Exception {
        Matcher m = EXAMPLE.matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find(), "README.md has no '<!-- example: Name.java -->' block");
        String name = m.group(1);
        Path source = dir.resolve(name + ".java");
        Files.writeString(source, m.group(2));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int code = javac.run(null, diagnostics, diagnostics, "-Xlint:all", "-Werror", "-cp", "target/classes",
                "-d", dir.toString(), source.toString());
        assertEquals(0, code, "the README's example does not compile cleanly:\n" + diagnostics.toString(StandardCharsets.UTF_8));

        Path out = dir.resolve("out");
        String printed;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass(name).getMethod("main", String[].class);
            printed = captureStdout(() -> main.invoke(null, (Object) new String[] {TINY_CONFIG.toString(), out.toString()}));
        }
        assertTrue(printed.contains("(b = 2)") && printed.contains("least_squares"), printed);
        assertTrue(Files.isRegularFile(out.resolve("looped/model.safetensors")), "trained");
        assertTrue(Files.isRegularFile(out.resolve("eval/report.html")), "evaluated");
        assertEquals(List.of("looped", "least_squares"), printed.lines().skip(1).limit(2).map(l -> l.split(" ")[0]).toList(), printed);
    }

    private interface Body {
        void run() throws Exception;
    }

    private static String captureStdout(Body body) throws Exception {
        PrintStream previous = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(previous);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

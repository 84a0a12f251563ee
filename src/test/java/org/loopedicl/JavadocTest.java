package org.loopedicl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doc comments of the main sources pass doclint as the Javadoc jar runs it (every check but
 * missing comments, on what javadoc documents: public and protected members). javac runs the
 * same doclint in a fraction of javadoc's time. The warning that the Vector API incubates is not
 * about the comments and is let through.
 */
class JavadocTest {
    @TempDir Path out;

    @Test
    void docCommentsPassDoclint() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> problems = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(null, files, d -> {
                if (d.getKind() != Diagnostic.Kind.NOTE && !d.getCode().contains("incubating"))
                    problems.add(d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null));
            }, List.of("--add-modules", "jdk.incubator.vector", "-Xdoclint:all/protected,-missing", "-proc:none",
                    "-cp", System.getProperty("java.class.path"), "-d", out.toString()), null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            assertEquals(List.of(), problems);
            assertTrue(ok, "the sources do not compile");
        }
    }
}

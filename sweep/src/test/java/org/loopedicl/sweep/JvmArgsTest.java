package org.loopedicl.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

class JvmArgsTest {
    /** The launcher and the tests start the JVM with jvm.args; it must stay the options Spark's own launcher adds. */
    @Test
    void jvmArgsAreSparksModuleOptions() throws IOException {
        assertEquals(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()), Files.readAllLines(Path.of("jvm.args")));
    }
}

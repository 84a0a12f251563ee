package org.loopedicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.loopedicl.cli.CliTest.assertOneLineError;
import static org.loopedicl.cli.CliTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code looped eval --data}: each bad table or flag is one line naming the file and the problem, exit code 2. */
class DataEvalCliTest {
    @TempDir Path dir;

    @Test
    void badTablesAndFlagsAreOneLine() throws Exception {
        Path w = dir.resolve("w.safetensors");
        assertEquals(0, run("init", "--family", "looped", "--n-dims", "4", "--n-positions", "8", "--n-embd", "8", "--n-layer", "1",
                "--n-head", "2", "--out", w.toString()).code());
        Path small = dir.resolve("small.csv");
        Files.writeString(small, "a,b,y\n1,2,3\n2,1,4\n0,5,1\n3,3,3\n1,1,1\n");
        Path broken = dir.resolve("broken.csv");
        Files.writeString(broken, "a,b,y\n1,2\n");
        String out = dir.resolve("o").toString();
        String[][] cases = {
            {small.toString(), "y", "8", small + ": 5 complete rows, fewer than the 8 points a prompt needs"},
            {small.toString(), "z", "4", small + ": unknown target column 'z'"},
            {broken.toString(), "y", "4", broken + ": line 2 has 2 values, the header names 3 columns"},
            {dir.resolve("absent.csv").toString(), "y", "4", "absent.csv: no such file"},
        };
        for (String[] c : cases) {
            CliTest.Run r = run("eval", w.toString(), "--data", c[0], "--target", c[1], "--points", c[2], "--loops", "2", "--out", out);
            assertEquals(2, r.code(), r.err());
            assertOneLineError(r, c[3]);
        }
        assertOneLineError(run("eval", w.toString(), "--data", small.toString(), "--loops", "2", "--out", out),
                "give the target column to predict");
    }
}

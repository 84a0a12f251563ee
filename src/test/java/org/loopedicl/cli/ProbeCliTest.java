package org.loopedicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.loopedicl.cli.CliTest.assertOneLineError;
import static org.loopedicl.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code looped probe} on a freshly initialised loop-encoded model and a standard one, and its one-line errors. */
class ProbeCliTest {
    @TempDir Path dir;

    private Path init(String name, String... extra) {
        Path w = dir.resolve(name + ".safetensors");
        String[] base = {"init", "--n-dims", "3", "--n-positions", "8", "--n-embd", "12", "--n-head", "2", "--seed", "1",
                "--out", w.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliTest.Run r = run(args);
        assertEquals(0, r.code(), r.err());
        return w;
    }

    @Test
    void probesEveryLoopAndLayerOfSeveralModelsIntoOneFile() throws Exception {
        Path looped = init("looped", "--family", "looped", "--n-layer", "1", "--loop-encoding", "learned", "--n-loops-max", "2");
        Path standard = init("standard", "--family", "standard", "--n-layer", "2");
        Path out = dir.resolve("probe");
        CliTest.Run r = run("probe", looped.toString(), standard.toString(), "--task", "linear_regression", "--target", "xty",
                "--loops", "3", "--prompts", "96", "--points", "5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode p = new ObjectMapper().readTree(out.resolve("probe.json").toFile());
        assertEquals("xty", p.get("target").asText());
        assertEquals(3, p.get("models").get("looped").get("error").size());
        assertEquals("loop", p.get("models").get("looped").get("depth").asText());
        assertEquals(2, p.get("models").get("standard").get("error").size());
        assertEquals(2, p.get("models").get("standard").get("random_init").size());
        assertTrue(Files.size(out.resolve("probe.png")) > 0 && Files.size(out.resolve("probe.svg")) > 0);
    }

    @Test
    void badInputIsOneLine() {
        Path w = init("w", "--family", "looped", "--n-layer", "1");
        String out = dir.resolve("o").toString();
        assertOneLineError(run("probe", w.toString(), "--out", out), "metadata names no task; give --task");
        assertOneLineError(run("probe", w.toString(), "--task", "linear_regression", "--loops", "2", "--target", "w", "--out", out),
                "unknown probe target 'w'");
        assertOneLineError(run("probe", w.toString(), "--task", "linear_regression", "--loops", "2", "--points", "9", "--out", out),
                "--points is 9, expected 2 … n_positions = 8");
        assertOneLineError(run("probe", w.toString(), "--task", "linear_regression", "--loops", "2", "--prompts", "4", "--out", out),
                "--prompts must be >= 8");
        assertOneLineError(run("probe", dir.resolve("none.safetensors").toString(), "--task", "linear_regression", "--out", out),
                "no such file");
    }
}

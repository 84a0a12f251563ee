package org.loopedicl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.Family;

class ResultsTest {
    @TempDir Path dir;

    static Results sample() {
        Evaluation e = EvaluatorTest.evaluator().evaluate(EvaluatorTest.linearPrompts(40),
                List.of(new EvalModel("looped_run", EvaluatorTest.tiny(Family.LOOPED, 2), 4, 2)), List.of(EvaluatorTest.ORACLE));
        return new Results("linear_regression", EvaluatorTest.D, "squared_error", "gaussian", Map.of("prompts", 40),
                Map.of("looped_run", Map.of("family", "looped")), e.methods(), e.loops(), Map.of("skewed", "ood/skewed/results.json"));
    }

    @Test
    void resultsJsonHasTheDocumentedFields() throws IOException {
        Path file = dir.resolve(Results.FILE_NAME);
        sample().write(file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("linear_regression", root.get("task").asText());
        assertEquals(4.0, root.get("normalizer").asDouble());
        for (String method : List.of("looped_run", "oracle")) {
            JsonNode m = root.get("methods").get(method);
            for (String f : List.of("k", "mean", "low", "high")) {
                assertTrue(m.get(f).isArray(), method + "." + f);
                assertEquals(EvaluatorTest.POINTS, m.get(f).size(), method + "." + f);
            }
            assertEquals(0, m.get("k").get(0).asInt());
        }
        JsonNode loops = root.get("loops").get("looped_run");
        assertEquals(2, loops.get("train_loops").asInt());
        assertEquals(4, loops.get("curve").get("mean").size());
        assertEquals(4, loops.get("curve").get("mean_over_positions").size());
        assertTrue(loops.get("adaptive").get(0).has("mean_loops"));
        assertEquals("ood/skewed/results.json", root.get("ood").get("skewed").asText());
    }

    @Test
    void readGivesBackWhatWasWritten() {
        Path file = dir.resolve(Results.FILE_NAME);
        Results r = sample();
        r.write(file);
        Results back = Results.read(file);
        assertEquals(r.task(), back.task());
        assertArrayEquals(r.methods().get("looped_run").high(), back.methods().get("looped_run").high());
        assertArrayEquals(r.loops().get("looped_run").curve().low(), back.loops().get("looped_run").curve().low());
    }

    @Test
    void aFileThatIsNotResultsIsAOneLineError() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"hello\": 1}");
        assertTrue(assertThrows(InvalidInputException.class, () -> Results.read(bad)).getMessage().contains("not a looped results.json"));
        Files.writeString(bad, "{not json");
        assertThrows(InvalidInputException.class, () -> Results.read(bad));
    }
}

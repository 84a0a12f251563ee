package org.loopedicl.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.eval.EvalOptions;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.Results;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.ModelFile;
import org.loopedicl.model.TransformerModel;

/** The evaluation on a real table (docs/DESIGN.md §8): Fisher's iris, committed as ARFF, through the workflow. */
class DataEvalTest {
    @TempDir Path dir;
    private static final Path IRIS = Path.of("src/test/resources/data/iris.arff");

    private EvalOptions options(Path data, String target) {
        return new EvalOptions(null, 24, 8, null, 2, null, null, null, null, null, 50, null, data, target);
    }

    @Test
    void aTableIsEvaluatedWithTheBaselinesOfRealData() throws Exception {
        Path w = dir.resolve("m.safetensors");
        ModelFile.save(w, TransformerModel.initialize(new ModelConfig(Family.LOOPED, 5, 10, 16, 1, 2, LoopFunc.ADD), 1), Map.of());
        EvalOutcome o = EvalWorkflow.run(new EvalRequest(List.of(w), options(IRIS, "petallength"), dir.resolve("out")));
        Results r = Results.read(dir.resolve("out").resolve(Results.FILE_NAME));
        assertEquals("data", r.distribution());
        assertEquals(1.0, r.normalizer());
        assertEquals(List.of("m", "least_squares", "ridge_1", "knn_3", "tree_depth4", "xgboost"), List.copyOf(r.methods().keySet()));
        assertEquals(List.of("class"), r.settings().get("data_columns_left_out"));
        assertEquals(3, r.settings().get("dims"));
        assertEquals(150, r.settings().get("data_rows_used"));
        // Petal length is nearly linear in the other measurements: least squares with 7 rows beats predicting the mean.
        MethodCurve ls = r.methods().get("least_squares");
        assertTrue(ls.mean()[7] < 0.3, "least squares at k = 7: " + ls.mean()[7]);
        assertFalse(o.figures() == 0);
        assertTrue(Files.readString(dir.resolve("out").resolve("report.html")).contains("<h1>Evaluation: iris.arff → petallength</h1>"));
    }

    @Test
    void aBadTableStopsBeforeAnyModelRuns() {
        Path w = dir.resolve("m.safetensors");
        ModelFile.save(w, TransformerModel.initialize(new ModelConfig(Family.LOOPED, 5, 10, 16, 1, 2, LoopFunc.ADD), 1), Map.of());
        String m = assertThrows(InvalidInputException.class,
                () -> EvalWorkflow.run(new EvalRequest(List.of(w), options(IRIS, "class"), dir.resolve("out")))).getMessage();
        assertEquals(IRIS + ": target column 'class' is not numeric (declared categorical in the header)", m);
        m = assertThrows(InvalidInputException.class, () -> options(IRIS, null)).getMessage();
        assertEquals(IRIS + ": give the target column to predict", m);
    }
}

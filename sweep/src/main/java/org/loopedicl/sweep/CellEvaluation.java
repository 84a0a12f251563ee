package org.loopedicl.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.file.Path;
import java.util.List;
import org.loopedicl.eval.EvalOptions;
import org.loopedicl.eval.Results;
import org.loopedicl.io.ClosestName;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.train.RunDirectory;
import org.loopedicl.workflow.EvalRequest;
import org.loopedicl.workflow.EvalWorkflow;

/**
 * A cell's evaluation: the sweep's {@code eval} section bound to {@link EvalOptions} (the names of
 * an experiment's {@code eval:}), run through {@link EvalWorkflow} on the cell's run directory,
 * exactly as {@code looped eval RUN_DIR} would, into the cell's evaluation directory.
 */
final class CellEvaluation {
    private static final ObjectMapper BINDER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final EvalOptions options;

    CellEvaluation(Path file, EvalSettings settings) {
        try {
            options = BINDER.convertValue(settings.options(), EvalOptions.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file + ": 'eval': " + problem(e), e);
        }
    }

    /** Evaluates the run (named in results.json by its directory, the cell's name) into {@code out}. */
    Results evaluate(RunDirectory run, Path out) {
        return EvalWorkflow.run(new EvalRequest(List.of(run.root()), options, out)).results();
    }

    private static String problem(IllegalArgumentException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecognizedPropertyException u)
                return ClosestName.unknown("option", u.getPropertyName(), u.getKnownPropertyIds().stream()
                        .map(id -> PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(id.toString())).toList()).getMessage();
            if (t instanceof InvalidInputException bad) return bad.getMessage();
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}

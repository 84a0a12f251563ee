package org.loopedicl.workflow;

import java.nio.file.Path;
import java.util.List;
import org.loopedicl.eval.EvalOptions;
import org.loopedicl.io.InvalidInputException;

/**
 * One evaluation to run: the models (run directories or weights files), how to evaluate them, and
 * the directory the results, figures and report go to.
 */
public record EvalRequest(List<Path> models, EvalOptions options, Path out) {
    public EvalRequest {
        models = List.copyOf(models);
        if (models.isEmpty()) throw new InvalidInputException("an evaluation needs at least one model");
        if (options == null) options = EvalOptions.DEFAULTS;
        if (out == null) throw new InvalidInputException("an evaluation needs an output directory");
    }
}

package org.loopedicl.workflow;

import java.nio.file.Path;
import java.util.Map;
import org.loopedicl.eval.Results;

/**
 * What an evaluation wrote into {@code dir}: its results (results.json), those of every OOD
 * distribution (ood/NAME/results.json, in the order run) and how many figures.
 */
public record EvalOutcome(Path dir, Results results, Map<String, Results> ood, int figures) {}

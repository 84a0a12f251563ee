package org.loopedicl.eval;

import java.util.Map;

/** The scores of one prompt distribution: a curve per method and the loop results per looped model. */
public record Evaluation(Map<String, MethodCurve> methods, Map<String, ModelLoops> loops) {}

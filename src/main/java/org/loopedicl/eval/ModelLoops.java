package org.loopedicl.eval;

import java.util.List;

/** What results.json's {@code loops} holds for one looped model: its error-vs-loops curve and adaptive depth. */
public record ModelLoops(int trainLoops, LoopCurve curve, List<AdaptiveDepth> adaptive) {}

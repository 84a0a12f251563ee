package org.loopedicl.train;

/**
 * The learning rate at a step: constant (the paper), or linear warm-up then cosine decay to 0
 * over the run. Warm-up applies to both.
 */
record LearningRate(double base, int warmupSteps, boolean cosine, long totalSteps) {

    double at(long step) {
        if (step < warmupSteps) return base * (step + 1) / warmupSteps;
        if (!cosine) return base;
        double span = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (step - warmupSteps) / span);
        return base * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}

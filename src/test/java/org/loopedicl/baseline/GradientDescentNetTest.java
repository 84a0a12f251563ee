package org.loopedicl.baseline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.RandomStream;

class GradientDescentNetTest {

    @Test
    void trainingReducesTheTrainingLoss() {
        RandomStream rng = RandomStream.of(3, "net-test");
        int n = 20, d = 5;
        float[][] x = new float[n][d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i][j] = (float) rng.nextGaussian();
            y[i] = Math.max(x[i][0] + x[i][1], 0) - 2 * x[i][2];
        }
        GradientDescentNet.Net net = new GradientDescentNet.Net(d, GradientDescentNet.HIDDEN);
        net.initialise(rng);
        double before = net.trainingLoss(x, y, n);
        net.train(x, y, n, GradientDescentNet.STEPS, rng);
        double after = net.trainingLoss(x, y, n);
        assertTrue(after < 0.01 * before, "training loss " + before + " -> " + after);
    }

    @Test
    void learnsALinearFunctionBetterThanPredictingZeroAndDependsOnTheSeed() {
        PromptBatch prompts = BaselinesTest.sample("linear_regression", 4, 24, 3, 5);
        float[] predictions = Baselines.named("nn_gd", 1).predict(prompts);
        double error = 0, zero = 0;
        for (int b = 0; b < prompts.batch(); b++) {
            int last = b * prompts.points() + prompts.points() - 1;
            error += Math.pow(predictions[last] - prompts.ys()[last], 2);
            zero += Math.pow(prompts.ys()[last], 2);
        }
        assertTrue(error < 0.1 * zero, "squared error at the last point " + error + " vs " + zero + " for 0");
        assertFalse(Arrays.equals(predictions, Baselines.named("nn_gd", 2).predict(prompts)));
    }
}

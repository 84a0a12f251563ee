package org.loopedicl.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CurriculumTest {
    private static Curriculum iterated(Curriculum c, long steps) {
        for (long i = 0; i < steps; i++) c.update();
        return c;
    }

    private static Curriculum paperLinear() {
        return new Curriculum(CurriculumSchedule.DIMS, CurriculumSchedule.POINTS_LINEAR, CurriculumSchedule.loops(15, 20));
    }

    @Test
    void dimsPointsAndLoopsFollowSpecAtGivenSteps() {
        long[] steps = {0, 499, 500, 999, 1000, 1499, 1500, 4999, 5000, 74_999, 75_000, 1_000_000};
        int[] dims = {5, 5, 5, 5, 5, 5, 5, 5, 6, 19, 20, 20};
        int[] points = {11, 11, 11, 11, 11, 11, 11, 11, 13, 39, 41, 41};
        int[] loops = {15, 15, 17, 17, 19, 19, 20, 20, 20, 20, 20, 20};
        Curriculum c = paperLinear();
        long done = 0;
        for (int i = 0; i < steps.length; i++) {
            iterated(c, steps[i] - done);
            done = steps[i];
            CurriculumState expected = new CurriculumState(steps[i], dims[i], points[i], loops[i]);
            assertEquals(expected, c.state(), "iterated to step " + steps[i]);
            assertEquals(expected, c.stateAt(steps[i]), "closed form at step " + steps[i]);
        }
    }

    @Test
    void nonlinearPointsReach101AndSmallLoopWindowIsCappedAtB() {
        CurriculumSchedule points = CurriculumSchedule.POINTS_NONLINEAR;
        assertEquals(26, points.valueAt(4999));
        assertEquals(31, points.valueAt(5000));
        assertEquals(96, points.valueAt(74_999));
        assertEquals(101, points.valueAt(75_000));
        CurriculumSchedule relu = CurriculumSchedule.loops(5, 12); // ReLU-2NN: b = 12, T = 5
        assertEquals(5, relu.valueAt(0));
        assertEquals(11, relu.valueAt(1500));
        assertEquals(12, relu.valueAt(2000));
    }

    @Test
    void closedFormAgreesWithUpdatesForAnySchedule() {
        CurriculumSchedule[] schedules = {
            new CurriculumSchedule(3, 17, 4, 7), new CurriculumSchedule(30, 20, 2, 5),
            new CurriculumSchedule(4, 4, 0, 1), new CurriculumSchedule(1, 1000, 3, 1)};
        for (CurriculumSchedule s : schedules) {
            int value = s.start();
            assertEquals(value, s.valueAt(0), s + " before any update");
            for (long count = 1; count <= 5000; count++) {
                value = s.next(value, count);
                assertEquals(value, s.valueAt(count), s + " at " + count);
            }
        }
    }

    @Test
    void savedStateResumesToTheSameValues() {
        Curriculum original = iterated(paperLinear(), 12_345);
        CurriculumState saved = original.state();
        Curriculum resumed = paperLinear();
        resumed.restore(saved);
        iterated(original, 70_000);
        iterated(resumed, 70_000);
        assertEquals(original.state(), resumed.state());
        assertEquals(original.stateAt(82_345), resumed.state());
    }

    @Test
    void loopsAreOptional() {
        Curriculum c = new Curriculum(CurriculumSchedule.DIMS, CurriculumSchedule.POINTS_LINEAR, null);
        assertFalse(c.hasLoops());
        assertThrows(IllegalStateException.class, c::loops);
        assertEquals(0, iterated(c, 10).state().loops());
    }

    @Test
    void scheduleRefusesAZeroInterval() {
        assertThrows(IllegalArgumentException.class, () -> new CurriculumSchedule(1, 2, 1, 0));
    }
}

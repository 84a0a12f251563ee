package org.loopedicl.task;

/**
 * One curriculum variable (docs/DESIGN.md §7): after every step, count += 1; if count % interval == 0
 * then value += inc; value = min(value, end).
 */
public record CurriculumSchedule(int start, int end, int inc, int interval) {
    /** Active dims, 5 → 20. */
    public static final CurriculumSchedule DIMS = new CurriculumSchedule(5, 20, 1, 5000);
    /** Points for linear, sparse and noisy linear regression, 11 → 41. */
    public static final CurriculumSchedule POINTS_LINEAR = new CurriculumSchedule(11, 41, 2, 5000);
    /** Points for decision trees and ReLU-2NN, 26 → 101. */
    public static final CurriculumSchedule POINTS_NONLINEAR = new CurriculumSchedule(26, 101, 5, 5000);

    public CurriculumSchedule {
        if (interval < 1 || inc < 0)
            throw new IllegalArgumentException("curriculum needs interval >= 1 and inc >= 0, got interval " + interval + ", inc " + inc);
    }

    /** Loops of a looped model: start at the window T, reach b, +2 every 500 steps. */
    public static CurriculumSchedule loops(int window, int maxLoops) {
        return new CurriculumSchedule(window, maxLoops, 2, 500);
    }

    /** The value after one more step, the count having just become {@code count}. */
    public int next(int value, long count) {
        long v = value + (count % interval == 0 ? (long) inc : 0);
        return (int) Math.min(v, end);
    }

    /**
     * The value after {@code steps} updates, from scratch: start before the first update (the
     * min with end is applied only by updates, so a start above end holds until step 1).
     */
    public int valueAt(long steps) {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        if (steps == 0) return start;
        return (int) Math.min(start + (steps / interval) * (long) inc, end);
    }
}

package org.loopedicl.task;

/**
 * The training curriculum of docs/DESIGN.md §7: active dims, points per prompt and (for looped models)
 * the loop count, each advanced by {@link #update()} after every step. A batch for step i is
 * drawn at the values after i updates.
 */
public final class Curriculum {
    private final CurriculumSchedule dimsSchedule;
    private final CurriculumSchedule pointsSchedule;
    private final CurriculumSchedule loopsSchedule;
    private long count;
    private int dims;
    private int points;
    private int loops;

    /** {@code loops} is null for models without a loop count. */
    public Curriculum(CurriculumSchedule dims, CurriculumSchedule points, CurriculumSchedule loops) {
        this.dimsSchedule = dims;
        this.pointsSchedule = points;
        this.loopsSchedule = loops;
        restore(stateAt(0));
    }

    public void update() {
        count++;
        dims = dimsSchedule.next(dims, count);
        points = pointsSchedule.next(points, count);
        if (loopsSchedule != null) loops = loopsSchedule.next(loops, count);
    }

    /** The state after {@code steps} updates, computed in closed form. */
    public CurriculumState stateAt(long steps) {
        return new CurriculumState(steps, dimsSchedule.valueAt(steps), pointsSchedule.valueAt(steps),
                loopsSchedule == null ? 0 : loopsSchedule.valueAt(steps));
    }

    public CurriculumState state() {
        return new CurriculumState(count, dims, points, loops);
    }

    /** Continues from a saved state; the values are taken as saved, not recomputed. */
    public void restore(CurriculumState state) {
        if (state.count() < 0 || state.dims() < 1 || state.points() < 1 || (loopsSchedule != null && state.loops() < 1))
            throw new IllegalArgumentException("not a valid curriculum state: " + state);
        count = state.count();
        dims = state.dims();
        points = state.points();
        loops = state.loops();
    }

    public long count() {
        return count;
    }

    public int dims() {
        return dims;
    }

    public int points() {
        return points;
    }

    public boolean hasLoops() {
        return loopsSchedule != null;
    }

    public int loops() {
        if (loopsSchedule == null) throw new IllegalStateException("this curriculum has no loop count");
        return loops;
    }
}

package org.loopedicl.task;

/** What a checkpoint keeps of a {@link Curriculum}: the update count and current values (loops 0 if none). */
public record CurriculumState(long count, int dims, int points, int loops) {}

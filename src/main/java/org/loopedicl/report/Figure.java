package org.loopedicl.report;

/** A figure written as {@code stem.png} and {@code stem.svg}, with the caption the report gives it. */
public record Figure(String stem, String caption) {}

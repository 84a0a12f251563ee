package org.loopedicl.task;

/** How predictions of a function class are scored. */
public enum Metric {
    /** (ŷ − y)², divided by the class's normaliser. */
    SQUARED_ERROR,
    /** sign(ŷ) == y; needs no normaliser. */
    ACCURACY
}

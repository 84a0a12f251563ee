package org.loopedicl.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * One point of the grid: its name (the run directory's), its grid
 * values as results.csv shows them, and its overrides ({@code key=value}, applied after the
 * sweep's {@code set}).
 */
public record Cell(String name, List<String> values, List<String> overrides) implements Serializable {
    public Cell {
        values = List.copyOf(values);
        overrides = List.copyOf(overrides);
    }
}

package org.loopedicl.workflow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.loopedicl.baseline.Baseline;
import org.loopedicl.baseline.Baselines;
import org.loopedicl.io.InvalidInputException;

/**
 * The baselines an evaluation names ({@link org.loopedicl.eval.EvalOptions#baselines()}): registry
 * names ({@code least_squares}, {@code ridge_0.1}, …), {@code default} for the task's usual set,
 * or {@code none}.
 */
final class BaselineSelection {
    private BaselineSelection() {}

    /** @param task the function class, or null for prompts from a file without one: then default means none */
    static List<Baseline> resolve(List<String> spec, String task, long seed) {
        List<String> parts = new ArrayList<>();
        for (String part : spec) if (!part.isBlank()) parts.add(part.trim());
        if (parts.contains("none") && parts.size() > 1)
            throw new InvalidInputException("baselines: none cannot be combined with other names, got '" + String.join(",", spec) + "'");
        Set<String> names = new LinkedHashSet<>();
        for (String name : parts) {
            if (name.equals("none")) continue;
            if (!name.equals("default")) names.add(name);
            else if (task != null) names.addAll(Baselines.defaults(task));
        }
        List<Baseline> out = new ArrayList<>();
        for (String name : names) out.add(Baselines.named(name, seed));
        return out;
    }
}

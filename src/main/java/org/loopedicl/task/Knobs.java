package org.loopedicl.task;

import java.util.Map;
import java.util.Set;
import org.loopedicl.io.ClosestName;

/** The keyword arguments of one function class, checked against the knobs it has. */
final class Knobs {
    private final String owner;
    private final Map<String, ?> values;

    Knobs(String owner, Map<String, ?> values, Set<String> allowed) {
        this.owner = owner;
        this.values = values;
        for (String key : values.keySet())
            if (!allowed.contains(key)) throw ClosestName.unknown("knob of " + owner, key, allowed);
    }

    double real(String name, double fallback) {
        Object v = values.get(name);
        if (v == null) return fallback;
        double d = v instanceof Number n ? n.doubleValue() : parse(name, v);
        if (!Double.isFinite(d)) throw invalid(name, v, "a finite number");
        return d;
    }

    int integer(String name, int fallback, int min) {
        Object v = values.get(name);
        if (v == null) return fallback;
        double d = v instanceof Number n ? n.doubleValue() : parse(name, v);
        if (d != Math.rint(d) || d < min || d > Integer.MAX_VALUE) throw invalid(name, v, "an integer >= " + min);
        return (int) d;
    }

    private double parse(String name, Object v) {
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw invalid(name, v, "a number");
        }
    }

    private IllegalArgumentException invalid(String name, Object v, String expected) {
        return new IllegalArgumentException(owner + " knob '" + name + "' must be " + expected + ", got '" + v + "'");
    }
}

package org.loopedicl.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every parameter of a model, in the reference state-dict order (docs/DESIGN.md §6). */
public final class ParameterStore {
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    /** The same parameters in order, walked by index in the training step: a map iterator is an allocation. */
    private final List<Parameter> inOrder = new ArrayList<>();

    /** Creates and registers a parameter; names are unique. */
    public Parameter create(String name, int... shape) {
        Parameter p = new Parameter(name, shape);
        if (byName.putIfAbsent(name, p) != null) throw new IllegalArgumentException("duplicate parameter " + name);
        inOrder.add(p);
        return p;
    }

    /** The parameter of that name, or null. */
    public Parameter get(String name) {
        return byName.get(name);
    }

    public List<Parameter> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public void zeroGrad() {
        for (int i = 0; i < inOrder.size(); i++) inOrder.get(i).zeroGrad();
    }

    /** Total number of scalars. */
    public long count() {
        long n = 0;
        for (Parameter p : byName.values()) n += p.size();
        return n;
    }
}

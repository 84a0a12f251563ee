package org.loopedicl.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.loopedicl.io.ConfigTree;

/**
 * The curricula of docs/DESIGN.md §7 ({@code training.curriculum}): active dimensions, points per prompt,
 * and loop iterations (looped and tied families only).
 */
public record CurriculumConfig(Schedule dims, Schedule points, Schedule loops) {

    static final String KEY = "training.curriculum";

    /**
     * One curriculum variable: it starts at {@code start} and, after every step, grows by
     * {@code inc} each time the step count is a multiple of {@code interval}, never past {@code end}.
     */
    public record Schedule(int start, int end, int inc, int interval) {

        static Schedule read(ConfigTree t, String key, Schedule fallback) {
            return new Schedule(
                    t.integer(key + ".start", fallback.start),
                    t.integer(key + ".end", fallback.end),
                    t.integer(key + ".inc", fallback.inc),
                    t.integer(key + ".interval", fallback.interval));
        }

        void check(ConfigTree t, String key) {
            t.require(start >= 1, key + ".start", start, ">= 1");
            t.require(end >= start, key + ".end", end, ">= " + key + ".start (" + start + ")");
            t.require(inc >= 0, key + ".inc", inc, ">= 0");
            t.require(interval >= 1, key + ".interval", interval, ">= 1");
        }

        Map<String, Object> toTree() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", start);
            m.put("end", end);
            m.put("inc", inc);
            m.put("interval", interval);
            return m;
        }
    }

    /**
     * Defaults are the paper's linear-regression curricula, except that dims end at the model's
     * n_dims (the curriculum's purpose is to reach the full dimension) and loops start at the loss
     * window T (docs/DESIGN.md §7: loops run from T to b).
     */
    static CurriculumConfig read(ConfigTree t, int nDims, int loopWindow) {
        return new CurriculumConfig(
                Schedule.read(t, KEY + ".dims", new Schedule(5, nDims, 1, 5000)),
                Schedule.read(t, KEY + ".points", new Schedule(11, 41, 2, 5000)),
                Schedule.read(t, KEY + ".loops", new Schedule(loopWindow, 20, 2, 500)));
    }

    void check(ConfigTree t) {
        dims.check(t, KEY + ".dims");
        points.check(t, KEY + ".points");
        loops.check(t, KEY + ".loops");
    }

    Map<String, Object> toTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dims", dims.toTree());
        m.put("points", points.toTree());
        m.put("loops", loops.toTree());
        return m;
    }
}

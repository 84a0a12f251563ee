package org.loopedicl.experiment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.DoubleStream;
import org.loopedicl.eval.LoopCurve;
import org.loopedicl.eval.MethodCurve;
import org.loopedicl.eval.ModelLoops;
import org.loopedicl.eval.Results;
import org.loopedicl.io.InvalidInputException;

/**
 * A statement an experiment makes about its evaluation, decided from results.json alone: the
 * vocabulary of the paper's claims ("within 2× of", "below 0.05 for k ≥ 1.5d", "stable from b
 * to 20·b loops"). Written in an experiment file as {@code {kind: NAME, …}}. k ranges are
 * inclusive; a missing {@code k_max} means the last k evaluated.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Claim.Below.class, name = "below"),
        @JsonSubTypes.Type(value = Claim.WithinFactor.class, name = "within_factor"),
        @JsonSubTypes.Type(value = Claim.Follows.class, name = "follows"),
        @JsonSubTypes.Type(value = Claim.Lower.class, name = "lower"),
        @JsonSubTypes.Type(value = Claim.LoopStable.class, name = "loop_stable"),
        @JsonSubTypes.Type(value = Claim.LoopDrift.class, name = "loop_drift")})
public sealed interface Claim {

    Verdict check(Results results);

    /** Every method's mean error stays below {@code value} for k_min ≤ k ≤ k_max. */
    record Below(List<String> methods, Double value, int kMin, Integer kMax) implements Claim {
        public Below {
            required(methods, "below", "methods");
            required(value, "below", "value");
        }

        public Verdict check(Results r) {
            boolean holds = true;
            List<String> worst = new ArrayList<>();
            for (String m : methods) {
                MethodCurve c = curve(r, m);
                int at = argMax(c.mean(), kMin, last(c, kMax));
                holds &= c.mean()[at] < value;
                worst.add(m + " " + fmt(c.mean()[at]) + " at k = " + at);
            }
            return new Verdict(String.join(" and ", methods) + " below " + value + " for " + range(kMin, kMax),
                    holds, "worst " + String.join(", ", worst));
        }
    }

    /** {@code method}'s mean error is at most {@code factor} times {@code reference}'s for every k in range. */
    record WithinFactor(String method, String reference, Double factor, int kMin, Integer kMax) implements Claim {
        public WithinFactor {
            required(method, "within_factor", "method");
            required(reference, "within_factor", "reference");
            required(factor, "within_factor", "factor");
        }

        public Verdict check(Results r) {
            MethodCurve a = curve(r, method), b = curve(r, reference);
            double worst = 0;
            int worstK = kMin;
            for (int k = kMin; k <= last(a, kMax); k++) {
                double ratio = a.mean()[k] / b.mean()[k];
                if (ratio > worst) {
                    worst = ratio;
                    worstK = k;
                }
            }
            return new Verdict(method + " within " + factor + "× of " + reference + " for " + range(kMin, kMax),
                    worst <= factor, "largest ratio " + fmt(worst) + " at k = " + worstK
                    + " (" + fmt(a.mean()[worstK]) + " vs " + fmt(b.mean()[worstK]) + ")");
        }
    }

    /** Every method's mean error is within {@code tolerance} (absolute) of {@code reference}'s for every k in range. */
    record Follows(List<String> methods, String reference, Double tolerance, int kMin, Integer kMax) implements Claim {
        public Follows {
            required(methods, "follows", "methods");
            required(reference, "follows", "reference");
            required(tolerance, "follows", "tolerance");
        }

        public Verdict check(Results r) {
            MethodCurve ref = curve(r, reference);
            boolean holds = true;
            List<String> worst = new ArrayList<>();
            for (String m : methods) {
                MethodCurve c = curve(r, m);
                double gap = 0;
                int gapK = kMin;
                for (int k = kMin; k <= last(c, kMax); k++) {
                    double g = Math.abs(c.mean()[k] - ref.mean()[k]);
                    if (g > gap) {
                        gap = g;
                        gapK = k;
                    }
                }
                holds &= gap <= tolerance;
                worst.add(m + " " + fmt(gap) + " at k = " + gapK);
            }
            return new Verdict(String.join(" and ", methods) + " within " + tolerance + " of " + reference + " for "
                    + range(kMin, kMax), holds, "largest gap " + String.join(", ", worst));
        }
    }

    /**
     * {@code method}'s mean error at {@code k} is below {@code than}'s. The verdict is on the means,
     * as the paper's plots are read; the evidence says whether the two bootstrap bands overlap, since
     * an order inside overlapping bands is one the 1280 prompts cannot tell apart.
     */
    record Lower(String method, String than, Integer k) implements Claim {
        public Lower {
            required(method, "lower", "method");
            required(than, "lower", "than");
            required(k, "lower", "k");
        }

        public Verdict check(Results r) {
            MethodCurve a = curve(r, method), b = curve(r, than);
            checkK(a, k);
            boolean apart = a.high()[k] < b.low()[k] || b.high()[k] < a.low()[k];
            return new Verdict(method + " below " + than + " at k = " + k, a.mean()[k] < b.mean()[k],
                    fmt(a.mean()[k]) + " " + band(a, k) + " vs " + fmt(b.mean()[k]) + " " + band(b, k)
                            + (apart ? "; the bands are apart" : "; the bands overlap"));
        }
    }

    /**
     * Each looped model's last-query error changes by less than {@code tolerance} (relative)
     * from its trained depth b to the last iteration evaluated (paper: a fixed point).
     */
    record LoopStable(List<String> methods, Double tolerance) implements Claim {
        public LoopStable {
            required(methods, "loop_stable", "methods");
            required(tolerance, "loop_stable", "tolerance");
        }

        public Verdict check(Results r) {
            List<String> described = new ArrayList<>();
            boolean holds = loopChanges(r, methods, described).allMatch(c -> c < tolerance);
            return new Verdict(String.join(" and ", methods) + " change by less than " + percent(tolerance)
                    + " from b to the last loop", holds, String.join("; ", described));
        }
    }

    /** At least one of {@code anyOf} changes by {@code change} (relative) or more from b to the last iteration. */
    record LoopDrift(List<String> anyOf, Double change) implements Claim {
        public LoopDrift {
            required(anyOf, "loop_drift", "any_of");
            required(change, "loop_drift", "change");
        }

        public Verdict check(Results r) {
            List<String> described = new ArrayList<>();
            boolean holds = loopChanges(r, anyOf, described).anyMatch(c -> c >= change);
            return new Verdict("one of " + String.join(", ", anyOf) + " drifts by " + percent(change) + " or more from b to the last loop",
                    holds, String.join("; ", described));
        }
    }

    /** A claim missing a field it cannot do without; the experiment loader adds the file and claim index. */
    private static void required(Object value, String kind, String field) {
        if (value == null || value instanceof List<?> l && l.isEmpty())
            throw new IllegalArgumentException("claim '" + kind + "' needs '" + field + "'");
    }

    private static MethodCurve curve(Results r, String method) {
        MethodCurve c = r.methods().get(method);
        if (c == null) throw new InvalidInputException("claim names '" + method + "', which the evaluation does not have; it has "
                + r.methods().keySet());
        return c;
    }

    private static int last(MethodCurve c, Integer kMax) {
        int end = c.k().length - 1;
        return kMax == null ? end : Math.min(kMax, end);
    }

    private static void checkK(MethodCurve c, int k) {
        if (k < 0 || k >= c.k().length)
            throw new InvalidInputException("claim at k = " + k + " lies outside the evaluated k = 0 … " + (c.k().length - 1));
    }

    private static int argMax(double[] v, int from, int to) {
        int at = from;
        for (int i = from; i <= to; i++) if (v[i] > v[at]) at = i;
        return at;
    }

    /** Every method's loop change, each described into {@code described}. */
    private static DoubleStream loopChanges(Results r, List<String> methods, List<String> described) {
        double[] changes = methods.stream().mapToDouble(m -> loopChange(r, m)).toArray();
        for (int i = 0; i < changes.length; i++) described.add(describeChange(r, methods.get(i), changes[i]));
        return Arrays.stream(changes);
    }

    /** |e(K) / e(b) − 1| on the last-query loop curve, b the trained loops and K the last iteration. */
    private static double loopChange(Results r, String method) {
        LoopCurve c = loops(r, method).curve();
        int b = loops(r, method).trainLoops();
        double atB = c.mean()[b - 1], atEnd = c.mean()[c.mean().length - 1];
        return Math.abs(atEnd / atB - 1);
    }

    private static String describeChange(Results r, String method, double change) {
        ModelLoops l = loops(r, method);
        double[] mean = l.curve().mean();
        return method + " " + fmt(mean[l.trainLoops() - 1]) + " at b = " + l.trainLoops() + " → " + fmt(mean[mean.length - 1])
                + " at " + mean.length + " (" + percent(change) + ")";
    }

    private static ModelLoops loops(Results r, String method) {
        ModelLoops l = r.loops().get(method);
        if (l == null) throw new InvalidInputException("claim names '" + method + "' for a loop curve; the evaluation has loop curves for "
                + r.loops().keySet());
        if (l.trainLoops() < 1 || l.trainLoops() > l.curve().mean().length)
            throw new InvalidInputException(method + ": trained loops b = " + l.trainLoops() + " outside the evaluated 1 … "
                    + l.curve().mean().length);
        return l;
    }

    private static String range(int kMin, Integer kMax) {
        return kMax == null ? "k ≥ " + kMin : kMin + " ≤ k ≤ " + kMax;
    }

    private static String band(MethodCurve c, int k) {
        return "[" + fmt(c.low()[k]) + ", " + fmt(c.high()[k]) + "]";
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}

package org.loopedicl.task;

import java.util.ArrayList;
import java.util.List;
import org.loopedicl.io.ClosestName;

/**
 * How prompts are drawn, apart from f: an x sampler and a shift of the labels. "gaussian" is the
 * training distribution; the others are docs/DESIGN.md §2's OOD samplers (Garg et al.'s suite):
 *
 * <ul>
 *   <li>{@code skewed}: x = A z, Cov x eigenvalues ∝ 1/i², random basis ({@link LinearMapSampler#skewed})
 *   <li>{@code half_subspace}: x in a random ⌊d/2⌋-dimensional subspace ({@link LinearMapSampler#halfSubspace})
 *   <li>{@code scale_x_<f>}: x = f·z; the suite has f = 0.333, 0.5, 2, 3
 *   <li>{@code scale_y_<f>}: labels ×f; the suite has the same four f
 *   <li>{@code noisy_labels}: labels + N(0, 1) noise, renormalised ({@link LabelShift})
 *   <li>{@code orthant}: query in another orthant than the prompt points ({@link OrthantQuerySampler})
 *   <li>{@code orthogonal_query}: query ⟂ the earlier prompt points ({@link OrthogonalQuerySampler})
 *   <li>{@code overlapping_query}: query copied from an earlier point ({@link OverlappingQuerySampler})
 * </ul>
 */
public record PromptDistribution(String name, XSampler xSampler, LabelShift labelShift) {
    public static final String GAUSSIAN = GaussianSampler.NAME;
    public static final PromptDistribution STANDARD = new PromptDistribution(GAUSSIAN, new GaussianSampler(), LabelShift.NONE);

    private static final List<String> SCALES = List.of("0.333", "0.5", "2", "3");
    private static final double NOISY_LABEL_STD = 1; // Garg et al.'s noisyLR evaluation

    /** gaussian followed by every OOD sampler, in the order above. */
    public static List<String> suite() {
        List<String> names = new ArrayList<>(List.of(GAUSSIAN, "skewed", "half_subspace"));
        for (String s : SCALES) names.add("scale_x_" + s);
        for (String s : SCALES) names.add("scale_y_" + s);
        names.addAll(List.of("noisy_labels", OrthantQuerySampler.NAME, OrthogonalQuerySampler.NAME, OverlappingQuerySampler.NAME));
        return List.copyOf(names);
    }

    /**
     * The distribution called {@code name}; {@code rng} draws the random bases of skewed and
     * half_subspace once, for all prompts drawn from it.
     */
    public static PromptDistribution named(String name, int nDims, RandomStream rng) {
        if (name.startsWith("scale_x_")) return ofX(LinearMapSampler.scaled(name, nDims, factor(name)));
        if (name.startsWith("scale_y_")) return new PromptDistribution(name, new GaussianSampler(), new LabelShift(factor(name), 0));
        return switch (name) {
            case GAUSSIAN -> STANDARD;
            case "skewed" -> ofX(LinearMapSampler.skewed(nDims, rng));
            case "half_subspace" -> ofX(LinearMapSampler.halfSubspace(nDims, rng));
            case "noisy_labels" -> new PromptDistribution(name, new GaussianSampler(), new LabelShift(1, NOISY_LABEL_STD));
            case OrthantQuerySampler.NAME -> ofX(new OrthantQuerySampler());
            case OrthogonalQuerySampler.NAME -> ofX(new OrthogonalQuerySampler());
            case OverlappingQuerySampler.NAME -> ofX(new OverlappingQuerySampler());
            default -> throw ClosestName.unknown("prompt distribution", name, suite());
        };
    }

    private static PromptDistribution ofX(XSampler x) {
        return new PromptDistribution(x.name(), x, LabelShift.NONE);
    }

    private static double factor(String name) {
        double f;
        try {
            f = Double.parseDouble(name.substring("scale_x_".length()));
        } catch (NumberFormatException e) {
            f = Double.NaN;
        }
        if (f > 0 && Double.isFinite(f)) return f;
        throw new IllegalArgumentException("'" + name + "' needs a positive scale factor after the last '_', e.g. "
                + name.substring(0, "scale_x_".length()) + "2");
    }
}

package org.loopedicl.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loopedicl.io.ConfigTree;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopEncoding;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.ModelSize;

/**
 * A training run's configuration, bound from YAML ({@code model:}, {@code training:},
 * {@code out_dir}). Model defaults are the paper's (docs/DESIGN.md §5–§6): D = 256, 8 heads, n_dims 20,
 * n_positions 101, the looped family, and 12 layers for the standard family or 1 per loop.
 *
 * @param outDir the run directory when the command line names none
 */
public record TrainConfig(ModelConfig model, TrainingConfig training, Path outDir) {

    private static final String MODEL = "model";

    /**
     * Reads {@code yaml} (with its {@code inherit:} chain), applies the {@code --set key=value}
     * overrides and validates the result; every problem is an InvalidInputException of one line.
     */
    public static TrainConfig load(Path yaml, List<String> sets) {
        return load(ConfigTree.load(yaml, sets), yaml);
    }

    /** As {@link #load(Path, List)}, the overrides grouped by origin ({@link ConfigTree#load(Path, Map)}). */
    public static TrainConfig load(Path yaml, Map<String, List<String>> setsByOrigin) {
        return load(ConfigTree.load(yaml, setsByOrigin), yaml);
    }

    private static TrainConfig load(ConfigTree t, Path yaml) {
        Family family = Family.parse(t.choice(MODEL + ".family", "looped", keys(Family.values())));
        int nDims = t.integer(MODEL + ".n_dims", 20);
        int nPositions = t.integer(MODEL + ".n_positions", 101);
        int nEmbd = t.integer(MODEL + ".n_embd", 256);
        int nLayer = t.integer(MODEL + ".n_layer", family == Family.STANDARD ? 12 : 1);
        int nHead = t.integer(MODEL + ".n_head", 8);
        LoopFunc loopFunc = LoopFunc.parse(t.choice(MODEL + ".loop_func", "add", keys(LoopFunc.values())));
        LoopEncoding loopEncoding = LoopEncoding.parse(t.choice(MODEL + ".loop_encoding", "none", keys(LoopEncoding.values())));
        TrainingConfig training = TrainingConfig.read(t, nDims);
        // One row per trained iteration: past b the last row repeats (docs/DESIGN.md §5).
        boolean loopRowsSet = t.has(MODEL + ".n_loops_max");
        int nLoopsMax = t.integer(MODEL + ".n_loops_max", training.curriculum().loops().end());
        Path outDir = Path.of(t.string("out_dir", "runs/" + stem(yaml)));
        // Unknown keys first: a misspelt key leaves a default in force that may fail the checks below.
        t.rejectUnknownKeys();

        t.require(nDims >= 1, MODEL + ".n_dims", nDims, ">= 1");
        t.require(nPositions >= 1, MODEL + ".n_positions", nPositions, ">= 1");
        t.require(nEmbd >= 1, MODEL + ".n_embd", nEmbd, ">= 1");
        t.require(nLayer >= 1, MODEL + ".n_layer", nLayer, ">= 1");
        t.require(nHead >= 1, MODEL + ".n_head", nHead, ">= 1");
        // Blame whichever of the two was set last: the other is what it was set against.
        if (t.setLast(MODEL + ".n_head", MODEL + ".n_embd"))
            t.require(ModelConfig.headsDivide(nEmbd, nHead), MODEL + ".n_head", nHead, "a divisor of model.n_embd (" + nEmbd + ")");
        t.require(ModelConfig.headsDivide(nEmbd, nHead), MODEL + ".n_embd", nEmbd, "a multiple of model.n_head (" + nHead + ")");
        t.require(loopFunc == LoopFunc.ADD || family == Family.LOOPED, MODEL + ".loop_func", loopFunc.key(),
                "add: only the looped family injects the input");
        t.require(loopEncoding == LoopEncoding.NONE || family == Family.LOOPED, MODEL + ".loop_encoding", loopEncoding.key(),
                "none: the loop encoding is for the looped family");
        t.require(!loopRowsSet || loopEncoding == LoopEncoding.LEARNED, MODEL + ".n_loops_max", nLoopsMax,
                "absent: it sizes the table of model.loop_encoding learned");
        t.require(nLoopsMax >= 1, MODEL + ".n_loops_max", nLoopsMax, ">= 1");
        training.check(t);
        CurriculumConfig c = training.curriculum();
        t.require(c.points().end() <= nPositions, CurriculumConfig.KEY + ".points.end", c.points().end(),
                "<= model.n_positions (" + nPositions + ")");
        t.require(c.dims().end() <= nDims, CurriculumConfig.KEY + ".dims.end", c.dims().end(),
                "<= model.n_dims (" + nDims + ")");
        ModelConfig model = new ModelConfig(family, nDims, nPositions, nEmbd, nLayer, nHead, loopFunc,
                loopEncoding, loopEncoding == LoopEncoding.NONE ? 0 : nLoopsMax);
        // The model alone; whether its training fits this heap is the Trainer's question (a recorded config is read by eval too).
        ModelSize.checkModel(model, ModelSize.FLOATS_PER_PARAMETER, (field, problem) -> t.error(MODEL + "." + field, problem));
        return new TrainConfig(model, training, outDir);
    }

    /** Every key with its value in force, defaults included: what the run directory keeps as config.yaml. */
    public Map<String, Object> resolvedTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("family", this.model.family().key());
        model.put("n_dims", this.model.nDims());
        model.put("n_positions", this.model.nPositions());
        model.put("n_embd", this.model.nEmbd());
        model.put("n_layer", this.model.nLayer());
        model.put("n_head", this.model.nHead());
        model.put("loop_func", this.model.loopFunc().key());
        model.put("loop_encoding", this.model.loopEncoding().key());
        if (this.model.encodesLoops()) model.put("n_loops_max", this.model.nLoopsMax());
        m.put(MODEL, model);
        m.put(TrainingConfig.KEY, training.toTree());
        m.put("out_dir", outDir.toString());
        return m;
    }

    /** Writes {@link #resolvedTree()} as YAML, atomically; loading it gives this configuration back. */
    public void writeResolved(Path file) {
        ConfigTree.write(resolvedTree(), "# Resolved configuration: every key explicit, nothing inherited.\n", file);
    }

    private static String stem(Path yaml) {
        String name = yaml.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<String> keys(Family[] values) {
        return Arrays.stream(values).map(Family::key).toList();
    }

    private static List<String> keys(LoopFunc[] values) {
        return Arrays.stream(values).map(LoopFunc::key).toList();
    }

    private static List<String> keys(LoopEncoding[] values) {
        return Arrays.stream(values).map(LoopEncoding::key).toList();
    }
}

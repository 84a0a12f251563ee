package org.loopedicl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.loopedicl.bench.StepBench;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.Family;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", description = {
        "Time the training step (forward, windowed backward, Adam) on the presets of shared/bench/peer_torch.py.",
        "Prints 'bench <preset> median_ms=<x> steps=<n>' with the model FLOPs and GFLOP/s reached."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "PRESET", description = "small, mid, paper-looped, paper-standard (default: all).")
    List<String> presets = new ArrayList<>();
    @Option(names = "--preset", description = "Same as the positional PRESET (the peer's flag).") List<String> presetFlags = new ArrayList<>();
    @Option(names = "--family", description = "looped or standard") String family;
    @Option(names = "--embd") Integer embd;
    @Option(names = "--layers") Integer layers;
    @Option(names = "--heads") Integer heads;
    @Option(names = "--dims") Integer dims;
    @Option(names = "--points") Integer points;
    @Option(names = "--batch") Integer batch;
    @Option(names = "--loops") Integer loops;
    @Option(names = "--window") Integer window;
    @Option(names = "--steps", defaultValue = "5", description = "Timed steps (default ${DEFAULT-VALUE}).") int steps;
    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default ${DEFAULT-VALUE}).") int warmup;

    @Override
    public Integer call() {
        System.err.println(Main.engineLine());
        if (steps < 1) throw new InvalidInputException("--steps must be >= 1, got " + steps);
        for (StepBench.Shape s : shapes()) {
            StepBench.Result r = StepBench.run(s, warmup, steps, 0);
            System.out.printf("bench %s median_ms=%.1f steps=%d%n", s.name(), r.medianMs(), r.steps());
            System.out.printf("  model %.1f GFLOP/step, %.1f GFLOP/s%n", s.flops() / 1e9, r.gflops());
        }
        return 0;
    }

    private List<StepBench.Shape> shapes() {
        List<String> names = new ArrayList<>(presets);
        names.addAll(presetFlags);
        boolean custom = family != null || embd != null || layers != null || heads != null || dims != null
                || points != null || batch != null || loops != null || window != null;
        if (names.isEmpty()) {
            if (custom) names.add("small");
            else names.addAll(StepBench.PRESETS.keySet());
        }
        List<StepBench.Shape> out = new ArrayList<>();
        for (String n : names) {
            StepBench.Shape p = StepBench.PRESETS.get(n);
            if (p == null) throw new InvalidInputException("unknown preset '" + n + "', expected one of " + StepBench.PRESETS.keySet());
            out.add(custom ? new StepBench.Shape(names.size() == 1 && presets.isEmpty() && presetFlags.isEmpty() ? "custom" : n,
                    family != null ? Family.parse(family) : p.family(), or(embd, p.embd()), or(layers, p.layers()),
                    or(heads, p.heads()), or(dims, p.dims()), or(points, p.points()), or(batch, p.batch()),
                    or(loops, p.loops()), or(window, p.window())) : p);
        }
        return out;
    }

    private static int or(Integer v, int fallback) {
        return v != null ? v : fallback;
    }
}

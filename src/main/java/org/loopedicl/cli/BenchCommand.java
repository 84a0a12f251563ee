package org.loopedicl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.loopedicl.bench.FmaPeak;
import org.loopedicl.bench.KernelBench;
import org.loopedicl.bench.Peak;
import org.loopedicl.bench.StepBench;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.Family;
import org.loopedicl.tensor.KernelTimes;
import org.loopedicl.tensor.Kernels;
import org.loopedicl.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", description = {
        "Time the training step (forward, windowed backward, Adam) on the presets of the PyTorch peer tools/peer_torch.py.",
        "Prints 'bench <preset> median_ms=<x> steps=<n>' with the model FLOPs and GFLOP/s reached;",
        "--peak adds the utilisation of the machine's measured FMA peak, --kernels times each kernel instead."},
        mixinStandardHelpOptions = true)
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
    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default ${DEFAULT-VALUE}; they also last at least 3 s, for the JIT).") int warmup;
    @Option(names = "--peak", description = "Measure the register-only Vector API FMA peak first (best of 7 trials) and report utilisation against it, never above 100%%: a faster step re-measures the peak.") boolean peak;
    @Option(names = "--kernels", description = "Time each kernel on the presets' shapes (with the peak) instead of the training step.") boolean kernels;
    /** Trials of the peak measurement; the best counts (see {@link FmaPeak#gflops}). */
    private static final int PEAK_TRIALS = 7;

    @Option(names = "--breakdown", description = "Also sum the time of each kind of kernel inside the timed steps (where the step goes).") boolean breakdown;

    @Override
    public Integer call() {
        System.err.println(Main.engineLine());
        if (steps < 1) throw new InvalidInputException("--steps must be >= 1, got " + steps);
        List<StepBench.Shape> shapes = shapes();
        System.out.println("bench: " + setting());
        Peak fma = null;
        if (peak || kernels) {
            if (!Kernels.active().name().equals("vector"))
                throw new InvalidInputException("--peak and --kernels measure the Vector API: run with --add-modules jdk.incubator.vector (the launcher does)");
            fma = new Peak(() -> FmaPeak.gflops(PEAK_TRIALS), System.out);
            System.out.printf("peak fma %.1f GFLOP/s on %d threads (best of %d trials of register-only Vector API FMA chains)%n",
                    fma.gflops(), Parallel.threads(), PEAK_TRIALS);
        }
        for (StepBench.Shape s : shapes) {
            if (kernels) {
                printKernels(s, fma);
                continue;
            }
            StepBench.Result r = StepBench.run(s, warmup, steps, 0, breakdown);
            System.out.printf("bench %s median_ms=%.1f steps=%d%n", s.name(), r.medianMs(), r.steps());
            System.out.printf("  model %.1f GFLOP/step, %.1f GFLOP/s%n", s.flops() / 1e9, r.gflops());
            if (fma != null) {
                double pct = fma.percent(r.gflops());
                System.out.printf("  utilisation %.1f%% of the measured peak%n", pct);
            }
            if (breakdown) printBreakdown(r, fma);
        }
        return 0;
    }

    /** What the timings depend on besides the machine: the JDK, the kernels and their vector width, the threads. */
    static String setting() {
        String kernels = Kernels.active().name();
        if (kernels.equals("vector")) kernels += " (" + FmaPeak.vectorBits() + "-bit vectors)";
        return "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") kernels=" + kernels
                + " threads=" + Parallel.threads();
    }

    private static void printBreakdown(StepBench.Result r, Peak peak) {
        System.out.printf("  breakdown, per step (mean of the timed steps, %.1f ms)%n", r.meanMs());
        System.out.printf("    %-20s %7s %9s %7s %9s %7s%n", "kernel", "calls", "ms", "share", "GFLOP/s", "%peak");
        double inKernels = 0;
        for (Map.Entry<KernelTimes.Kind, KernelTimes.Total> e : r.kernels().entrySet()) {
            KernelTimes.Total t = e.getValue();
            double ms = t.nanos() / 1e6 / r.steps();
            inKernels += ms;
            double gflops = t.flops() / t.nanos();
            System.out.printf("    %-20s %7d %9.2f %6.1f%% %9s %7s%n", e.getKey().label, t.calls() / r.steps(), ms, 100 * ms / r.meanMs(),
                    t.flops() > 0 ? String.format("%.1f", gflops) : "", t.flops() > 0 && peak != null ? String.format("%.1f", peak.percent(gflops)) : "");
        }
        double rest = r.meanMs() - inKernels;
        System.out.printf("    %-20s %7s %9.2f %6.1f%%%n", "outside the kernels", "", rest, 100 * rest / r.meanMs());
    }

    private static void printKernels(StepBench.Shape s, Peak peak) {
        System.out.printf("kernels %s%n", s.name());
        System.out.printf("  %-16s %-28s %10s %9s %8s %7s%n", "kernel", "shape", "us/call", "GFLOP/s", "GB/s", "%peak");
        for (KernelBench.Timing t : KernelBench.run(s)) {
            String gflops = t.flops() > 0 ? String.format("%.1f", t.gflops()) : "";
            String gbs = t.bytes() > 0 ? String.format("%.1f", t.gbPerSecond()) : "";
            String pct = t.isMatmul() ? String.format("%.1f", peak.percent(t.gflops())) : "";
            System.out.printf("  %-16s %-28s %10.1f %9s %8s %7s%n", t.kernel(), t.shape(), t.micros(), gflops, gbs, pct);
        }
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

package org.loopedicl.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelTimesTest {
    private final KernelFixtures random = new KernelFixtures(5);

    @Test
    void countsEveryCallByKindAndPassesResultsThrough() {
        int rows = 7, in = 12, out = 20;
        float[] x = random.uniform(rows * in, 1), w = random.uniform(out * in, 1), b = random.uniform(out, 1);
        float[] expected = new float[rows * out], y = new float[rows * out], sum = new float[rows * in];
        Kernels untimed = Kernels.active();
        untimed.linear(expected, x, w, b, rows, in, out);

        KernelTimes times = KernelTimes.start();
        try {
            Kernels k = Kernels.active();
            assertSame(times, k);
            k.linear(y, x, w, b, rows, in, out);
            k.linear(y, x, w, b, rows, in, out);
            k.add(sum, x, x, rows * in);
        } finally {
            times.stop();
        }
        assertSame(untimed, Kernels.active(), "stop puts the untimed kernels back");
        assertArrayEquals(expected, y);

        Map<KernelTimes.Kind, KernelTimes.Total> totals = times.totals();
        assertEquals(2, totals.get(KernelTimes.Kind.MATMUL_FWD).calls());
        assertEquals(2 * 2.0 * rows * in * out, totals.get(KernelTimes.Kind.MATMUL_FWD).flops());
        assertTrue(totals.get(KernelTimes.Kind.MATMUL_FWD).nanos() > 0);
        assertEquals(1, totals.get(KernelTimes.Kind.ADD).calls());
        assertEquals(0, totals.get(KernelTimes.Kind.ADD).flops());
        assertFalse(totals.containsKey(KernelTimes.Kind.ADAM), "kinds never called are left out");

        untimed.linear(y, x, w, b, rows, in, out);
        assertEquals(2, times.totals().get(KernelTimes.Kind.MATMUL_FWD).calls(), "nothing counted after stop");
    }
}

package org.loopedicl.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.sweep.CellOutcome.Status;

/**
 * Sweeps of tiny models on Spark: in local mode, on a real standalone cluster, and on a cluster
 * that loses a worker mid-sweep. Each must give the same results.csv byte for byte.
 */
class SparkSweepTest {
    private static final Path SWEEPS = Path.of("src/test/resources/sweeps").toAbsolutePath();

    private static LocalCluster cluster;
    @TempDir static Path clusterDir;

    @TempDir Path dir;

    private static List<CellOutcome> sweep(String file, String master, Path out) {
        return Sweep.run(SweepFile.load(SWEEPS.resolve(file)), master, out, 1, System.out);
    }

    private static byte[] results(Path out) throws IOException {
        return Files.readAllBytes(out.resolve(ResultsTable.RESULTS));
    }

    @Test
    void localSweepWritesItsTablesSkipsFinishedCellsAndResumesCheckpoints() throws IOException {
        Path out = dir.resolve("local");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        int code = SweepCommand.run(new PrintStream(progress, true, StandardCharsets.UTF_8), System.err,
                SWEEPS.resolve("tiny_2x2.yaml").toString(), "--master", "local[2]", "--out", out.toString());
        assertEquals(0, code);
        List<String> lines = Files.readAllLines(out.resolve(ResultsTable.RESULTS));
        assertEquals("loop_window,seed,final_loss,err_k2,err_k4,err_k8,err_b_loops,err_20b_loops", lines.get(0));
        assertEquals(List.of("1,0", "1,1", "2,0", "2,1"), lines.subList(1, 5).stream().map(l -> l.substring(0, 3)).toList());
        assertEquals(5, lines.size());
        assertEquals(4, progress.toString(StandardCharsets.UTF_8).lines().filter(l -> l.matches("\\[\\d/4] .*")).count());
        assertTrue(Files.isRegularFile(out.resolve("report.html")) && Files.isRegularFile(out.resolve("sweep_seed.png")));
        assertTrue(Files.isRegularFile(out.resolve("runs/loop_window=1_seed=0/model.safetensors")));
        byte[] first = results(out);

        List<CellOutcome> again = sweep("tiny_2x2.yaml", "local[2]", out);
        assertTrue(again.stream().allMatch(o -> o.status() == Status.SKIPPED), again.toString());
        assertArrayEquals(first, results(out));

        // An interrupted cell: its checkpoint back at step 20 and no record of being done. It resumes there.
        Path run = out.resolve("runs/loop_window=2_seed=1");
        Files.copy(run.resolve("checkpoints/step_0000020.safetensors"), run.resolve("checkpoint.safetensors"), StandardCopyOption.REPLACE_EXISTING);
        Files.delete(out.resolve("evals/loop_window=2_seed=1/" + CellRecord.FILE_NAME));
        List<CellOutcome> resumed = sweep("tiny_2x2.yaml", "local[2]", out);
        assertEquals(Status.RESUMED, resumed.get(3).status());
        assertEquals(20, resumed.get(3).stepsTrained());
        assertArrayEquals(first, results(out), "the resumed cell ends where it did uninterrupted");
    }

    @Test
    void standaloneClusterGivesTheLocalResults() throws Exception {
        sweep("tiny_2x2.yaml", "local[2]", dir.resolve("local"));
        try (Executors executors = new Executors()) {
            List<CellOutcome> outcomes = sweep("tiny_2x2.yaml", cluster().url(), dir.resolve("remote"));
            assertTrue(outcomes.stream().allMatch(o -> o.status() == Status.TRAINED), outcomes.toString());
        }
        assertArrayEquals(results(dir.resolve("local")), results(dir.resolve("remote")));
    }

    @Test
    void sweepSurvivesTheLossOfAWorker() throws Exception {
        sweep("tiny_long.yaml", "local[2]", dir.resolve("local"));
        Path out = dir.resolve("remote");
        LocalCluster shared = cluster();
        Process doomed = shared.addWorker(1); // beside the shared one: each of the two cells gets a worker
        try (Executors executors = new Executors()) {
            CompletableFuture<List<CellOutcome>> running = CompletableFuture.supplyAsync(() -> sweep("tiny_long.yaml", shared.url(), out));
            // Both cells are training (one per worker) once both have a checkpoint: then one worker goes.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!(Files.exists(out.resolve("runs/seed=0/checkpoint.safetensors")) && Files.exists(out.resolve("runs/seed=1/checkpoint.safetensors")))) {
                assertTrue(System.nanoTime() < deadline && !running.isDone(), "the cells did not start training");
                Thread.sleep(20);
            }
            LocalCluster.kill(doomed);
            List<CellOutcome> outcomes = running.get(3, TimeUnit.MINUTES);
            assertEquals(1, outcomes.stream().filter(o -> o.status() == Status.RESUMED).count(), outcomes.toString());
        }
        assertArrayEquals(results(dir.resolve("local")), results(out), "the same numbers as without the loss");
    }

    /** One cluster for the class (its JVMs take a while to start): a master and a worker of one core. */
    private static synchronized LocalCluster cluster() throws IOException, InterruptedException {
        if (cluster == null) {
            cluster = new LocalCluster(clusterDir);
            cluster.addWorker(1);
        }
        return cluster;
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) cluster.close();
    }

    /** What the driver tells the cluster's executors: this test's classpath, and the kernels the local runs use. */
    private static final class Executors implements AutoCloseable {
        private static final Map<String, String> SETTINGS = Map.of(
                "spark.executor.extraClassPath", System.getProperty("java.class.path"),
                "spark.executor.extraJavaOptions", "-Dlooped.kernels=" + System.getProperty("looped.kernels", "auto"),
                "spark.executor.memory", "1g",
                "spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1");

        Executors() {
            SETTINGS.forEach(System::setProperty);
        }

        @Override
        public void close() {
            SETTINGS.keySet().forEach(System::clearProperty);
        }
    }
}

package org.loopedicl.sweep;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and workers, each in its own JVM started
 * with this test's classpath. A worker launches its executors in further JVMs of its own, with the
 * classpath the driver names in spark.executor.extraClassPath; SPARK_HOME is an empty directory
 * (a worker only needs one that exists, with a jars/ folder), since Spark comes from that classpath.
 */
final class LocalCluster implements AutoCloseable {
    private static final Duration START = Duration.ofMinutes(5);
    private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dir;
    private final int port, uiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    LocalCluster(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("spark-home/jars"));
        port = freePort();
        uiPort = freePort();
        master = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--webui-port", Integer.toString(uiPort));
        long deadline = System.nanoTime() + START.toNanos();
        while (!listening(port)) {
            if (System.nanoTime() > deadline || !master.isAlive()) throw new IllegalStateException("the master did not start; see " + dir.resolve("master.log"));
            Thread.sleep(200);
        }
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** Starts a worker of {@code cores} cores and waits until the master counts it as alive. */
    Process addWorker(int cores) throws IOException, InterruptedException {
        int before = aliveWorkers();
        Path work = Files.createDirectories(dir.resolve("work-" + workers.size()));
        Process w = start("worker-" + workers.size(), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", Integer.toString(cores), "--memory", "2g", "--webui-port", Integer.toString(freePort()),
                "--work-dir", work.toString(), url());
        workers.add(w);
        long deadline = System.nanoTime() + START.toNanos();
        while (aliveWorkers() <= before) {
            if (System.nanoTime() > deadline || !w.isAlive()) throw new IllegalStateException("the worker did not register; see " + dir);
            Thread.sleep(200);
        }
        return w;
    }

    /** Kills a worker and the executors it started at once, as a machine that goes away would. */
    static void kill(Process worker) throws InterruptedException {
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process w : workers) kill(w);
        master.destroyForcibly().waitFor();
    }

    private Process start(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    private int aliveWorkers() throws IOException, InterruptedException {
        try {
            String json = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = ALIVE.matcher(json);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0; // the web UI is not up yet
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package org.loopedicl.sweep;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loopedicl.io.InvalidInputException;

/**
 * Checks a --master before Spark is started: a local master's form and its cores against the
 * threads a cell takes, and that a standalone master (spark://HOST:PORT, or several, comma
 * separated) answers at all, which Spark itself would find out only after a minute of retries.
 * Other masters (yarn, k8s://…) are Spark's to check.
 */
final class Masters {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,(\\d+))?])?");
    private static final int CONNECT_MILLIS = 3000;

    private Masters() {}

    static boolean isLocal(String master) {
        return master.startsWith("local");
    }

    static void check(String master, int threadsPerRun) {
        if (isLocal(master)) {
            Matcher m = LOCAL.matcher(master);
            if (!m.matches())
                throw new InvalidInputException("--master " + master + ": expected local, local[N], local[*] or local[N,F] (F: tries per cell)");
            int cores = m.group(1) == null ? 1 : m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
            if (cores < threadsPerRun)
                throw new InvalidInputException("--threads-per-run " + threadsPerRun + " exceeds the " + cores + " core(s) of --master " + master);
        } else if (master.startsWith("spark://")) {
            String problem = null;
            for (String hostPort : master.substring("spark://".length()).split(",")) {
                int colon = hostPort.lastIndexOf(':');
                if (colon < 1) throw new InvalidInputException("--master " + master + ": expected spark://HOST:PORT");
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), CONNECT_MILLIS);
                    return;
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("--master " + master + ": port '" + hostPort.substring(colon + 1) + "' is not a number");
                } catch (IOException e) {
                    problem = hostPort + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            }
            throw new InvalidInputException("--master " + master + ": cannot reach the master (" + problem + ")");
        }
    }
}

package dev.switchboard.bench.ws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Gives a server and the load generator their own cores with {@code taskset}, so every server gets the
 * same CPU budget and none competes with the load generator for it.
 */
public final class CpuPinning {

    private CpuPinning() {
    }

    /** Whether pinning is possible here: Linux {@code taskset} and at least two cores. */
    public static boolean available() {
        return Runtime.getRuntime().availableProcessors() >= 2
                && (Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset")));
    }

    /** Pins every thread of {@code pid} (and the threads it starts later) to {@code cores}, e.g. "0". */
    public static boolean pin(long pid, String cores) {
        try {
            Process taskset = new ProcessBuilder("taskset", "-a", "-cp", cores, String.valueOf(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return taskset.waitFor(10, TimeUnit.SECONDS) && taskset.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package dev.switchboard.server.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of this process that the JVM does not report itself, read from Linux's /proc. */
final class ProcessStats {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessStats() {
    }

    /** Resident set size in bytes, or -1 where /proc is not available. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kib = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return Long.parseLong(kib) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or an unexpected format: the report says -1 rather than guessing.
        }
        return -1;
    }
}

package dev.switchboard.server.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of a process that the JVM does not report itself, read from Linux's /proc. */
public final class ProcessStats {

    private ProcessStats() {
    }

    /** This process's resident set size in bytes, or -1 where /proc is not available. */
    public static long residentBytes() {
        return residentBytes(Path.of("/proc/self/status"));
    }

    /** Another process's resident set size in bytes (a benchmark's daemon), or -1. */
    public static long residentBytes(long pid) {
        return residentBytes(Path.of("/proc", String.valueOf(pid), "status"));
    }

    private static long residentBytes(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
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

package dev.switchboard.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel limits a run of N lines needs on one machine: open files for the load generator and each server
 * (one descriptor per line, plus some), and local ports (every line is a distinct client port to one server
 * port). Each problem comes with the command that fixes it.
 */
public final class KernelLimits {

    /** Descriptors beyond the lines: listeners, publishers, jars, logs. */
    static final int SPARE_FILES = 1_000;

    private KernelLimits() {
    }

    /** What stands in the way of {@code lines} lines here; empty when nothing does. */
    public static List<String> problems(int lines) {
        return problems(lines, read(Path.of("/proc/self/limits")), read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
    }

    static List<String> problems(int lines, String limits, String portRange) {
        List<String> problems = new ArrayList<>();
        long files = openFiles(limits);
        if (files >= 0 && files < lines + SPARE_FILES) {
            problems.add("open files limit is " + files + ", " + lines + " lines need at least " + (lines + SPARE_FILES)
                    + "; fix: ulimit -n " + Math.max(65536, lines * 2L) + " (or LimitNOFILE / /etc/security/limits.conf)");
        }
        if (portRange != null) {
            String[] range = portRange.trim().split("\\s+");
            if (range.length < 2) {
                return problems;
            }
            long ports = Long.parseLong(range[1]) - Long.parseLong(range[0]) + 1;
            if (ports < lines + SPARE_FILES) {
                problems.add("local port range " + range[0] + "-" + range[1] + " has " + ports + " ports, " + lines
                        + " lines need " + (lines + SPARE_FILES) + "; fix: sysctl -w net.ipv4.ip_local_port_range=\"1024 65000\"");
            }
        }
        return problems;
    }

    /** The soft "Max open files" of a /proc/PID/limits text; -1 when absent or unlimited. */
    static long openFiles(String limits) {
        if (limits == null) {
            return -1;
        }
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
            }
        }
        return -1;
    }

    private static String read(Path path) {
        try {
            try (java.io.InputStream in = Files.newInputStream(path)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            return null;
        }
    }
}

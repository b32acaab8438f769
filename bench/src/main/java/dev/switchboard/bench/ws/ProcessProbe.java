package dev.switchboard.bench.ws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of a server process and all its descendants (nginx workers, a script's
 * child), read from Linux {@code /proc}; -1 where there is no /proc.
 */
public final class ProcessProbe {

    /** USER_HZ: clock ticks per second in /proc/PID/stat, 100 on every Linux this runs on. */
    private static final long TICK_NANOS = 1_000_000_000L / 100;

    private final long pid;

    public ProcessProbe(long pid) {
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    private List<Long> tree() {
        return Stream.concat(Stream.of(pid), ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants).map(ProcessHandle::pid)).collect(Collectors.toList());
    }

    /** User + system CPU time of the process tree so far, in nanoseconds. */
    public long cpuNanos() {
        long total = 0;
        for (long p : tree()) {
            String stat = read(Path.of("/proc", String.valueOf(p), "stat"));
            if (stat == null) {
                continue;
            }
            total += cpuTicks(stat) * TICK_NANOS;
        }
        return total;
    }

    /** Resident set size of the process tree, in bytes. */
    public long residentBytes() {
        long total = 0;
        boolean any = false;
        for (long p : tree()) {
            String status = read(Path.of("/proc", String.valueOf(p), "status"));
            if (status == null) {
                continue;
            }
            long kib = vmRssKib(status);
            if (kib >= 0) {
                total += kib * 1024;
                any = true;
            }
        }
        return any ? total : -1;
    }

    /** utime + stime (fields 14 and 15) of a /proc/PID/stat line; the command name may hold spaces. */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The VmRSS line of /proc/PID/status in KiB, or -1 (kernel threads have none). */
    static long vmRssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

package dev.switchboard.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway started in its own process from this same jar, on free ports and a private home, so a
 * benchmark measures the server's CPU apart from the load generator's.
 */
final class DaemonProcess implements AutoCloseable {

    private final Process process;
    private final Path home;
    private int port;

    private DaemonProcess(Process process, Path home) {
        this.process = process;
        this.home = home;
    }

    static DaemonProcess start(List<String> jvmOptions) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("switchboard-bench-");
        Path jar;
        try {
            jar = Path.of(DaemonProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--port", "0", "--proxy-port", "0",
                "--home", home.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        DaemonProcess daemon = new DaemonProcess(process, home);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.contains("listening on port ")) {
            daemon.close();
            throw new IllegalStateException("the benchmark daemon did not start (" + line + ")");
        }
        daemon.port = Integer.parseInt(line.replaceAll(".*listening on port (\\d+).*", "$1"));
        return daemon;
    }

    /** The gateway port the daemon chose. */
    int port() {
        return port;
    }

    /** Resident set size of the daemon, in bytes (Linux /proc; -1 elsewhere). */
    long residentBytes() {
        return dev.switchboard.server.health.ProcessStats.residentBytes(pid());
    }

    /**
     * Collects the daemon's garbage and returns its live heap in bytes, through the JDK's jcmd; -1 when this
     * runtime has no jcmd.
     */
    long liveHeapBytes() throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            run(jcmd.toString(), String.valueOf(pid()), "GC.run");
            String info = run(jcmd.toString(), String.valueOf(pid()), "GC.heap_info");
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        tool.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    Path home() {
        return home;
    }

    Path controlSocket() {
        return dev.switchboard.client.control.ControlSocketPath.in(home);
    }

    long pid() {
        return process.pid();
    }

    /** User + system CPU time the daemon has used so far, in nanoseconds (Linux /proc; -1 elsewhere). */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * (1_000_000_000L / 100); // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        deleteHome();
    }

    private void deleteHome() {
        try (java.util.stream.Stream<Path> files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless; the run's figures stand
        }
    }
}

package dev.switchboard.bench.compare;

import dev.switchboard.bench.ws.ProcessProbe;
import dev.switchboard.bench.ws.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer server started by its script, {@code bench/peers/<name>/run.sh PORT PUBLISH_PORT}, pinned to the
 * server cores with {@code taskset} from its first instruction (so forked workers inherit the pinning).
 */
public final class PeerProcess implements BenchServer {

    /** The peers bench/peers/ knows, in the order a comparison runs them. */
    public static final List<String> NAMES = List.of("netty", "nodews", "nchan", "vertx", "socketio", "netty-socketio");

    private final String name;
    private final Process process;
    private final Target target;
    private final int port;

    private PeerProcess(String name, Process process, Target target, int port) {
        this.name = name;
        this.process = process;
        this.target = target;
        this.port = port;
    }

    /** The port the peer listens on. */
    public int port() {
        return port;
    }

    /**
     * Starts peer {@code name} and waits until it accepts connections.
     *
     * @param cores the taskset CPU list for the server, or null to leave it unpinned
     */
    public static PeerProcess start(Path peers, String name, String cores, Path log) throws IOException, InterruptedException {
        int port = freePort();
        int publishPort = freePort();
        return launch(peers, name, cores, log, port, target(name, port, publishPort),
                "netty-socketio".equals(name) ? publishPort : port, String.valueOf(port), String.valueOf(publishPort));
    }

    /** Starts reverse proxy {@code name} (nginx-proxy, haproxy) or the upstream, with {@code args} after its port. */
    public static PeerProcess startPlain(Path peers, String name, String cores, Path log, String... args)
            throws IOException, InterruptedException {
        int port = freePort();
        String[] all = new String[args.length + 1];
        all[0] = String.valueOf(port);
        System.arraycopy(args, 0, all, 1, args.length);
        return launch(peers, name, cores, log, port, Target.peer(name, port), port, all);
    }

    private static PeerProcess launch(Path peers, String name, String cores, Path log, int port, Target target,
                                      int alsoWaitFor, String... args) throws IOException, InterruptedException {
        Path script = peers.resolve(name).resolve("run.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no peer named " + name + " (" + script + " is missing)");
        }
        List<String> command = new ArrayList<>();
        if (cores != null) {
            command.addAll(List.of("taskset", "-c", cores));
        }
        command.addAll(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Java peers see the same one core the JVM is pinned to, and get the heap Switchboard gets
        builder.environment().put("PEER_JAVA_OPTS", "-Xms512m -Xmx512m"
                + (cores != null ? " -XX:ActiveProcessorCount=" + cores.split(",").length : ""));
        Process process = builder.start();
        PeerProcess peer = new PeerProcess(name, process, target, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!accepts(port) || !accepts(alsoWaitFor)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                peer.close();
                throw new IOException("peer " + name + " did not start on port " + port + "; see " + log);
            }
            Thread.sleep(100);
        }
        return peer;
    }

    /** How the load generator drives each peer (the contract in bench/README.md, adapted for Socket.IO). */
    static Target target(String name, int port, int publishPort) {
        switch (name) {
            case "socketio":
                return Target.socketIo(name, port, URI.create("http://127.0.0.1:" + port + "/pub"));
            case "netty-socketio":
                return Target.socketIo(name, port, URI.create("http://127.0.0.1:" + publishPort + "/pub"));
            default:
                return Target.peer(name, port);
        }
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public ProcessProbe probe() {
        return new ProcessProbe(process.pid());
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>();
        process.toHandle().descendants().forEach(tree::add);
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle child : tree) {
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Every name in {@code names} that is no known peer (Switchboard excepted). */
    public static List<String> unknown(List<String> names) {
        List<String> unknown = new ArrayList<>();
        for (String n : names) {
            if (!n.equals("switchboard") && !NAMES.contains(n)) {
                unknown.add(n);
            }
        }
        return unknown;
    }

}

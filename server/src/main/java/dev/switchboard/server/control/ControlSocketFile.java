package dev.switchboard.server.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket file's life: before bind, tell a live daemon (refuse to start) from a stale file left by one that
 * died (remove it and take over); after bind, restrict it to the owner; at shutdown, remove it, but only if it
 * is still the file this process created.
 */
final class ControlSocketFile {

    private static final Logger log = LoggerFactory.getLogger(ControlSocketFile.class);
    /** sun_path holds 108 bytes including the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;

    private ControlSocketFile() {
    }

    /**
     * Makes the path free to bind: creates the parent directory, removes a stale socket file.
     *
     * @throws ControlSocketInUseException when a daemon answers on it
     * @throws IOException                 when the path is too long, is not a socket, or cannot be probed
     */
    static void claim(Path path) throws IOException {
        int length = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_PATH_BYTES) {
            throw new IOException("control socket path " + path + " is " + length + " bytes; Unix sockets allow "
                    + MAX_PATH_BYTES + ": use a shorter --home");
        }
        Path parent = path.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException free) {
            return;
        }
        if (!attributes.isOther()) {
            throw new IOException(path + " exists and is not a socket; move it away or use another --home");
        }
        if (answers(path)) {
            throw new ControlSocketInUseException(path);
        }
        log.info("removing stale control socket {} (nobody answers on it; a previous daemon did not shut down "
                + "cleanly) and taking over", path);
        Files.deleteIfExists(path);
    }

    /** @return true when something accepts connections on the path; false when the connection is refused */
    private static boolean answers(Path path) throws IOException {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new IOException("cannot tell whether a daemon runs on " + path + ": " + e.getMessage(), e);
        }
    }

    /** Owner read/write only (0600): the file mode is the Unix socket's access control. */
    static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            log.warn("cannot restrict {} to its owner on this file system", path);
        }
    }

    /** The file's identity (device and inode on Linux), or null when it cannot be read. */
    static Object identity(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes the socket file unless another daemon has replaced it since (a different file at the path). */
    static void release(Path path, Object identity) {
        Object now = identity(path);
        if (now == null || (identity != null && !Objects.equals(now, identity))) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not remove control socket {}: {}", path, e.toString());
        }
    }
}

package dev.switchboard.core.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret generated on first use and kept in a file (the JWT secret, {@code $SWITCHBOARD_HOME/jwt-secret}), so the
 * daemon and the CLI that mints tokens agree on it without configuration.
 */
public final class GeneratedSecret {

    private static final Logger log = LoggerFactory.getLogger(GeneratedSecret.class);

    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private GeneratedSecret() {
    }

    /**
     * Returns the secret in {@code file}, creating the file with a new random secret (32 bytes, base64url) if it does
     * not exist. Safe against concurrent callers, in this process or others: all get the value that reached the disk.
     *
     * @throws IllegalStateException if the file exists but is empty or unreadable, or cannot be created
     */
    public static String loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        try {
            return create(file.toAbsolutePath());
        } catch (FileAlreadyExistsException lostRace) {
            return read(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create secret file " + file + ": " + e, e);
        }
    }

    private static String read(Path file) {
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read secret file " + file + ": " + e
                    + "; fix its permissions, or delete it to have a new secret generated", e);
        }
        if (secret.isEmpty()) {
            throw new IllegalStateException("secret file " + file
                    + " is empty; put a secret in it, or delete it to have a new secret generated");
        }
        warnIfShared(file);
        return secret;
    }

    private static String create(Path file) throws IOException {
        Path dir = file.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        Files.createDirectories(dir, posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))} : new FileAttribute<?>[0]);
        // Created 0600 from the start: setting permissions after writing would leave a window where others can read.
        Path temp = posix
                ? Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            String secret = newSecret();
            writeDurably(temp, secret + "\n");
            publish(temp, file);
            return secret;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Makes the complete file appear under its name at once, without ever replacing one that is there: a hard link
     * fails if the name exists, whereas ATOMIC_MOVE is a rename(2) that would silently replace the secret another
     * process has already handed out.
     *
     * @throws FileAlreadyExistsException if another caller got there first
     */
    private static void publish(Path temp, Path file) throws IOException {
        try {
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException lostRace) {
            throw lostRace;
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            moveUnlessExists(temp, file);
        }
    }

    /** For file systems without hard links: a small race remains, which only concurrent first starts can hit. */
    private static void moveUnlessExists(Path temp, Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file);
        }
    }

    private static void writeDurably(Path temp, String content) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
                log.warn("Secret file {} is accessible to other users (mode {}); restrict it with: chmod 600 {}",
                        file, PosixFilePermissions.toString(permissions), file);
            }
        } catch (UnsupportedOperationException | IOException notPosixOrGone) {
            // Nothing to warn about where there are no POSIX modes; a missing file is reported by the read.
        }
    }
}

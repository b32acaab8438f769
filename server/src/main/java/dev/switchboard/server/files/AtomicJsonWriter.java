package dev.switchboard.server.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a JSON document to a file in one step: into a temp file beside it (mode 0600 before any byte is
 * written), then renamed over it, so a crash leaves the old or the new document, never half of one, and no
 * other user can read it at any point. The temp file never outlives the call.
 */
public final class AtomicJsonWriter {

    private AtomicJsonWriter() {
    }

    /** @throws IOException when the directory, the temp file or the rename fails; the old file is then unchanged */
    public static void write(Path file, ObjectMapper json, JsonNode document) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = file.getFileName().toString();
        Path temp = Files.createTempFile(dir, "." + name + "-", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // No POSIX modes on this file system; the home directory is owner-only anyway.
            }
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

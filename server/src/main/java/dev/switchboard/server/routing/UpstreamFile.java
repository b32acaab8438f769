package dev.switchboard.server.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.routing.Upstream;
import dev.switchboard.core.routing.UpstreamStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code $SWITCHBOARD_HOME/upstreams.json}: the registry as it was at the last change, rewritten atomically
 * (temp file + rename) so a crash leaves the old or the new list, never half of one.
 *
 * <pre>{"version":1,"upstreams":[{"id":"u-…","host":"127.0.0.1","port":3000,"root":null,"bundleId":null,
 *   "name":"web","registeredAt":"2026-…Z"}]}</pre>
 */
public final class UpstreamFile {

    private static final Logger log = LoggerFactory.getLogger(UpstreamFile.class);
    static final int VERSION = 1;

    private final Path file;
    private final ObjectMapper json;

    public UpstreamFile(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    public Path path() {
        return file;
    }

    /**
     * The entries in the file; an absent file is an empty list. An unreadable file or entry is logged and
     * skipped (the daemon starts with what it can read; the next change rewrites the file).
     */
    public List<Upstream> load() {
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.warn("{} is not readable JSON ({}); starting without persisted upstreams", file, e.getMessage());
            return List.of();
        }
        List<Upstream> upstreams = new ArrayList<>();
        JsonNode entries = root == null ? null : root.get("upstreams");
        if (entries == null || !entries.isArray()) {
            log.warn("{} has no \"upstreams\" array; starting without persisted upstreams", file);
            return List.of();
        }
        for (JsonNode entry : entries) {
            try {
                upstreams.add(new Upstream(text(entry, "id", true), text(entry, "host", true),
                        entry.path("port").asInt(0), text(entry, "root", false), text(entry, "bundleId", false),
                        text(entry, "name", false), Instant.parse(text(entry, "registeredAt", true))));
            } catch (RuntimeException e) {
                log.warn("{}: skipping entry {} ({})", file, entry, e.getMessage());
            }
        }
        return upstreams;
    }

    /** Writes the list; a failure is logged (routing carries on from memory) and reported to the caller. */
    public synchronized boolean save(List<UpstreamStatus> upstreams) {
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        ArrayNode entries = root.putArray("upstreams");
        for (UpstreamStatus status : upstreams) {
            Upstream u = status.upstream();
            ObjectNode entry = entries.addObject();
            entry.put("id", u.id());
            entry.put("host", u.host());
            entry.put("port", u.port());
            entry.put("root", u.root());
            entry.put("bundleId", u.bundleId());
            entry.put("name", u.name());
            entry.put("registeredAt", u.registeredAt().toString());
        }
        Path temp = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".upstreams-", ".tmp");
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Nothing secret in it; the home directory is owner-only anyway.
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            log.warn("could not write {}: {} (the registry carries on in memory)", file, e.toString());
            return false;
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file is harmless
                }
            }
        }
    }

    private static String text(JsonNode entry, String field, boolean required) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is missing");
            }
            return null;
        }
        return value.asText();
    }
}

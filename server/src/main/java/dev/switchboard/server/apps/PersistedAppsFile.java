package dev.switchboard.server.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.app.AppRegistration;
import dev.switchboard.server.files.AtomicJsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code $SWITCHBOARD_HOME/apps.json}: the apps registered through the API or the control socket, as they were
 * at the last change, so they survive a restart. Keys are never written, only each app's salt and salted hash;
 * the file is still mode 0600 (a hash is something to keep from offline guessing) and rewritten atomically.
 *
 * <pre>{"version":1,"apps":[{"packageName":"com.example.notes","salt":"…","keyHash":"…",
 *   "webhookUrl":"http://127.0.0.1:9000/hook","registeredAt":"2026-…Z"}]}</pre>
 */
public final class PersistedAppsFile {

    public static final String FILE_NAME = "apps.json";
    static final int VERSION = 1;
    private static final Logger log = LoggerFactory.getLogger(PersistedAppsFile.class);

    private final Path file;
    private final ObjectMapper json;

    public PersistedAppsFile(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    public Path path() {
        return file;
    }

    /**
     * The registrations in the file; an absent file is none. An unreadable file or entry is logged and skipped:
     * the node starts with what it can read, and the next registration rewrites the file.
     */
    public List<AppRegistration> load() {
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.warn("{} is not readable JSON ({}); starting without the apps registered at runtime", file,
                    e.getMessage());
            return List.of();
        }
        JsonNode entries = root == null ? null : root.get("apps");
        if (entries == null || !entries.isArray()) {
            log.warn("{} has no \"apps\" array; starting without the apps registered at runtime", file);
            return List.of();
        }
        List<AppRegistration> apps = new ArrayList<>();
        for (JsonNode entry : entries) {
            try {
                apps.add(AppRegistration.restore(new AppRegistration.Stored(text(entry, "packageName"),
                        text(entry, "salt"), text(entry, "keyHash"), text(entry, "webhookUrl"),
                        Instant.parse(text(entry, "registeredAt")))));
            } catch (RuntimeException e) {
                log.warn("{}: skipping app entry {} ({})", file, entry.path("packageName"), e.getMessage());
            }
        }
        return apps;
    }

    /** Writes the list; a failure is logged (the registry carries on in memory) and reported to the caller. */
    public synchronized boolean save(List<AppRegistration> apps) {
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        ArrayNode entries = root.putArray("apps");
        for (AppRegistration app : apps) {
            AppRegistration.Stored stored = app.stored();
            ObjectNode entry = entries.addObject();
            entry.put("packageName", stored.packageName());
            entry.put("salt", stored.salt());
            entry.put("keyHash", stored.keyHash());
            entry.put("webhookUrl", stored.webhookUrl());
            entry.put("registeredAt", stored.registeredAt().toString());
        }
        try {
            AtomicJsonWriter.write(file, json, root);
            return true;
        } catch (IOException e) {
            log.warn("could not write {}: {} (the registration holds until the node stops)", file, e.toString());
            return false;
        }
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asText();
    }
}

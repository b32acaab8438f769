package dev.switchboard.server.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.app.AppRegistration;
import dev.switchboard.server.files.JsonListFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

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

    private final JsonListFile file;

    public PersistedAppsFile(Path file, ObjectMapper json) {
        this.file = new JsonListFile(file, json, "apps");
    }

    public Path path() {
        return file.path();
    }

    /**
     * The registrations in the file; an absent file is none. An unreadable file or entry is logged and skipped:
     * the node starts with what it can read, and the next registration rewrites the file.
     */
    public List<AppRegistration> load() {
        return file.load(entry -> AppRegistration.restore(new AppRegistration.Stored(text(entry, "packageName"),
                text(entry, "salt"), text(entry, "keyHash"), text(entry, "webhookUrl"),
                Instant.parse(text(entry, "registeredAt")))));
    }

    /** Writes the list; a failure is logged (the registry carries on in memory) and reported to the caller. */
    public boolean save(List<AppRegistration> apps) {
        return file.save(apps, (app, entry) -> {
            AppRegistration.Stored stored = app.stored();
            entry.put("packageName", stored.packageName());
            entry.put("salt", stored.salt());
            entry.put("keyHash", stored.keyHash());
            entry.put("webhookUrl", stored.webhookUrl());
            entry.put("registeredAt", stored.registeredAt().toString());
        });
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asText();
    }
}

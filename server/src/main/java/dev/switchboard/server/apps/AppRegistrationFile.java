package dev.switchboard.server.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.app.AppRegistration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Apps registered from the configuration ({@code apps.file}): a JSON array of
 * {@code {"packageName","apiKey","webhookUrl"}} objects. The keys are hashed as they are read; keep the file
 * readable by the gateway's user only.
 */
public final class AppRegistrationFile {

    private AppRegistrationFile() {
    }

    /** @throws IllegalArgumentException naming the file, the entry and what is wrong with it */
    public static List<AppRegistration> read(Path file, ObjectMapper json, Instant now) {
        JsonNode root;
        try {
            root = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("apps.file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("apps.file " + file
                    + " must hold a JSON array of {\"packageName\",\"apiKey\",\"webhookUrl\"}");
        }
        List<AppRegistration> apps = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            try {
                apps.add(AppRegistration.create(text(entry, "packageName"), text(entry, "apiKey"),
                        text(entry, "webhookUrl"), now));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("apps.file " + file + " entry " + i + ": " + e.getMessage(), e);
            }
        }
        return apps;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry == null ? null : entry.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asText();
    }
}

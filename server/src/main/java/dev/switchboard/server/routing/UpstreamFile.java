package dev.switchboard.server.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.routing.Upstream;
import dev.switchboard.core.routing.UpstreamStatus;
import dev.switchboard.server.files.JsonListFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code $SWITCHBOARD_HOME/upstreams.json}: the registry as it was at the last change, rewritten atomically
 * ({@link JsonListFile}: temp file + rename, mode 0600) so a crash leaves the old or the new list, never half of one.
 *
 * <pre>{"version":1,"upstreams":[{"id":"u-…","host":"127.0.0.1","port":3000,"root":null,"bundleId":null,
 *   "name":"web","registeredAt":"2026-…Z"}]}</pre>
 */
public final class UpstreamFile {

    private final JsonListFile file;

    public UpstreamFile(Path file, ObjectMapper json) {
        this.file = new JsonListFile(file, json, "upstreams");
    }

    public Path path() {
        return file.path();
    }

    /**
     * The entries in the file; an absent file is an empty list. An unreadable file or entry is logged and
     * skipped (the daemon starts with what it can read; the next change rewrites the file).
     */
    public List<Upstream> load() {
        return file.load(entry -> new Upstream(text(entry, "id", true), text(entry, "host", true),
                entry.path("port").asInt(0), text(entry, "root", false), text(entry, "bundleId", false),
                text(entry, "name", false), Instant.parse(text(entry, "registeredAt", true))));
    }

    /** Writes the list; a failure is logged (routing carries on from memory) and reported to the caller. */
    public boolean save(List<UpstreamStatus> upstreams) {
        return file.save(upstreams, (status, entry) -> {
            Upstream u = status.upstream();
            entry.put("id", u.id());
            entry.put("host", u.host());
            entry.put("port", u.port());
            entry.put("root", u.root());
            entry.put("bundleId", u.bundleId());
            entry.put("name", u.name());
            entry.put("registeredAt", u.registeredAt().toString());
        });
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

package dev.switchboard.server.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's state kept as one JSON document {@code {"version":1,"<list>":[{…},…]}} in its home directory
 * ({@code upstreams.json}, {@code apps.json}): read leniently at start, rewritten whole and atomically
 * ({@link AtomicJsonWriter}) on every change. What each entry holds is the caller's business.
 */
public final class JsonListFile {

    static final int VERSION = 1;
    private static final Logger log = LoggerFactory.getLogger(JsonListFile.class);

    private final Path file;
    private final ObjectMapper json;
    private final String listField;

    /** @param listField the name of the array in the document, e.g. {@code "upstreams"} */
    public JsonListFile(Path file, ObjectMapper json, String listField) {
        this.file = file;
        this.json = json;
        this.listField = listField;
    }

    public Path path() {
        return file;
    }

    /**
     * The entries in the file; an absent file is none. An unreadable file is logged and read as none, an entry
     * {@code parse} refuses (any runtime exception) is logged and skipped: the node starts with what it can
     * read, and the next change rewrites the file.
     */
    public <T> List<T> load(Function<JsonNode, T> parse) {
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.warn("{} is not readable JSON ({}); starting without its {}", file, e.getMessage(), listField);
            return List.of();
        }
        JsonNode entries = root == null ? null : root.get(listField);
        if (entries == null || !entries.isArray()) {
            log.warn("{} has no \"{}\" array; starting without its {}", file, listField, listField);
            return List.of();
        }
        List<T> loaded = new ArrayList<>();
        for (JsonNode entry : entries) {
            try {
                loaded.add(parse.apply(entry));
            } catch (RuntimeException e) {
                log.warn("{}: skipping an entry of {} ({})", file, listField, e.getMessage());
            }
        }
        return loaded;
    }

    /**
     * Rewrites the file with these items, each written into its own JSON object by {@code writeEntry}. A failure
     * is logged (the caller carries on from memory) and answered with false.
     */
    public synchronized <E> boolean save(List<E> items, BiConsumer<E, ObjectNode> writeEntry) {
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        ArrayNode entries = root.putArray(listField);
        for (E item : items) {
            writeEntry.accept(item, entries.addObject());
        }
        try {
            AtomicJsonWriter.write(file, json, root);
            return true;
        } catch (IOException e) {
            log.warn("could not write {}: {} (carrying on from memory; the next change tries again)", file,
                    e.toString());
            return false;
        }
    }
}

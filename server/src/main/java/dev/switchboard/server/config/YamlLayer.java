package dev.switchboard.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the YAML file into raw settings, refusing unknown keys so that a typo fails loudly instead of
 * silently leaving the default in place.
 *
 * <p>Streams tokens instead of building a tree for two reasons: each value keeps its line number for
 * messages, and scalars keep the text as written, so an unquoted {@code 0123...} secret is not turned into
 * the number 123.
 */
final class YamlLayer {

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlLayer() {
    }

    /** Raw values by dotted path. @throws ConfigException naming the file and line of any problem */
    static Map<String, RawValue> read(Path file) {
        Map<String, RawValue> out = new LinkedHashMap<>();
        try (YAMLParser parser = FACTORY.createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return out;
            }
            if (first != JsonToken.START_OBJECT) {
                throw ConfigException.general("Config file " + file + ":" + line(parser)
                        + ": the top level must be a mapping of keys such as \"port: 8080\"", null);
            }
            readSection(parser, "", file, out);
            return out;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw ConfigException.general("Config file " + file + " is not valid YAML" + where + ": "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw ConfigException.general("Cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void readSection(YAMLParser parser, String section, Path file, Map<String, RawValue> out)
            throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String path = ConfigKeys.join(section, name);
            String source = "from " + file + ":" + line(parser);
            JsonToken value = parser.nextToken();
            if (parser.isCurrentAlias()) {
                // The parser reports an alias as its anchor name, which would silently become the value.
                throw ConfigException.atKey(path, source, "YAML aliases (*name) are not supported; write the value out");
            }
            if (ConfigKeys.isSection(path)) {
                if (value == JsonToken.VALUE_NULL || value == JsonToken.VALUE_STRING && parser.getText().isEmpty()) {
                    continue; // "websocket:" with every sub-key commented out
                }
                if (value != JsonToken.START_OBJECT) {
                    throw ConfigException.atKey(path, source,
                            "must be a section with keys " + String.join(", ", ConfigKeys.namesIn(path)));
                }
                readSection(parser, path, file, out);
            } else if (ConfigKeys.leaf(path) != null) {
                if (value.isStructStart()) {
                    throw ConfigException.atKey(path, source, "must be a single value, not a "
                            + (value == JsonToken.START_ARRAY ? "list" : "mapping"));
                }
                out.put(path, new RawValue(value == JsonToken.VALUE_NULL ? null : parser.getText(), source));
            } else {
                throw unknownKey(path, name, section, source);
            }
        }
    }

    private static ConfigException unknownKey(String path, String name, String section, String source) {
        var allowed = ConfigKeys.namesIn(section);
        return ConfigException.atKey(path, source, "unknown key; allowed "
                + (section.isEmpty() ? "at the top level" : "in " + section) + ": "
                + String.join(", ", allowed) + Suggestions.hint(name, allowed));
    }

    // SnakeYAML appends a multi-line excerpt with a caret; the file, line and column already say where.
    private static String firstLine(String message) {
        int end = message == null ? -1 : message.indexOf('\n');
        return end < 0 ? String.valueOf(message) : message.substring(0, end);
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}

package dev.switchboard.core.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * The one-line form of a list of upstreams, as the config key {@code proxy.upstreams} takes it:
 * comma-separated entries, each {@code [host:]port} followed by optional space-separated {@code name=},
 * {@code bundleId=} and {@code root=} attributes (values without spaces or commas), e.g.
 * {@code "127.0.0.1:3000 name=web, 3001 bundleId=com.x root=/src/x"}.
 */
public final class UpstreamSpecList {

    private UpstreamSpecList() {
    }

    /** @throws IllegalArgumentException naming the entry that is wrong and why */
    public static List<UpstreamSpec> parse(String text) {
        List<UpstreamSpec> specs = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return specs;
        }
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            specs.add(parseEntry(entry.strip()));
        }
        return List.copyOf(specs);
    }

    private static UpstreamSpec parseEntry(String entry) {
        String[] parts = entry.split("\\s+");
        String address = parts[0];
        String host = null;
        String portText = address;
        int colon = address.lastIndexOf(':');
        if (colon >= 0) {
            host = address.substring(0, colon);
            portText = address.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + entry + "\": starts with [host:]port, such as 127.0.0.1:3000");
        }
        String name = null;
        String bundleId = null;
        String root = null;
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String attribute = eq < 0 ? parts[i] : parts[i].substring(0, eq);
            String value = eq < 0 ? "" : parts[i].substring(eq + 1);
            if (value.isEmpty()) {
                throw new IllegalArgumentException("\"" + entry + "\": " + attribute + " needs a value (name=web)");
            }
            switch (attribute) {
                case "name" -> name = value;
                case "bundleId" -> bundleId = value;
                case "root" -> root = value;
                default -> throw new IllegalArgumentException("\"" + entry + "\": unknown attribute " + attribute
                        + " (name, bundleId or root)");
            }
        }
        try {
            return new UpstreamSpec(host, port, root, bundleId, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + entry + "\": " + e.getMessage());
        }
    }
}

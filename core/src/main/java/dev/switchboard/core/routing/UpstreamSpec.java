package dev.switchboard.core.routing;

/**
 * What a dev server says about itself when it registers.
 *
 * @param host     where to connect; null means 127.0.0.1
 * @param port     1..65535
 * @param root     project root, or null
 * @param bundleId app bundle id, or null
 * @param name     human name, or null
 */
public record UpstreamSpec(String host, int port, String root, String bundleId, String name) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    public UpstreamSpec {
        host = blankToNull(host);
        host = host == null ? DEFAULT_HOST : host;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        if (host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '?' || c == '#')) {
            throw new IllegalArgumentException("host must be a host name or address, was \"" + host + "\"");
        }
        root = blankToNull(root);
        bundleId = blankToNull(bundleId);
        name = blankToNull(name);
    }

    public String address() {
        return host + ":" + port;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

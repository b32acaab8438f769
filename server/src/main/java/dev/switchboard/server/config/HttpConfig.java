package dev.switchboard.server.config;

/**
 * The HTTP side of the gateway port: the REST API and plain requests.
 *
 * @param maxRequestSize largest request body accepted, 1KiB..64MiB (larger gets 413)
 * @param apiPrefix      path the API is served under, starting with "/" and without a trailing "/"
 */
public record HttpConfig(long maxRequestSize, String apiPrefix) {

    public static final HttpConfig DEFAULT = new HttpConfig(1024 * 1024, "/api/v1");

    public HttpConfig {
        Checks.size("maxRequestSize", maxRequestSize, 1024, 64L * 1024 * 1024);
        Checks.urlPath("apiPrefix", apiPrefix);
        if (apiPrefix.length() < 2 || apiPrefix.endsWith("/")) {
            // Handlers append "/publish" etc.; a trailing or lone slash would produce "//publish".
            throw ConfigException.invalid("apiPrefix", apiPrefix, "must be a path such as /api/v1, without a trailing \"/\"");
        }
    }
}

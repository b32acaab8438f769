package dev.switchboard.core.routing;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Derives a {@link ClientKey} from request headers, first rule that applies wins:
 * <ol>
 *   <li>the explicit client header ({@code X-Switchboard-Client} by default): {@code header:<value>};</li>
 *   <li>an Expo-style user-agent (matching {@code expoUserAgent}) with the install header ({@code eas-client-id}
 *       by default): {@code eas:<value>};</li>
 *   <li>any user-agent: {@code ua:<full user-agent>};</li>
 *   <li>nothing: {@code anonymous:<remote host>} (an upgrade without cookie, correlation or user-agent).</li>
 * </ol>
 * The app identifier is the {@code ?app=} value when given, else the user-agent's product token (the text
 * before the first {@code /}), else null.
 *
 * @param clientHeader     lower-case name of the explicit client header
 * @param expoUserAgent    a user-agent matching this (find, not full match) is Expo-style
 * @param expoClientHeader lower-case name of the per-install header of Expo-style clients
 */
public record ClientKeyRules(String clientHeader, Pattern expoUserAgent, String expoClientHeader) {

    /** Longest header value taken into a key; longer ones are cut (a key is a map key, not a document). */
    static final int MAX_VALUE = 512;

    /** Prefix of a key from the explicit client header. */
    public static final String HEADER = "header:";

    /** Prefix of a key from the install header of an Expo-style client. */
    public static final String EAS = "eas:";

    /** Prefix of a key from the user-agent alone. */
    public static final String UA = "ua:";

    /** Prefix of the key of a request with no identifying header at all. */
    public static final String ANONYMOUS = "anonymous:";

    public static final ClientKeyRules DEFAULT = new ClientKeyRules("x-switchboard-client",
            Pattern.compile("(?i)expo|exponent"), "eas-client-id");

    public ClientKeyRules {
        clientHeader = Objects.requireNonNull(clientHeader, "clientHeader").strip().toLowerCase(Locale.ROOT);
        Objects.requireNonNull(expoUserAgent, "expoUserAgent");
        expoClientHeader = Objects.requireNonNull(expoClientHeader, "expoClientHeader").strip().toLowerCase(Locale.ROOT);
    }

    public ClientKey derive(RouteRequest request) {
        String ua = clean(request.header("user-agent"));
        String identifier = clean(request.app());
        if (identifier == null) {
            identifier = productToken(ua);
        }
        String explicit = clean(request.header(clientHeader));
        if (explicit != null) {
            return new ClientKey(HEADER + explicit, identifier, clientHeader + " header");
        }
        if (ua != null && expoUserAgent.matcher(ua).find()) {
            String install = clean(request.header(expoClientHeader));
            if (install != null) {
                return new ClientKey(EAS + install, identifier, "Expo user-agent with " + expoClientHeader);
            }
        }
        if (ua != null) {
            return new ClientKey(UA + ua, identifier, "user-agent");
        }
        return new ClientKey(ANONYMOUS + request.remoteHost(), identifier, "no identifying header");
    }

    /** The text before the first {@code /} of a user-agent ({@code MyApp/1 CFNetwork/1.0} → {@code MyApp}). */
    public static String productToken(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        String ua = userAgent.strip();
        int slash = ua.indexOf('/');
        String token = (slash < 0 ? ua : ua.substring(0, slash)).strip();
        int space = token.indexOf(' ');
        if (slash < 0 && space > 0) {
            token = token.substring(0, space);
        }
        return token.isEmpty() ? null : token;
    }

    private static String clean(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        return v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) : v;
    }
}

package dev.switchboard.server.control.method;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The first-call rule of the loopback TCP listener, one gate per connection. The Unix socket is protected by
 * its file mode (0600); a TCP port is not, so there the first call must be
 * {@code system.auth {"apiKey":"…"}} with the gateway's API key. Anything else first (another method, a wrong
 * key, a batch) is answered with -32001 and the connection is closed. Both protocols apply the same rule.
 */
public final class ApiKeyGate {

    public static final String AUTH_METHOD = "system.auth";
    static final Map<String, Object> AUTHENTICATED = Map.of("authenticated", true);

    private final byte[] key;
    private boolean passed;

    public ApiKeyGate(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            throw new IllegalArgumentException("the TCP control listener needs an API key");
        }
        this.key = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    public boolean passed() {
        return passed;
    }

    /**
     * Checks a call before it runs. A correct {@code system.auth} passes the gate and returns its result; any
     * other call returns null once the gate has passed: run it as usual.
     *
     * @throws RpcException -32001 when the call may not run; the caller answers it and closes the connection
     */
    public Object admit(String method, JsonNode params) {
        if (AUTH_METHOD.equals(method)) {
            // Answered here every time on this listener, so a repeat never reaches the Unix socket's no-op.
            JsonNode given = params == null ? null : params.get("apiKey");
            if (given == null || !given.isTextual()
                    || !MessageDigest.isEqual(given.textValue().getBytes(StandardCharsets.UTF_8), key)) {
                throw RpcException.unauthorized("the API key is not valid");
            }
            passed = true;
            return AUTHENTICATED;
        }
        if (!passed) {
            throw RpcException.unauthorized(notYet());
        }
        return null;
    }

    /** The refusal for a first message that cannot be an authentication (a batch, an unreadable frame). */
    public static RpcException notAuthenticated() {
        return RpcException.unauthorized(notYet());
    }

    private static String notYet() {
        return "this listener needs the API key first: make the first call system.auth {\"apiKey\":\"<key>\"} "
                + "(the key is in $SWITCHBOARD_HOME/api-key)";
    }
}

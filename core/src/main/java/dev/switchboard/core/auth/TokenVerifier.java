package dev.switchboard.core.auth;

import dev.switchboard.core.identity.Principal;

/**
 * Establishes who presents a bearer token. Implementations are thread-safe and cheap enough to call on every
 * handshake from an I/O thread: they do no blocking I/O.
 */
public interface TokenVerifier {

    /**
     * @param token the raw token, without any {@code Bearer } prefix; may be null or blank
     * @return the verified principal
     * @throws TokenRejectedException why the token is not accepted; its message is safe to show to the caller
     */
    Principal verify(String token) throws TokenRejectedException;
}

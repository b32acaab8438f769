package dev.switchboard.core.cluster;

/**
 * A shared cluster store (Redis) could not answer, so a decision that needs it (claiming a device) cannot be
 * made now. Doors turn it into a retryable refusal (HTTP 503); the node itself carries on.
 */
public final class ClusterUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

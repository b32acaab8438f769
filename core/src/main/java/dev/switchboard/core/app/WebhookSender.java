package dev.switchboard.core.app;

import java.util.concurrent.CompletableFuture;

/**
 * POSTs a JSON body to an app's webhook. Implemented by the server (timeouts, attempts, backoff); never blocks
 * the caller.
 */
public interface WebhookSender {

    /**
     * @return completes normally when the app answered 2xx (within the configured attempts), exceptionally
     *         with a message saying what went wrong otherwise
     */
    CompletableFuture<Void> post(String url, byte[] json);
}

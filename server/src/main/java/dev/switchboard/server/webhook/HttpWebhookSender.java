package dev.switchboard.server.webhook;

import dev.switchboard.core.app.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs webhook bodies with {@code java.net.http.HttpClient}: each attempt has {@code timeout} (connect and
 * response), a non-2xx answer or an I/O failure is retried up to {@code attempts} in all, with 100 ms, 200 ms, …
 * between them. Its threads are its own ({@code sb-webhook-*}), so a slow app server never holds up a line.
 */
public final class HttpWebhookSender implements WebhookSender, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpWebhookSender.class);
    private static final long BACKOFF_MILLIS = 100;

    private final Duration timeout;
    private final int attempts;
    private final ExecutorService executor;
    private final HttpClient client;

    public HttpWebhookSender(Duration timeout, int attempts) {
        this.timeout = timeout;
        this.attempts = attempts;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "sb-webhook-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public CompletableFuture<Void> post(String url, byte[] json) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "switchboard-webhook")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IOException("bad webhook URL " + url + ": " + e.getMessage()));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        attempt(request, 1, result);
        return result;
    }

    private void attempt(HttpRequest request, int attempt, CompletableFuture<Void> result) {
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            String problem;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                problem = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            } else if (response.statusCode() / 100 == 2) {
                result.complete(null);
                return;
            } else {
                problem = "HTTP " + response.statusCode();
            }
            if (attempt >= attempts) {
                result.completeExceptionally(new IOException("webhook " + request.uri() + " failed after " + attempt
                        + " attempt(s): " + problem));
                return;
            }
            log.debug("webhook {} attempt {} failed ({}); retrying", request.uri(), attempt, problem);
            CompletableFuture.delayedExecutor(BACKOFF_MILLIS * attempt, TimeUnit.MILLISECONDS, executor)
                    .execute(() -> attempt(request, attempt + 1, result));
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

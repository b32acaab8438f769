package dev.switchboard.core.app;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver in memory: records each call and answers ok, or fails while {@code failing} is set. */
final class ScriptedWebhooks implements WebhookSender {

    record Call(String url, String body) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public CompletableFuture<Void> post(String url, byte[] json) {
        calls.add(new Call(url, new String(json, StandardCharsets.UTF_8)));
        return failing ? CompletableFuture.failedFuture(new java.io.IOException("connection refused"))
                : CompletableFuture.completedFuture(null);
    }

    long count(String type) {
        return calls.stream().filter(c -> c.body().contains("\"type\":\"" + type + "\"")).count();
    }
}

package dev.switchboard.bench.ws;

/** Where a run's messages go in: an HTTP endpoint or a control socket. Counts what the server accepted. */
public interface Publisher extends AutoCloseable {

    /** Sends {@code message} now, or as soon as the publisher can. */
    void publish(String message);

    /** Messages handed to {@link #publish}. */
    long submitted();

    /** Publishes the server accepted. */
    long accepted();

    /** Publishes the server refused (or that found no room to wait). */
    long refused();

    /** The first refusal or error, for the report; null when none. */
    String firstError();

    @Override
    void close();
}

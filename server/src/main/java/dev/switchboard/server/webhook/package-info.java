/**
 * The client that calls app webhooks ({@code session_request}, {@code stop_request}): the JDK's HTTP client
 * with a per-attempt timeout, a bounded number of attempts and a short backoff, on its own threads (never an
 * event loop).
 */
package dev.switchboard.server.webhook;

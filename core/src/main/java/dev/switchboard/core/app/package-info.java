/**
 * Third-party apps attached to user sessions (issue 5, "Apps"): the registry of apps (package name, hashed
 * API key, webhook URL), one {@link dev.switchboard.core.app.AppSession} per (user session, package) with its
 * checked state machine, stream subscriptions, the bounded buffer that holds messages while an app
 * reconnects, and {@link dev.switchboard.core.app.AppService}, which implements the device door's
 * {@link dev.switchboard.core.session.AppPort}: start by webhook, connect deadline, stop, stream routing,
 * drop grace, resurrection, recovery after an app server restart.
 *
 * <p>Transport-free: the {@code /app-ws} door adapts a WebSocket to {@link dev.switchboard.core.app.AppLine},
 * the webhook client implements {@link dev.switchboard.core.app.WebhookSender}; frames are built here as small
 * JSON objects by hand ({@link dev.switchboard.core.app.AppFrames}) because core has no JSON library. Sessions
 * are reached only through {@link dev.switchboard.core.session.SessionDirectory} and
 * {@link dev.switchboard.core.session.SessionHandle}. App sessions are keyed by the pair (session id,
 * package name), never by a string made of both, so no id is ever parsed out of another.
 */
package dev.switchboard.core.app;

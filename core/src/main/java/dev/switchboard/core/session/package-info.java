/**
 * User sessions and the apps attached to them: a session outlives drops of its device line (resume with a
 * token, gap-free replay by {@code seq}); apps started by webhook subscribe to the session's streams and
 * talk back to its device. Transport-free: the WebSocket doors ({@code /ws}, {@code /app-ws}) and the
 * webhook client adapt to these types.
 *
 * <p>The seam between the two halves: {@link dev.switchboard.core.session.SessionDirectory} and
 * {@link dev.switchboard.core.session.SessionHandle} (what apps need of sessions), and
 * {@link dev.switchboard.core.session.AppPort} (what the device door hands to apps).
 */
package dev.switchboard.core.session;

/**
 * The app door, {@code GET /app-ws}: an app server's WebSocket for one (user session, app) pair. The line is
 * anonymous until its {@code app_connection_init} (or {@code tpa_connection_init}) names the session, the
 * package and the API key, within the connect deadline; then it carries streams to the app
 * ({@code data_stream} and binary audio) and {@code subscription_update} / {@code display_event} from it.
 * Silent lines are pinged and closed like device lines, and go through the apps feature's drop path.
 */
package dev.switchboard.server.appws;

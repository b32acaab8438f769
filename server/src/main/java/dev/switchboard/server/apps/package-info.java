/**
 * Wiring of the apps feature into a node ({@link dev.switchboard.server.apps.AppsFeature}: the
 * {@code sb-apps} scheduler, the webhook client, the core {@link dev.switchboard.core.app.AppService}), apps
 * registered from the configuration file ({@link dev.switchboard.server.apps.AppRegistrationFile}), and the
 * interim {@link dev.switchboard.server.apps.LineSessionDirectory} (one session per device line) used until the
 * sessions feature provides the node's session directory.
 */
package dev.switchboard.server.apps;

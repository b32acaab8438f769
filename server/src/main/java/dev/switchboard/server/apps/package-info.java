/**
 * Wiring of the apps feature into a node ({@link dev.switchboard.server.apps.AppsFeature}: the
 * {@code sb-apps} scheduler, the webhook client, the core {@link dev.switchboard.core.app.AppService}), apps
 * registered from the configuration file ({@link dev.switchboard.server.apps.AppRegistrationFile}). Sessions
 * come from the node's {@link dev.switchboard.core.session.SessionRegistry}, which hands device frames to the
 * service as its {@link dev.switchboard.core.session.AppPort}.
 */
package dev.switchboard.server.apps;

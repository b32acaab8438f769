/**
 * The device hub: {@link dev.switchboard.core.hub.Hub} keeps the indexes of open
 * {@link dev.switchboard.core.hub.Line}s (by id, device, user, channel) and routes each published
 * {@link dev.switchboard.core.hub.Message} to its {@link dev.switchboard.core.hub.Target}.
 * Transport-free: adapters implement {@code Line}.
 */
package dev.switchboard.core.hub;

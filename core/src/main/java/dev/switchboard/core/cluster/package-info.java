/**
 * The cluster SPI: one small interface per concern ({@link dev.switchboard.core.cluster.Broker},
 * {@link dev.switchboard.core.cluster.PresenceStore}), each with an in-memory implementation in
 * {@code memory/} for a single node. A Redis implementation plugs in here without touching the hub.
 */
package dev.switchboard.core.cluster;

/**
 * Which cluster stores a node runs with: in-memory (embedded, the default) or Redis ({@code cluster.redisUrl}),
 * chosen from configuration in one place, and the control methods that show the cluster.
 */
package dev.switchboard.server.cluster;

/** In-memory implementations of the cluster SPI: what a single node runs with by default. */
package dev.switchboard.core.cluster.memory;

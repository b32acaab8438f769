/** Metrics of the Netty doors, registered on the process's Micrometer registry (Prometheus at /metrics). */
package dev.switchboard.server.metrics;

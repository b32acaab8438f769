/** Load on the control socket: calls per second over one Unix socket, JSON-RPC and binary. */
package dev.switchboard.bench.control;

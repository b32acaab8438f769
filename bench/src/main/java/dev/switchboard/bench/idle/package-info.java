/** Idle lines: what an authenticated, silent WebSocket line costs the server. */
package dev.switchboard.bench.idle;

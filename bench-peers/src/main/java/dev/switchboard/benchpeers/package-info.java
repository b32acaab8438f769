/**
 * Peer servers for {@code ./switchboard bench compare}, each following the peer contract of bench/README.md:
 * subscribers on {@code ws://127.0.0.1:PORT/sub}, publishes by {@code POST /pub}, each body sent unchanged to
 * every subscriber; one event loop each, so every server gets the same CPU budget.
 */
package dev.switchboard.benchpeers;

/**
 * The proxy scenario: {@code wrk} (Debian package) against an upstream directly and through reverse proxies,
 * its output parsed into requests/s and latency; a one-shot control-socket call to register the upstream with
 * Switchboard's dev proxy.
 */
package dev.switchboard.bench.proxy;

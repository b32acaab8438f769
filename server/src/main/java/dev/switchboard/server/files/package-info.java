/**
 * Files the daemon keeps in its home between runs ({@code upstreams.json}, {@code apps.json}): the one way to
 * write them, {@link dev.switchboard.server.files.AtomicJsonWriter}.
 */
package dev.switchboard.server.files;

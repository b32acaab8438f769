/** The HTTP API door ({@code /api/v1}): thin adapter from JSON requests to the core services. */
package dev.switchboard.server.api;

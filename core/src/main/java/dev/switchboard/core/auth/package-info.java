/**
 * Authentication of connecting parties: turns a bearer token (a JWT) into a verified
 * {@link dev.switchboard.core.identity.Principal}, or into a {@link dev.switchboard.core.auth.TokenRejectedException}
 * whose {@link dev.switchboard.core.auth.TokenRejectedException.Reason#code() code} and message can be sent back in an
 * HTTP 401 before any upgrade. It also holds what the CLI and the daemon need around tokens: minting HS256 tokens for
 * development ({@link dev.switchboard.core.auth.TokenMinter}), loading configured keys
 * ({@link dev.switchboard.core.auth.KeyMaterial}) and the secret generated on first start
 * ({@link dev.switchboard.core.auth.GeneratedSecret}). Nothing here knows about Netty or HTTP.
 */
package dev.switchboard.core.auth;

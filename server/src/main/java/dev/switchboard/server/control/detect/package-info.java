/**
 * Protocol detection for control connections: {@link dev.switchboard.server.control.detect.ProtocolDetector} looks at
 * the first bytes without consuming them and leaves the pipeline to exactly one protocol's handlers.
 */
package dev.switchboard.server.control.detect;

package dev.switchboard.client.control;

/** Which of the control socket's two protocols a client speaks (the daemon detects it per connection). */
public enum ControlMode {
    /** JSON-RPC 2.0, one JSON object per line. Readable with {@code nc -U}; the default. */
    JSON_RPC,
    /** The binary framed protocol: 16-byte header, JSON or raw payloads. Faster; raw bytes need no base64. */
    BINARY
}

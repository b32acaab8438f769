package dev.switchboard.server.control.detect;

/** The two protocols a control connection can speak; decided once per connection by {@link ProtocolDetector}. */
public enum ControlProtocol {
    /** JSON-RPC 2.0, one JSON text per line; the first non-blank byte is {@code {} or {@code [}. */
    JSONRPC("jsonrpc"),
    /** The framed binary protocol; the first byte is {@code 0xB5}. */
    BINARY("binary");

    private final String tag;

    ControlProtocol(String tag) {
        this.tag = tag;
    }

    /** The lower-case name used in metrics and logs. */
    public String tag() {
        return tag;
    }
}

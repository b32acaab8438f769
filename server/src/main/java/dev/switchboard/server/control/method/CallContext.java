package dev.switchboard.server.control.method;

/**
 * What a method may know about the call besides its params: which protocol it came in on, and the raw bytes
 * of a binary raw payload (null otherwise). Calls without raw bytes share the constants, so an ordinary call
 * allocates no context.
 *
 * @param protocol {@code jsonrpc} or {@code binary}
 * @param raw      the bytes after the params in a binary raw payload (flag bit 0), or null
 */
public record CallContext(String protocol, byte[] raw) {

    public static final String JSONRPC_PROTOCOL = "jsonrpc";
    public static final String BINARY_PROTOCOL = "binary";
    public static final CallContext JSONRPC = new CallContext(JSONRPC_PROTOCOL, null);
    public static final CallContext BINARY = new CallContext(BINARY_PROTOCOL, null);

    public static CallContext binaryRaw(byte[] raw) {
        return new CallContext(BINARY_PROTOCOL, raw);
    }

    public boolean hasRaw() {
        return raw != null;
    }
}

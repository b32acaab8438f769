package dev.switchboard.client.control;

/**
 * The binary control protocol's fixed layout (docs/control-protocol.md), shared by the daemon's codec and
 * the client's so the two are built from one definition. Every frame has a 16-byte big-endian header:
 * magic {@code B5 42}, version, kind, request id (u32), flags (u32), payload length (u32).
 */
public final class ControlWire {

    public static final int MAGIC = 0xB542;
    /** The first byte on the wire, which is how the daemon tells a binary client from a JSON-RPC one. */
    public static final byte FIRST_BYTE = (byte) 0xB5;
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 16;
    public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;

    public static final int KIND_REQUEST = 1;
    public static final int KIND_RESPONSE = 2;
    public static final int KIND_EVENT = 3;
    public static final int KIND_ERROR = 4;

    /** Flag bit 0: the payload is raw (u16 method length, method, u32 params length, params JSON, bytes). */
    public static final int FLAG_RAW = 1;

    // JSON-RPC 2.0 error codes, used by both protocols.
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    // Server codes (-32000..-32099).
    public static final int UNAUTHORIZED = -32001;
    public static final int NOT_FOUND = -32002;
    public static final int PAYLOAD_TOO_LARGE = -32003;
    public static final int UNAVAILABLE = -32004;

    private ControlWire() {
    }
}

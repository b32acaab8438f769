/**
 * JSON-RPC 2.0 over the control socket, one JSON text per line (NDJSON): framing with Netty's line decoder,
 * {@link dev.switchboard.server.control.jsonrpc.JsonRpcProcessor} for the spec's rules (notifications, batches, error
 * codes), {@link dev.switchboard.server.control.jsonrpc.JsonRpcHandler} for the connection and
 * {@link dev.switchboard.server.control.jsonrpc.JsonRpcReplyEncoder} for the replies.
 */
package dev.switchboard.server.control.jsonrpc;

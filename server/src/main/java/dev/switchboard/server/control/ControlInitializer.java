package dev.switchboard.server.control;

import dev.switchboard.server.control.binary.BinaryFrameDecoder;
import dev.switchboard.server.control.binary.BinaryFrameEncoder;
import dev.switchboard.server.control.binary.BinaryRequestHandler;
import dev.switchboard.server.control.detect.ControlProtocol;
import dev.switchboard.server.control.detect.ProtocolDetector;
import dev.switchboard.server.control.detect.ProtocolSwitch;
import dev.switchboard.server.control.jsonrpc.JsonRpcHandler;
import dev.switchboard.server.control.jsonrpc.JsonRpcProcessor;
import dev.switchboard.server.control.jsonrpc.JsonRpcReplyEncoder;
import dev.switchboard.server.control.method.ApiKeyGate;
import dev.switchboard.server.control.method.CallDispatcher;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.util.List;

/**
 * A new control connection starts with the {@link ProtocolDetector} alone; once it knows the protocol, that
 * protocol's handlers are installed and nothing else. One instance per listener: the TCP listener's
 * connections each get an {@link ApiKeyGate}, the Unix socket's do not.
 */
@ChannelHandler.Sharable
final class ControlInitializer extends ChannelInitializer<Channel> implements ProtocolSwitch {

    static final String DETECTOR = "control-detector";
    static final String JSONRPC_FRAMER = "jsonrpc-framer";
    static final String JSONRPC_ENCODER = "jsonrpc-encoder";
    static final String JSONRPC_HANDLER = "jsonrpc-handler";
    static final String BINARY_ENCODER = "binary-encoder";
    static final String BINARY_DECODER = "binary-decoder";
    static final String BINARY_HANDLER = "binary-handler";
    static final List<String> JSONRPC_HANDLERS = List.of(JSONRPC_FRAMER, JSONRPC_ENCODER, JSONRPC_HANDLER);
    static final List<String> BINARY_HANDLERS = List.of(BINARY_ENCODER, BINARY_DECODER, BINARY_HANDLER);
    /** Blank lines before the first request are harmless; this many of them is not a client. */
    static final int MAX_LEADING_BLANKS = 64 * 1024;

    private final ControlSettings settings;
    private final CallDispatcher dispatcher;
    private final ControlConnections connections;
    private final String apiKey;
    private final JsonRpcReplyEncoder jsonEncoder = new JsonRpcReplyEncoder();
    private final BinaryFrameEncoder binaryEncoder;

    /** @param apiKey the key the first call must carry, or null for no first-call rule (the Unix socket) */
    ControlInitializer(ControlSettings settings, CallDispatcher dispatcher, ControlConnections connections,
                       String apiKey) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.connections = connections;
        this.apiKey = apiKey;
        this.binaryEncoder = new BinaryFrameEncoder(settings.maxPayload());
    }

    @Override
    protected void initChannel(Channel channel) {
        connections.accepted(channel);
        channel.pipeline().addLast(DETECTOR,
                new ProtocolDetector(this, settings.silenceTimeout(), MAX_LEADING_BLANKS));
    }

    @Override
    public void install(ChannelPipeline pipeline, ControlProtocol protocol) {
        connections.detected(pipeline.channel(), protocol);
        ApiKeyGate gate = apiKey == null ? null : new ApiKeyGate(apiKey);
        if (protocol == ControlProtocol.JSONRPC) {
            pipeline.addLast(JSONRPC_FRAMER, new LineBasedFrameDecoder(settings.maxLineLength(), true, false));
            pipeline.addLast(JSONRPC_ENCODER, jsonEncoder);
            pipeline.addLast(JSONRPC_HANDLER, new JsonRpcHandler(new JsonRpcProcessor(dispatcher, gate),
                    settings.maxLineLength()));
        } else {
            pipeline.addLast(BINARY_ENCODER, binaryEncoder);
            pipeline.addLast(BINARY_DECODER, new BinaryFrameDecoder(settings.maxPayload()));
            pipeline.addLast(BINARY_HANDLER, new BinaryRequestHandler(dispatcher, gate));
        }
    }

    @Override
    public void rejected(ChannelPipeline pipeline, String reason) {
        connections.refused(reason);
    }
}

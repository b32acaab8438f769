package dev.switchboard.bench.ws;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * One server as the load generator drives it: where subscriber {@code i} connects and what it speaks, and
 * where and how a message is published. The peer contract (bench/README.md): subscribers connect to
 * {@code ws://127.0.0.1:PORT/sub}, a message is published by {@code POST http://127.0.0.1:PORT/pub} with the
 * message as the body, and the server sends that body unchanged to every subscriber as one text frame.
 * Switchboard and Socket.IO servers differ only in their own framing, adapted here.
 */
public record Target(String name, IntFunction<URI> subscriber, WireProtocol protocol, URI publish,
                     Map<String, String> headers, UnaryOperator<String> body) {

    /** A server that follows the peer contract on {@code port}. */
    public static Target peer(String name, int port) {
        return new Target(name, i -> URI.create("ws://127.0.0.1:" + port + "/sub"), WireProtocol.plain(),
                URI.create("http://127.0.0.1:" + port + "/pub"), Map.of(), UnaryOperator.identity());
    }

    /**
     * A Socket.IO 4 server on {@code port} that emits each body POSTed to {@code publish} as event
     * {@code msg} to every socket.
     */
    public static Target socketIo(String name, int port, URI publish) {
        return new Target(name, i -> URI.create("ws://127.0.0.1:" + port + EngineIo.PATH), WireProtocol.socketIo(),
                publish, Map.of(), UnaryOperator.identity());
    }

    /**
     * Switchboard on {@code port}: device lines on {@code /ws?token=…} subscribed to {@code channel},
     * publishes through the HTTP API with the API key.
     */
    public static Target switchboard(int port, IntFunction<String> tokens, String apiKey, String channel) {
        return new Target("switchboard", i -> URI.create("ws://127.0.0.1:" + port + "/ws?token=" + tokens.apply(i)),
                WireProtocol.switchboardChannel(channel), URI.create("http://127.0.0.1:" + port + "/api/v1/publish"),
                Map.of("Authorization", "Bearer " + apiKey),
                message -> "{\"channel\":\"" + channel + "\",\"data\":" + message + "}");
    }

    /**
     * Switchboard on {@code port} with {@code devices} device lines ({@code devices.apply(i)} is line i's
     * device id); each message is published, through the HTTP API or as {@code hub.publish} params, to one
     * device picked at random.
     */
    public static Target switchboardDevices(int port, IntFunction<String> tokens, String apiKey, int count,
                                            IntFunction<String> devices) {
        return new Target("switchboard", i -> URI.create("ws://127.0.0.1:" + port + "/ws?token=" + tokens.apply(i)),
                WireProtocol.switchboardDevice(), URI.create("http://127.0.0.1:" + port + "/api/v1/publish"),
                Map.of("Authorization", "Bearer " + apiKey),
                message -> "{\"device\":\"" + devices.apply(ThreadLocalRandom.current().nextInt(count))
                        + "\",\"data\":" + message + "}");
    }
}

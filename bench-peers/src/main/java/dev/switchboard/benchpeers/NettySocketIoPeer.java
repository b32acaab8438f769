package dev.switchboard.benchpeers;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * What a Java team picks for Socket.IO: netty-socketio with one boss and one worker thread, WebSocket
 * transport only. It owns its port, so publishes arrive on a second port ({@code POST /pub}, the JDK's HTTP
 * server) and are emitted as event {@code msg} to every client through the broadcast operations.
 */
public final class NettySocketIoPeer {

    private NettySocketIoPeer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int publishPort = Integer.parseInt(args[1]);
        Configuration config = new Configuration();
        config.setHostname("127.0.0.1");
        config.setPort(port);
        config.setBossThreads(1);
        config.setWorkerThreads(1);
        config.setTransports(Transport.WEBSOCKET);
        config.setUseLinuxNativeEpoll(true);
        SocketIOServer server = new SocketIOServer(config);
        server.start();

        ObjectMapper json = new ObjectMapper();
        HttpServer publish = HttpServer.create(new InetSocketAddress("127.0.0.1", publishPort), 128);
        publish.createContext("/pub", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                Object data = json.readValue(body, Map.class);
                server.getBroadcastOperations().sendEvent("msg", data);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        publish.start();
        System.out.println("listening on port " + port);
    }
}

package dev.switchboard.benchpeers;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a Vert.x 5 team writes for broadcast: one event loop, a set of open ServerWebSockets, and
 * {@code POST /pub} writing the body to each as a text message.
 */
public final class VertxPeer {

    private VertxPeer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setPreferNativeTransport(true));
        // everything below runs on the one event loop, so a plain set is safe
        Set<ServerWebSocket> sockets = new LinkedHashSet<>();
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setAcceptBacklog(4096)
                        .setTcpNoDelay(true))
                .webSocketHandler(ws -> {
                    if (!ws.path().equals("/sub")) {
                        ws.close((short) 1008);
                        return;
                    }
                    sockets.add(ws);
                    ws.closeHandler(v -> sockets.remove(ws));
                })
                .requestHandler(request -> {
                    if (request.method() == HttpMethod.POST && request.path().equals("/pub")) {
                        request.body().onSuccess(body -> {
                            String text = body.toString();
                            for (ServerWebSocket ws : sockets) {
                                ws.writeTextMessage(text);
                            }
                            request.response().end();
                        });
                    } else {
                        request.response().setStatusCode(404).end();
                    }
                })
                .listen().await();
        System.out.println("listening on port " + port);
    }
}

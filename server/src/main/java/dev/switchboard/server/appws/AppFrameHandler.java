package dev.switchboard.server.appws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.app.AppService;
import dev.switchboard.core.app.AppSession;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an app line: the init handshake (with its deadline), then the app's messages. Runs on
 * the line's event loop only, so its fields need no locks.
 */
final class AppFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger log = LoggerFactory.getLogger(AppFrameHandler.class);
    static final int POLICY_VIOLATION = 1008;

    private final AppChannelLine line;
    private final AppService apps;
    private final ObjectMapper json;
    private final Duration initDeadline;
    private final Consumer<AppChannelLine> onClosed;
    private ScheduledFuture<?> initTimer;
    private AppSession app;

    AppFrameHandler(AppChannelLine line, AppService apps, ObjectMapper json, Duration initDeadline,
                    Consumer<AppChannelLine> onClosed) {
        this.line = line;
        this.apps = apps;
        this.json = json;
        this.initDeadline = initDeadline;
        this.onClosed = onClosed;
    }

    /** Called once the 101 is written: the init clock starts. */
    void opened(ChannelHandlerContext ctx) {
        initTimer = ctx.executor().schedule(() -> {
            if (app == null && !line.isClosing()) {
                refuse(ctx, "init_timeout", "no app_connection_init within " + initDeadline.toMillis() + " ms");
            }
        }, initDeadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    AppSession app() {
        return app;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        line.heard();
        if (frame instanceof TextWebSocketFrame text) {
            onText(ctx, text.text());
        } else if (frame instanceof BinaryWebSocketFrame) {
            error(ctx, "unsupported", "apps send JSON text frames; binary frames go from devices to apps only");
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()), ctx.voidPromise());
        } else if (frame instanceof CloseWebSocketFrame close) {
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                    .addListener(f -> ctx.close());
        }
    }

    private void onText(ChannelHandlerContext ctx, String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JsonProcessingException e) {
            if (app == null) {
                refuse(ctx, "malformed_init", "not valid JSON: " + e.getOriginalMessage());
            } else {
                error(ctx, "bad_json", "not valid JSON: " + e.getOriginalMessage());
            }
            return;
        }
        String type = message != null && message.isObject() && message.path("type").isTextual()
                ? message.get("type").asText() : null;
        if (app == null) {
            if ("app_connection_init".equals(type) || "tpa_connection_init".equals(type)) {
                init(ctx, message);
            } else {
                refuse(ctx, "malformed_init", "the first message must be app_connection_init {sessionId, "
                        + "packageName, apiKey}");
            }
            return;
        }
        if (type == null) {
            error(ctx, "bad_request", "messages are JSON objects with a string \"type\"");
            return;
        }
        switch (type) {
            case "subscription_update" -> subscriptions(ctx, message);
            case "display_event" -> display(ctx, (ObjectNode) message);
            case "ping" -> send(ctx, object("pong"));
            case "app_connection_init", "tpa_connection_init" ->
                    error(ctx, "already_initialized", "this line already carries " + app.packageName());
            default -> error(ctx, "unknown_type", "unknown message type " + type
                    + "; apps send subscription_update, display_event, ping");
        }
    }

    private void init(ChannelHandlerContext ctx, JsonNode message) {
        String sessionId = textOf(message, "sessionId");
        String packageName = textOf(message, "packageName");
        String apiKey = textOf(message, "apiKey");
        if (sessionId == null || packageName == null || apiKey == null) {
            refuse(ctx, "malformed_init", "app_connection_init needs string fields sessionId, packageName, apiKey");
            return;
        }
        AppService.ConnectResult result = apps.connect(line, sessionId, packageName, apiKey);
        if (result instanceof AppService.Accepted accepted) {
            app = accepted.app();
            cancelInit();
            log.info("[{}] app {} attached to session {}", line.id(), packageName, sessionId);
        } else if (result instanceof AppService.Refused refused) {
            log.info("[{}] app_connection_init refused: {} ({})", line.id(), refused.code(), refused.message());
            refuse(ctx, refused.code(), refused.message());
        }
    }

    private void subscriptions(ChannelHandlerContext ctx, JsonNode message) {
        JsonNode list = message.get("subscriptions");
        if (list == null || !list.isArray()) {
            error(ctx, "invalid_subscription", "subscription_update needs \"subscriptions\": [stream names]");
            return;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : list) {
            names.add(name.isTextual() ? name.asText() : name.toString());
        }
        try {
            Set<String> now = apps.subscribe(app, line, names);
            ObjectNode ack = object("subscription_ack");
            ArrayNode array = ack.putArray("subscriptions");
            now.forEach(array::add);
            send(ctx, ack);
        } catch (IllegalArgumentException e) {
            error(ctx, "invalid_subscription", e.getMessage());
        } catch (IllegalStateException e) {
            error(ctx, "not_attached", e.getMessage());
        }
    }

    private void display(ChannelHandlerContext ctx, ObjectNode message) {
        // The device is told which app speaks; the app cannot pose as another.
        ObjectNode frame = json.createObjectNode();
        frame.put("type", "display_event");
        frame.put("packageName", app.packageName());
        message.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("type") && !field.getKey().equals("packageName")) {
                frame.set(field.getKey(), field.getValue());
            }
        });
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            error(ctx, "bad_request", "display_event could not be serialised");
            return;
        }
        if (!apps.display(app, line, bytes)) {
            error(ctx, "not_attached", "the session is gone or this line no longer carries " + app.packageName());
        }
    }

    private void refuse(ChannelHandlerContext ctx, String code, String message) {
        cancelInit();
        ObjectNode error = object("app_connection_error");
        error.put("code", code);
        error.put("message", message);
        send(ctx, error);
        line.close(POLICY_VIOLATION, code);
    }

    private void error(ChannelHandlerContext ctx, String code, String message) {
        ObjectNode error = object("error");
        error.put("code", code);
        error.put("message", message);
        send(ctx, error);
    }

    private ObjectNode object(String type) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        return node;
    }

    private void send(ChannelHandlerContext ctx, ObjectNode node) {
        try {
            line.sendText(json.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String textOf(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private void cancelInit() {
        if (initTimer != null) {
            initTimer.cancel(false);
            initTimer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelInit();
        onClosed.accept(line);
        if (app != null) {
            apps.lineClosed(app, line);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            line.close(1009, "message too big");
        } else {
            log.debug("[{}] app line failed: {}", line.id(), cause.toString());
            ctx.close();
        }
    }
}

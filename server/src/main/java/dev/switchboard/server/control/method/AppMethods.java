package dev.switchboard.server.control.method;

import dev.switchboard.core.app.AppRegistration;
import dev.switchboard.core.app.AppService;
import dev.switchboard.server.api.AppViews;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code app.*}: the apps feature from the control socket, answering as {@code /api/v1/apps} does. */
public final class AppMethods {

    /** Params of {@code app.register}. */
    public record RegisterParams(String packageName, String apiKey, String webhookUrl) {
    }

    /** Params of {@code app.start} and {@code app.stop}. */
    public record SessionAppParams(String sessionId, String packageName) {
    }

    /** Params of {@code app.recover}. */
    public record RecoverParams(String packageName) {
    }

    private AppMethods() {
    }

    public static void register(MethodRegistry methods, AppService apps, Clock clock) {
        methods.register("app.register", RegisterParams.class, "{packageName, apiKey, webhookUrl}",
                "registers (or re-keys) an app; the key is stored hashed: {packageName, created, ...}", (p, ctx) -> {
                    AppRegistration app;
                    try {
                        app = AppRegistration.create(p.packageName(), p.apiKey(), p.webhookUrl(), clock.instant());
                    } catch (IllegalArgumentException e) {
                        throw RpcException.invalidParams(e.getMessage());
                    }
                    boolean created;
                    try {
                        created = apps.registry().register(app);
                    } catch (IllegalStateException full) {
                        throw RpcException.unavailable(full.getMessage());
                    }
                    Map<String, Object> answer = new LinkedHashMap<>(AppViews.view(apps, app));
                    answer.put("created", created);
                    return answer;
                });
        methods.register("app.start", SessionAppParams.class, "{sessionId, packageName}",
                "starts an app for a session (session_request webhook): {started, state}", (p, ctx) -> {
                    require(p.sessionId(), "sessionId");
                    require(p.packageName(), "packageName");
                    return switch (apps.startApp(p.sessionId(), p.packageName())) {
                        case STARTED -> Map.of("started", true, "state", "LOADING");
                        case ALREADY_RUNNING -> throw RpcException.invalidParams(
                                p.packageName() + " is already running in session " + p.sessionId()
                                        + "; no second webhook was sent");
                        case UNKNOWN_APP -> throw RpcException.notFound("no app is registered as " + p.packageName());
                        case NO_SESSION -> throw RpcException.notFound("no session " + p.sessionId());
                        case TOO_MANY_APPS -> throw RpcException.invalidParams("session " + p.sessionId()
                                + " runs as many apps as it may");
                    };
                });
        methods.register("app.stop", SessionAppParams.class, "{sessionId, packageName}",
                "stops an app in a session: stop webhook, line closed 1000, device told app_stopped", (p, ctx) -> {
                    require(p.sessionId(), "sessionId");
                    require(p.packageName(), "packageName");
                    return switch (apps.stopApp(p.sessionId(), p.packageName())) {
                        case STOPPED -> Map.of("stopped", true);
                        case NOT_RUNNING -> throw RpcException.notFound(p.packageName() + " is not running in session "
                                + p.sessionId());
                        case NO_SESSION -> throw RpcException.notFound("no session " + p.sessionId());
                    };
                });
        methods.register("app.recover", RecoverParams.class, "{packageName}",
                "after an app server restart: session_request again wherever the app should run: {sent}", (p, ctx) -> {
                    require(p.packageName(), "packageName");
                    if (apps.registry().find(p.packageName()).isEmpty()) {
                        throw RpcException.notFound("no app is registered as " + p.packageName());
                    }
                    return Map.of("packageName", p.packageName(), "sent", apps.recover(p.packageName()));
                });
        methods.register("app.list", NoParams.class, "{}",
                "registered apps and where they run: {total, apps: [{packageName, webhookUrl, sessions: [...]}]}",
                (p, ctx) -> AppViews.listing(apps));
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw RpcException.invalidParams(field + " is required");
        }
    }
}

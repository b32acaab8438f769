package dev.switchboard.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.app.AppRegistration;
import dev.switchboard.core.app.AppService;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The apps resources of the HTTP API: {@code GET|POST /apps}, {@code POST /apps/{package}/recover},
 * {@code POST /sessions/{id}/apps} (start) and {@code DELETE /sessions/{id}/apps/{package}} (stop).
 */
public final class AppsApi {

    /** What a resource answered: status and JSON body. */
    public record Answer(HttpResponseStatus status, Object body) {
    }

    private final AppService apps;
    private final Clock clock;

    public AppsApi(AppService apps, Clock clock) {
        this.apps = apps;
        this.clock = clock;
    }

    /** Whether {@code resource} (the path after the API prefix) is one of these. */
    public static boolean handles(String resource) {
        return resource.equals("/apps") || resource.startsWith("/apps/") || appsOfSession(resource) != null;
    }

    /** @param body supplies the parsed request body (only called for methods that take one) */
    public Answer handle(HttpMethod method, String resource, java.util.function.Supplier<JsonNode> body) {
        if (resource.equals("/apps")) {
            if (HttpMethod.POST.equals(method)) {
                return register(body.get());
            }
            require(method, HttpMethod.GET);
            return new Answer(HttpResponseStatus.OK, AppViews.listing(apps));
        }
        if (resource.startsWith("/apps/") && resource.endsWith("/recover")) {
            require(method, HttpMethod.POST);
            String packageName = resource.substring("/apps/".length(), resource.length() - "/recover".length());
            if (apps.registry().find(packageName).isEmpty()) {
                throw notFound("unknown_app", "no app is registered as " + packageName);
            }
            return new Answer(HttpResponseStatus.OK, Map.of("packageName", packageName, "sent",
                    apps.recover(packageName)));
        }
        if (resource.startsWith("/apps/")) {
            require(method, HttpMethod.GET);
            String packageName = resource.substring("/apps/".length());
            AppRegistration app = apps.registry().find(packageName)
                    .orElseThrow(() -> notFound("unknown_app", "no app is registered as " + packageName));
            return new Answer(HttpResponseStatus.OK, AppViews.view(apps, app));
        }
        String[] sessionAndPackage = appsOfSession(resource);
        String sessionId = sessionAndPackage[0];
        if (sessionAndPackage[1] == null) {
            require(method, HttpMethod.POST);
            JsonNode request = body.get();
            String packageName = request != null && request.path("packageName").isTextual()
                    ? request.get("packageName").asText() : null;
            if (packageName == null) {
                throw ApiException.badRequest("bad_request", "body must be {\"packageName\": string}");
            }
            return started(apps.startApp(sessionId, packageName), sessionId, packageName);
        }
        require(method, HttpMethod.DELETE);
        String packageName = sessionAndPackage[1];
        return switch (apps.stopApp(sessionId, packageName)) {
            case STOPPED -> new Answer(HttpResponseStatus.OK, Map.of("stopped", true));
            case NOT_RUNNING -> throw notFound("app_not_running", packageName + " is not running in session "
                    + sessionId);
            case NO_SESSION -> throw notFound("no_session", "no session " + sessionId);
        };
    }

    private Answer register(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("bad_request", "body must be {packageName, apiKey, webhookUrl}");
        }
        AppRegistration app;
        try {
            app = AppRegistration.create(text(body, "packageName"), text(body, "apiKey"), text(body, "webhookUrl"),
                    clock.instant());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_app", e.getMessage());
        }
        boolean created;
        try {
            created = apps.registry().register(app);
        } catch (IllegalStateException full) {
            throw new ApiException(HttpResponseStatus.INSUFFICIENT_STORAGE, "registry_full", full.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>(AppViews.view(apps, app));
        answer.put("created", created);
        return new Answer(created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, answer);
    }

    static Answer started(AppService.StartOutcome outcome, String sessionId, String packageName) {
        return switch (outcome) {
            case STARTED -> new Answer(HttpResponseStatus.ACCEPTED, Map.of("started", true, "sessionId", sessionId,
                    "packageName", packageName, "state", "LOADING"));
            case ALREADY_RUNNING -> throw new ApiException(HttpResponseStatus.CONFLICT, "already_running",
                    packageName + " is already running in session " + sessionId + "; no second webhook was sent");
            case UNKNOWN_APP -> throw notFound("unknown_app", "no app is registered as " + packageName);
            case NO_SESSION -> throw notFound("no_session", "no session " + sessionId);
            case TOO_MANY_APPS -> throw new ApiException(HttpResponseStatus.CONFLICT, "too_many_apps",
                    "session " + sessionId + " runs as many apps as it may");
        };
    }

    /** {@code /sessions/{id}/apps} → [id, null]; {@code /sessions/{id}/apps/{package}} → [id, package]; else null. */
    private static String[] appsOfSession(String resource) {
        if (!resource.startsWith("/sessions/")) {
            return null;
        }
        String rest = resource.substring("/sessions/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String id = rest.substring(0, slash);
        String tail = rest.substring(slash);
        if (tail.equals("/apps")) {
            return new String[] {id, null};
        }
        if (tail.startsWith("/apps/") && tail.length() > "/apps/".length() && tail.indexOf('/', 6) < 0) {
            return new String[] {id, tail.substring("/apps/".length())};
        }
        return null;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static ApiException notFound(String code, String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, code, message);
    }

    private static void require(HttpMethod actual, HttpMethod expected) {
        if (!expected.equals(actual)) {
            throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "use " + expected.name() + " for this resource");
        }
    }
}

package dev.switchboard.server.api;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request the API refuses, with the status, error code and sentence the client will see. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String code;

    public ApiException(HttpResponseStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, code, message);
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}

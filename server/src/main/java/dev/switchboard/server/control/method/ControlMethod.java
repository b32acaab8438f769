package dev.switchboard.server.control.method;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One control method, written once and served by both protocols: its {@code area.verb} name, the record its
 * params are bound to (by Jackson, unknown fields refused), a one-line params summary and description for
 * {@code system.methods}, and the body that runs on the connection's event loop.
 *
 * <p>A method whose params type is {@link com.fasterxml.jackson.databind.JsonNode} receives the params
 * object as it came (an empty object when none were given) and validates it itself.
 *
 * @param <P> the params record
 */
public final class ControlMethod<P> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9]*\\.[a-z][a-zA-Z0-9]*");

    /** The work a method does. Throw {@link RpcException} for answers the caller should read. */
    @FunctionalInterface
    public interface Body<P> {
        Object call(P params, CallContext ctx);
    }

    private final String name;
    private final Class<P> paramsType;
    private final String paramsSummary;
    private final String description;
    private final boolean acceptsRaw;
    private final Body<P> body;

    private ControlMethod(String name, Class<P> paramsType, String paramsSummary, String description,
                          boolean acceptsRaw, Body<P> body) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("method name must be area.verb in lower camel case, was " + name);
        }
        this.name = name;
        this.paramsType = Objects.requireNonNull(paramsType, "paramsType");
        this.paramsSummary = Objects.requireNonNull(paramsSummary, "paramsSummary");
        this.description = Objects.requireNonNull(description, "description");
        this.acceptsRaw = acceptsRaw;
        this.body = Objects.requireNonNull(body, "body");
    }

    public static <P> ControlMethod<P> of(String name, Class<P> paramsType, String paramsSummary, String description,
                                          Body<P> body) {
        return new ControlMethod<>(name, paramsType, paramsSummary, description, false, body);
    }

    /** The same method, also callable with a binary raw payload (the bytes arrive in {@link CallContext#raw()}). */
    public ControlMethod<P> acceptingRaw() {
        return new ControlMethod<>(name, paramsType, paramsSummary, description, true, body);
    }

    public Object call(P params, CallContext ctx) {
        return body.call(params, ctx);
    }

    public String name() {
        return name;
    }

    public Class<P> paramsType() {
        return paramsType;
    }

    public String paramsSummary() {
        return paramsSummary;
    }

    public String description() {
        return description;
    }

    public boolean acceptsRaw() {
        return acceptsRaw;
    }

    @Override
    public String toString() {
        return name + " " + paramsSummary;
    }
}

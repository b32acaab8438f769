package dev.switchboard.server.control.method;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every control method by name. One registry serves both protocols, so a method is written once and reached
 * the same way over JSON-RPC and binary. Registering is one line:
 *
 * <pre>{@code
 * methods.register("cable.list", NoParams.class, "{}", "lists the cables", (p, ctx) -> cables.list());
 * }</pre>
 *
 * Safe to register from any thread, also while the socket serves calls.
 */
public final class MethodRegistry {

    private final Map<String, Registered<?>> methods = new ConcurrentHashMap<>();

    /** A method with its params binder, as the dispatcher calls it. */
    static final class Registered<P> {
        final ControlMethod<P> method;
        final ParamsBinder<P> binder;

        Registered(ControlMethod<P> method) {
            this.method = method;
            this.binder = new ParamsBinder<>(method.paramsType());
        }
    }

    /** @throws IllegalStateException when a method of that name is already registered */
    public <P> MethodRegistry register(ControlMethod<P> method) {
        Registered<P> entry = new Registered<>(method);
        if (methods.putIfAbsent(method.name(), entry) != null) {
            throw new IllegalStateException("control method " + method.name() + " is already registered");
        }
        return this;
    }

    public <P> MethodRegistry register(String name, Class<P> paramsType, String paramsSummary, String description,
                                       ControlMethod.Body<P> body) {
        return register(ControlMethod.of(name, paramsType, paramsSummary, description, body));
    }

    public Optional<ControlMethod<?>> lookup(String name) {
        Registered<?> entry = methods.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.method);
    }

    Registered<?> find(String name) {
        return methods.get(name);
    }

    /** Every method sorted by name, as {@code system.methods} shows them: {name, params, description}. */
    public List<Map<String, Object>> list() {
        List<ControlMethod<?>> sorted = new ArrayList<>();
        methods.values().forEach(entry -> sorted.add(entry.method));
        sorted.sort(Comparator.comparing(ControlMethod::name));
        List<Map<String, Object>> listing = new ArrayList<>(sorted.size());
        for (ControlMethod<?> method : sorted) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", method.name());
            row.put("params", method.paramsSummary());
            row.put("description", method.description());
            listing.add(row);
        }
        return listing;
    }

    public int size() {
        return methods.size();
    }
}

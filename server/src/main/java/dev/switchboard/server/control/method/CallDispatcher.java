package dev.switchboard.server.control.method;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one call for either protocol: finds the method, binds its params, calls it, times it. Everything that
 * goes wrong comes out as an {@link RpcException}; an unexpected exception is logged here with its stack
 * trace and reaches the caller only as a -32603 that says where to look.
 *
 * <p>Metrics: {@code switchboard.control.calls{method,outcome=ok|error}}, a timer (count, total and max
 * latency). Calls to unknown methods are tagged {@code method=unknown}, so callers cannot grow the tag set.
 */
public final class CallDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CallDispatcher.class);
    static final String CALLS_METER = "switchboard.control.calls";
    static final String UNKNOWN_METHOD_TAG = "unknown";

    private final MethodRegistry methods;
    private final MeterRegistry registry;
    private final Map<String, CallTimers> timers = new ConcurrentHashMap<>();
    private final CallTimers unknown;

    private record CallTimers(Timer ok, Timer error) {
    }

    public CallDispatcher(MethodRegistry methods, MeterRegistry registry) {
        this.methods = methods;
        this.registry = registry;
        this.unknown = timers(UNKNOWN_METHOD_TAG);
    }

    /**
     * @param params the params member as received (null when absent)
     * @return the method's result, to be serialised as JSON
     * @throws RpcException for every failure
     */
    public Object call(String method, JsonNode params, CallContext ctx) {
        long start = System.nanoTime();
        MethodRegistry.Registered<?> entry = methods.find(method);
        if (entry == null) {
            unknown.error.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw RpcException.methodNotFound(method);
        }
        CallTimers timer = timers.get(method);
        if (timer == null) {
            timer = timers.computeIfAbsent(method, this::timers);
        }
        try {
            Object result = invoke(entry, params, ctx);
            timer.ok.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (RpcException e) {
            timer.error.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw e;
        } catch (RuntimeException | Error e) {
            timer.error.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            log.error("control method {} failed ({} call)", method, ctx.protocol(), e);
            throw RpcException.internal("internal error in " + method + "; the daemon log has the details");
        }
    }

    private static <P> Object invoke(MethodRegistry.Registered<P> entry, JsonNode params, CallContext ctx) {
        // An empty raw part is no raw part: a client may use the raw layout for every call (it saves the envelope).
        if (ctx.hasRaw() && ctx.raw().length > 0 && !entry.method.acceptsRaw()) {
            throw RpcException.invalidParams(entry.method.name()
                    + " takes no raw bytes; send a JSON payload (flags bit 0 clear)");
        }
        P bound = entry.binder.bind(params);
        return entry.method.call(bound, ctx);
    }

    private CallTimers timers(String method) {
        return new CallTimers(timer(method, "ok"), timer(method, "error"));
    }

    private Timer timer(String method, String outcome) {
        return Timer.builder(CALLS_METER).tag("method", method).tag("outcome", outcome)
                .description("Control socket calls by method and outcome, with their latency")
                .register(registry);
    }
}

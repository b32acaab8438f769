package dev.switchboard.server.control.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration, params binding and its error messages, and the dispatcher's outcomes and metrics. */
class MethodRegistryTest {

    public enum Colour { RED, GREEN }

    public record Inner(String name) {
    }

    public record ExampleParams(String user, Integer limit, Boolean flag, Double ratio, Colour colour,
                                List<Inner> items) {
    }

    public record CheckedParams(String id) {
        public CheckedParams {
            if (id == null) {
                throw RpcException.invalidParams("field 'id' is required");
            }
        }
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MethodRegistry methods = new MethodRegistry()
            .register("test.example", ExampleParams.class, "{user?, limit?}", "echoes", (p, ctx) -> p)
            .register("test.checked", CheckedParams.class, "{id}", "needs id", (p, ctx) -> p.id())
            .register("test.none", NoParams.class, "{}", "takes nothing", (p, ctx) -> "ok")
            .register("test.boom", NoParams.class, "{}", "fails", (p, ctx) -> {
                throw new IllegalArgumentException("secret detail");
            });
    private final CallDispatcher dispatcher = new CallDispatcher(methods, meters);

    private static JsonNode json(String text) {
        try {
            return ControlJson.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private RpcException refused(String method, String params) {
        try {
            dispatcher.call(method, params == null ? null : json(params), CallContext.JSONRPC);
        } catch (RpcException e) {
            return e;
        }
        throw new AssertionError("expected " + method + " " + params + " to be refused");
    }

    @Test
    void registeredMethodsAreFoundAndListedByName() {
        assertThat(methods.lookup("test.none")).get().extracting(ControlMethod::description).isEqualTo("takes nothing");
        assertThat(methods.lookup("test.missing")).isEmpty();
        assertThat(methods.list()).extracting(row -> row.get("name"))
                .containsExactly("test.boom", "test.checked", "test.example", "test.none");
        assertThat(methods.list().get(2)).isEqualTo(Map.of("name", "test.example", "params", "{user?, limit?}",
                "description", "echoes"));
    }

    @Test
    void aNameIsRegisteredOnceAndMustBeAreaVerb() {
        assertThatThrownBy(() -> methods.register("test.none", NoParams.class, "{}", "again", (p, ctx) -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
        for (String bad : List.of("ping", "System.ping", "a.b.c", "a.", ".b", "a b.c")) {
            assertThatThrownBy(() -> ControlMethod.of(bad, NoParams.class, "{}", "x", (p, ctx) -> 1))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void paramsBindToTheRecord() {
        Object result = dispatcher.call("test.example",
                json("{\"user\":\"u\",\"limit\":3,\"flag\":true,\"ratio\":0.5,\"colour\":\"RED\","
                        + "\"items\":[{\"name\":\"a\"}]}"), CallContext.JSONRPC);
        assertThat(result).isEqualTo(new ExampleParams("u", 3, true, 0.5, Colour.RED, List.of(new Inner("a"))));
        assertThat(dispatcher.call("test.example", null, CallContext.JSONRPC))
                .isEqualTo(new ExampleParams(null, null, null, null, null, null));
    }

    @Test
    void unknownFieldsAreRefusedNamingTheFieldAndTheKnownOnes() {
        RpcException e = refused("test.example", "{\"usr\":\"u\"}");
        assertThat(e.code()).isEqualTo(-32602);
        assertThat(e.getMessage()).isEqualTo("unknown field 'usr' (known fields: colour, flag, items, limit, ratio, user)");
        assertThat(refused("test.none", "{\"x\":1}").getMessage())
                .isEqualTo("this method takes no params, got field 'x'");
    }

    @Test
    void wrongTypesNameTheFieldAndTheProblem() {
        assertThat(refused("test.example", "{\"limit\":\"5\"}").getMessage())
                .isEqualTo("field 'limit' must be an integer, got a string");
        assertThat(refused("test.example", "{\"limit\":1.5}").getMessage())
                .isEqualTo("field 'limit' must be an integer, got a decimal number");
        assertThat(refused("test.example", "{\"user\":5}").getMessage())
                .isEqualTo("field 'user' must be a string, got an integer");
        assertThat(refused("test.example", "{\"user\":{}}").getMessage())
                .isEqualTo("field 'user' must be a string, got an object");
        assertThat(refused("test.example", "{\"flag\":\"yes\"}").getMessage())
                .isEqualTo("field 'flag' must be true or false, got a string");
        assertThat(refused("test.example", "{\"colour\":\"BLUE\"}").getMessage())
                .isEqualTo("field 'colour' must be one of RED, GREEN, got a string");
        assertThat(refused("test.example", "{\"items\":[{\"name\":1}]}").getMessage())
                .isEqualTo("field 'items[0].name' must be a string, got an integer");
        assertThat(refused("test.example", "{\"items\":{}}").getMessage())
                .isEqualTo("field 'items' must be an array, got an object");
    }

    @Test
    void paramsMustBeAnObject() {
        RpcException e = refused("test.example", "[1,2]");
        assertThat(e.code()).isEqualTo(-32602);
        assertThat(e.getMessage()).isEqualTo("params must be an object of named params, got an array");
    }

    @Test
    void theRecordsOwnValidationIsTheAnswerWithAndWithoutParams() {
        assertThat(refused("test.checked", null).getMessage()).isEqualTo("field 'id' is required");
        assertThat(refused("test.checked", "{}").getMessage()).isEqualTo("field 'id' is required");
        assertThat(refused("test.checked", "{\"id\":null}").getMessage()).isEqualTo("field 'id' is required");
        assertThat(dispatcher.call("test.checked", json("{\"id\":\"x\"}"), CallContext.BINARY)).isEqualTo("x");
    }

    @Test
    void unknownMethodIsMethodNotFoundAndCountedUnderUnknown() {
        RpcException e = refused("test.nope", null);
        assertThat(e.code()).isEqualTo(-32601);
        assertThat(e.getMessage()).contains("test.nope");
        assertThat(meters.get("switchboard.control.calls").tags("method", "unknown", "outcome", "error").timer().count())
                .isEqualTo(1);
        assertThat(meters.find("switchboard.control.calls").tags("method", "test.nope").timer()).isNull();
    }

    @Test
    void callsAreTimedByMethodAndOutcome() {
        dispatcher.call("test.none", null, CallContext.JSONRPC);
        dispatcher.call("test.none", null, CallContext.BINARY);
        refused("test.none", "{\"x\":1}");
        Timer ok = meters.get("switchboard.control.calls").tags("method", "test.none", "outcome", "ok").timer();
        Timer error = meters.get("switchboard.control.calls").tags("method", "test.none", "outcome", "error").timer();
        assertThat(ok.count()).isEqualTo(2);
        assertThat(error.count()).isEqualTo(1);
    }

    @Test
    void anUnexpectedExceptionBecomesAnInternalError() {
        RpcException e = refused("test.boom", null);
        assertThat(e.code()).isEqualTo(-32603);
        assertThat(e.getMessage()).doesNotContain("secret").contains("test.boom").contains("daemon log");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void rawBytesOnlyGoToMethodsThatTakeThem() {
        RpcException e;
        try {
            dispatcher.call("test.none", null, CallContext.binaryRaw(new byte[] {1}));
            throw new AssertionError("accepted raw bytes");
        } catch (RpcException refused) {
            e = refused;
        }
        assertThat(e.code()).isEqualTo(-32602);
        assertThat(e.getMessage()).contains("takes no raw bytes");
        methods.register(ControlMethod.of("test.raw", NoParams.class, "{}", "raw", (p, ctx) -> ctx.raw().length)
                .acceptingRaw());
        assertThat(dispatcher.call("test.raw", null, CallContext.binaryRaw(new byte[3]))).isEqualTo(3);
    }
}

package dev.switchboard.server.control.method;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The one JSON configuration of the control socket, shared by both protocols and the params binder.
 *
 * <p>Strict on input, because a control call that silently means something else is worse than a refusal:
 * unknown params fields, a duplicate key, trailing garbage after a value, {@code "5"} for a number, {@code 5}
 * for a string and {@code 1.5} for an integer are all errors (the gateway's other doors share the exact
 * numbers and duplicate-key rule, see {@code dev.switchboard.server.Json}). Decimal numbers are read exactly (BigDecimal, trailing zeros
 * kept), so a request id such as {@code 1.10} is echoed byte for byte and published data keeps its digits.
 */
public final class ControlJson {

    /** Thread-safe once built; every control connection shares it. */
    public static final ObjectMapper MAPPER = build();

    private ControlJson() {
    }

    private static ObjectMapper build() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .build();
        // Numbers and booleans are not strings either (Jackson would turn 5 into "5" by default).
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}

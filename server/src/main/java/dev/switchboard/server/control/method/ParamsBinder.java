package dev.switchboard.server.control.method;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Binds a call's params object to one method's params record, and turns every way that can fail into a
 * -32602 whose message names the field and the problem ("field 'limit' must be an integer, got a string").
 */
final class ParamsBinder<P> {

    private final Class<P> type;
    private final ObjectReader reader;
    // Records are immutable, so "no params" binds once and the result (or the refusal) is reused.
    private final P empty;
    private final RpcException emptyRefused;

    ParamsBinder(Class<P> type) {
        this.type = type;
        this.reader = ControlJson.MAPPER.readerFor(type);
        P bound = null;
        RpcException refused = null;
        if (type.isRecord()) {
            try {
                bound = bindObject(ControlJson.MAPPER.createObjectNode());
            } catch (RpcException e) {
                refused = e;
            }
        }
        this.empty = bound;
        this.emptyRefused = refused;
    }

    /** @param params the params member as received: null or JSON null when absent */
    @SuppressWarnings("unchecked")
    P bind(JsonNode params) {
        boolean absent = params == null || params.isNull() || params.isMissingNode();
        if (!absent && !params.isObject()) {
            throw RpcException.invalidParams("params must be an object of named params, got " + describe(params));
        }
        if (type == JsonNode.class) {
            return (P) (absent ? ControlJson.MAPPER.createObjectNode() : params);
        }
        if (absent || params.isEmpty()) {
            if (emptyRefused != null) {
                throw emptyRefused;
            }
            if (empty != null) {
                return empty;
            }
            return bindObject(ControlJson.MAPPER.createObjectNode());
        }
        return bindObject(params);
    }

    private P bindObject(JsonNode params) {
        try {
            return reader.readValue(params);
        } catch (UnrecognizedPropertyException e) {
            throw unknownField(e);
        } catch (ValueInstantiationException e) {
            throw refusedByRecord(e);
        } catch (MismatchedInputException e) {
            throw mismatched(e, params);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RpcException rpc) {
                throw rpc;
            }
            throw RpcException.invalidParams("invalid params: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RpcException.invalidParams("invalid params: " + e.getMessage());
        }
    }

    private static RpcException unknownField(UnrecognizedPropertyException e) {
        Collection<Object> known = e.getKnownPropertyIds();
        if (known == null || known.isEmpty()) {
            return RpcException.invalidParams("this method takes no params, got field '" + e.getPropertyName() + "'");
        }
        List<String> names = new ArrayList<>();
        known.forEach(k -> names.add(String.valueOf(k)));
        names.sort(null);
        return RpcException.invalidParams("unknown field '" + e.getPropertyName() + "' (known fields: "
                + String.join(", ", names) + ")");
    }

    /** The record's own validation (a compact constructor) said no. */
    private static RpcException refusedByRecord(ValueInstantiationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RpcException rpc) {
            return rpc;
        }
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return RpcException.invalidParams(cause.getMessage());
        }
        return RpcException.invalidParams("invalid params: " + e.getOriginalMessage());
    }

    private static RpcException mismatched(MismatchedInputException e, JsonNode params) {
        String path = path(e.getPath());
        if (path.isEmpty()) {
            return RpcException.invalidParams("invalid params: " + e.getOriginalMessage());
        }
        JsonNode given = params.at(pointer(e.getPath()));
        return RpcException.invalidParams("field '" + path + "' must be " + expected(e.getTargetType())
                + ", got " + describe(given));
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String pointer(List<JsonMappingException.Reference> refs) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            pointer.append('/');
            if (ref.getFieldName() != null) {
                pointer.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.toString();
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || type == BigDecimal.class || type == Number.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(constant.toString());
            }
            return "one of " + String.join(", ", names);
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a decimal number";
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "true" : "false";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "an object";
    }
}

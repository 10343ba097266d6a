package org.diffevo4j.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads and writes run configurations, turning Jackson's errors into messages naming the field. */
public final class ConfigFiles {

    /** Strict: unknown fields and wrong types are errors, not silently ignored. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ConfigFiles() {
    }

    /** Reads a config file; absent fields take the protocol defaults. Does not validate. */
    public static RunConfig read(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            if (!(node instanceof ObjectNode obj)) {
                throw new UserError("config file " + file + " must be a JSON object such as {\"env\": \"CartPole-v1\"}, "
                        + "but it " + describe(node));
            }
            // config.json of a run folder carries what ran it; that is a record, not a setting
            obj.remove("runtime");
            JsonNode hidden = obj.get("hidden");
            if (hidden != null && hidden.isIntegralNumber()) {
                obj.set("hidden", JSON.createArrayNode().add(hidden));   // "hidden": 8 means one layer, as --hidden 8
            }
            return JSON.treeToValue(node, RunConfig.class);
        } catch (NoSuchFileException e) {
            throw new UserError("config file " + file + " does not exist", e);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.toList());
            throw new UserError("config file " + file + ": unknown field '" + e.getPropertyName()
                    + "'; allowed fields: " + String.join(", ", known));
        } catch (InvalidFormatException e) {
            String field = fieldPath(e);
            throw new UserError("config file " + file + ": field '" + field + "' must be " + expected(field, e)
                    + ", got " + ConfigFiles.toJson(e.getValue()), e);
        } catch (MismatchedInputException e) {
            String field = fieldPath(e);
            throw new UserError("config file " + file + ": field '" + field + "' must be " + expected(field, e), e);
        } catch (JsonProcessingException e) {
            throw new UserError("config file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "is empty";
        }
        return "holds " + (node.isArray() ? "an array" : node.isTextual() ? "a string" : node.isNumber() ? "a number"
                : node.isBoolean() ? "a boolean" : "null");
    }

    /** What a field takes, in words (Jackson would name Java types such as java.util.ArrayList). */
    private static String expected(String field, MismatchedInputException e) {
        String top = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
        top = top.contains("[") ? top.substring(0, top.indexOf('[')) : top;
        switch (top) {
            case "hidden":
                return "a layer size or a list of them, e.g. 8 or [64, 64]";
            case "strategy_options":
                return "an object of option names and values, e.g. {\"diagonal\": true}";
            case "plugins":
                return "a list of jar paths";
            default:
                break;
        }
        Class<?> t = e.getTargetType();
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return "a whole number";
        }
        if (t == double.class || t == Double.class) {
            return "a number";
        }
        if (t == String.class) {
            return "a string";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        return "of another type (" + e.getOriginalMessage().split("\n")[0] + ")";
    }

    private static String fieldPath(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "?" : path;
    }
}

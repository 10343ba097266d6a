package org.diffevo4j.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(Files.readString(file));
            if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode obj) {
                // config.json of a run folder carries what ran it; that is a record, not a setting
                obj.remove("runtime");
            }
            return JSON.treeToValue(node, RunConfig.class);
        } catch (NoSuchFileException e) {
            throw new UserError("config file " + file + " does not exist", e);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.toList());
            throw new UserError("config file " + file + ": unknown field '" + e.getPropertyName()
                    + "'; allowed fields: " + String.join(", ", known));
        } catch (InvalidFormatException e) {
            throw new UserError("config file " + file + ": field '" + fieldPath(e) + "' has invalid value "
                    + e.getValue() + " (expected " + e.getTargetType().getSimpleName() + ")", e);
        } catch (MismatchedInputException e) {
            throw new UserError("config file " + file + ": field '" + fieldPath(e)
                    + "' has the wrong type: " + e.getOriginalMessage(), e);
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

    private static String fieldPath(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "?" : path;
    }
}

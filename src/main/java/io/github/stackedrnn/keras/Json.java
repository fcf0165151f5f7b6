package io.github.stackedrnn.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON value of a Keras config with the path that leads to it, so that every type error names the
 * member and the key path ({@code config.json in m.keras, config.layers[2].config.units: expected a
 * positive integer, got "8"}). Read-only.
 */
final class Json {
    private final JsonElement value;
    private final String member;
    private final String path;

    private Json(JsonElement value, String member, String path) {
        this.value = value == null ? JsonNull.INSTANCE : value;
        this.member = member;
        this.path = path;
    }

    /**
     * Parses a whole document; Python's {@code NaN} and {@code Infinity}, which Keras's {@code json.dumps}
     * may write, are accepted, trailing content is not.
     */
    static Json parse(String text, String member) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.LENIENT);
            JsonElement root = com.google.gson.JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new KerasFormatError(member, "trailing content after the JSON document");
            }
            return new Json(root, member, "");
        } catch (JsonParseException | IOException | IllegalStateException | NumberFormatException | StackOverflowError e) {
            throw new KerasFormatError(member, "not valid JSON: " + e.getMessage(), e);
        }
    }

    static Json wrap(JsonElement value, String member, String path) {
        return new Json(value, member, path);
    }

    String member() {
        return member;
    }

    String path() {
        return path;
    }

    KerasFormatError error(String problem) {
        return new KerasFormatError(member + (path.isEmpty() ? "" : ", " + path), problem);
    }

    boolean isNull() {
        return value.isJsonNull();
    }

    boolean isObject() {
        return value.isJsonObject();
    }

    boolean isArray() {
        return value.isJsonArray();
    }

    boolean isString() {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }

    boolean isNumber() {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
    }

    boolean has(String key) {
        return object().has(key) && !object().get(key).isJsonNull();
    }

    private JsonObject object() {
        if (!value.isJsonObject()) {
            throw error("expected an object, got " + describe());
        }
        return value.getAsJsonObject();
    }

    /** @return the value under {@code key}; absent keys give a JSON null */
    Json get(String key) {
        return new Json(object().get(key), member, path.isEmpty() ? key : path + "." + key);
    }

    /** @return the value under {@code key}, refused when absent or null */
    Json require(String key) {
        Json j = get(key);
        if (j.isNull()) {
            throw j.error("is missing");
        }
        return j;
    }

    Optional<Json> optional(String key) {
        Json j = get(key);
        return j.isNull() ? Optional.empty() : Optional.of(j);
    }

    List<String> keys() {
        return new ArrayList<>(object().keySet());
    }

    List<Json> list() {
        if (!value.isJsonArray()) {
            throw error("expected a list, got " + describe());
        }
        JsonArray a = value.getAsJsonArray();
        List<Json> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(new Json(a.get(i), member, path + "[" + i + "]"));
        }
        return out;
    }

    String string() {
        if (!isString()) {
            throw error("expected a string, got " + describe());
        }
        return value.getAsString();
    }

    boolean bool() {
        if (!(value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean())) {
            throw error("expected true or false, got " + describe());
        }
        return value.getAsBoolean();
    }

    double number() {
        if (!isNumber()) {
            throw error("expected a number, got " + describe());
        }
        try {
            return value.getAsDouble();
        } catch (NumberFormatException e) {
            throw error("expected a number, got " + describe());
        }
    }

    /** @return a finite number */
    double finite() {
        double d = number();
        if (!Double.isFinite(d)) {
            throw error("expected a finite number, got " + d);
        }
        return d;
    }

    /** @return a whole number in [min, max] */
    long integer(long min, long max) {
        double d = number();
        if (d != Math.rint(d) || d < min || d > max) {
            throw error("expected a whole number in [" + min + ", " + max + "], got " + describe());
        }
        return (long) d;
    }

    boolean boolOr(String key, boolean fallback) {
        return optional(key).map(Json::bool).orElse(fallback);
    }

    double numberOr(String key, double fallback) {
        return optional(key).map(Json::finite).orElse(fallback);
    }

    String stringOr(String key, String fallback) {
        return optional(key).map(Json::string).orElse(fallback);
    }

    String describe() {
        if (value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "a list";
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        String s = p.toString();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}

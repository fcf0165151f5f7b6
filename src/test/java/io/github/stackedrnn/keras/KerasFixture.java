package io.github.stackedrnn.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.stackedrnn.tensor.Tensor;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixture of {@code src/test/resources/keras} (see its SOURCE.md): the model files and
 * {@code NAME.io.json} with the input and Keras's own predictions. Numbers are float32 values written
 * as round-tripping doubles, so the casts are exact.
 */
final class KerasFixture {
    final String name;
    final Path dir;
    final JsonObject io;

    KerasFixture(String folder, String name) {
        this.name = name;
        try {
            this.dir = Paths.get(KerasFixture.class.getResource("/keras/" + folder + "/" + name + ".io.json").toURI()).getParent();
            this.io = JsonParser.parseString(Files.readString(dir.resolve(name + ".io.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Path file(String suffix) {
        return dir.resolve(name + suffix);
    }

    Tensor input() {
        return tensor(io.get("input"), null);
    }

    Tensor expected() {
        JsonArray shape = io.getAsJsonArray("expected_shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).getAsInt();
        }
        return tensor(io.get("expected"), dims);
    }

    /** Nested lists become a tensor shaped as the nesting, or as {@code shape} when given. */
    static Tensor tensor(JsonElement e, int[] shape) {
        List<Integer> dims = new ArrayList<>();
        JsonElement cur = e;
        while (cur.isJsonArray()) {
            dims.add(cur.getAsJsonArray().size());
            cur = cur.getAsJsonArray().get(0);
        }
        List<Float> values = new ArrayList<>();
        flatten(e, values);
        float[] data = new float[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.get(i);
        }
        int[] d = shape != null ? shape : dims.stream().mapToInt(Integer::intValue).toArray();
        return Tensor.of(data, d);
    }

    private static void flatten(JsonElement e, List<Float> out) {
        if (e.isJsonArray()) {
            for (JsonElement c : e.getAsJsonArray()) {
                flatten(c, out);
            }
        } else {
            out.add((float) e.getAsDouble());
        }
    }
}

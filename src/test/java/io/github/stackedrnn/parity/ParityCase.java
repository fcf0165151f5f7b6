package io.github.stackedrnn.parity;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One Keras reference case: {@code parity/cases/NAME.json} (the input) joined with
 * {@code parity/results/NAME.json} (what TensorFlow.js, with Keras semantics, computed). The format is
 * described in {@code src/test/resources/parity/README.md}.
 *
 * <p>Every number is read with {@link JsonElement#getAsDouble()} and then cast to {@code float}; the
 * files hold float32 values written as the shortest round-tripping double, so the cast is exact.
 * Nested arrays become row-major {@link Tensor}s whose shape is the nesting
 * ({@code x [batch][time][features]} becomes a {@code [B, T, F]} tensor).
 */
final class ParityCase {
    private static final String ROOT = "/parity/";
    private static final Map<String, ParityCase> CACHE = new ConcurrentHashMap<>();
    /** A layer row of TensorFlow.js's summary text: {@code simple_rnn (SimpleRNN)  [[null,null,2]]  [null,2]  10}. */
    private static final Pattern SUMMARY_ROW = Pattern.compile("^(\\S+) \\((\\w+)\\)\\s.*?(\\d+)\\s*$");

    /** One recurrent layer of the case's stack. */
    record RnnSpec(int units, Activation activation, boolean returnSequences) {
    }

    /** One entry of {@code adamStepsKerasRule}. */
    record AdamStep(int step, double lossBeforeStep, List<Tensor> weights) {
    }

    final String name;
    final int features;                  // F
    final int classes;                   // K
    final List<RnnSpec> layers;          // bottom to top
    final double learningRate;
    final int steps;
    final Tensor x;                      // [B, T, F]
    final Tensor y;                      // [B, K], or [B, T, K] when the last RNN layer returns sequences
    final List<String> layerNames;       // simple_rnn, ..., dense
    final List<String> weightPaths;      // simple_rnn/kernel, ..., dense/bias: Keras get_weights() order
    final List<Tensor> weights;          // aligned with weightPaths
    final List<Tensor> hiddenStates;     // one [B, T, U] per RNN layer
    final Tensor logits;                 // shaped like y
    final Tensor probabilities;          // shaped like y
    final double loss;                   // logitsPath.loss
    final List<Tensor> gradients;        // logitsPath.gradients, aligned with weightPaths
    final List<AdamStep> adamSteps;      // adamStepsKerasRule
    final Map<String, Long> summaryParameters; // layer name -> Param # in TensorFlow.js's summary text

    private ParityCase(String name, JsonObject c, JsonObject r) {
        this.name = name;
        this.features = c.get("features").getAsInt();
        this.classes = c.get("classes").getAsInt();
        this.learningRate = c.get("learningRate").getAsDouble();
        this.steps = c.get("steps").getAsInt();
        List<RnnSpec> specs = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("layers")) {
            JsonObject l = e.getAsJsonObject();
            specs.add(new RnnSpec(l.get("units").getAsInt(), activation(l.get("activation").getAsString()),
                    l.get("returnSequences").getAsBoolean()));
        }
        this.layers = List.copyOf(specs);
        this.x = tensor(c.get("x"));
        this.y = tensor(c.get("y"));

        JsonObject config = r.getAsJsonObject("config");
        for (String key : new String[] {"features", "classes", "layers", "learningRate", "steps"}) {
            require(c.get(key).equals(config.get(key)), "case." + key + " = " + c.get(key)
                    + " but result.config." + key + " = " + config.get(key));
        }

        this.layerNames = strings(r.getAsJsonArray("layerNames"));
        List<String> paths = new ArrayList<>();
        this.weights = weightList(r.getAsJsonArray("weights"), paths);
        this.weightPaths = List.copyOf(paths);

        JsonObject forward = r.getAsJsonObject("forward");
        List<Tensor> hidden = new ArrayList<>();
        for (JsonElement h : forward.getAsJsonArray("hiddenStates")) {
            hidden.add(tensor(h));
        }
        this.hiddenStates = List.copyOf(hidden);
        this.logits = tensor(forward.get("logits"));
        this.probabilities = tensor(forward.get("probabilities"));

        JsonObject logitsPath = r.getAsJsonObject("logitsPath");
        this.loss = logitsPath.get("loss").getAsDouble();
        List<String> gradientPaths = new ArrayList<>();
        this.gradients = weightList(logitsPath.getAsJsonArray("gradients"), gradientPaths);
        require(gradientPaths.equals(weightPaths), "logitsPath.gradients are " + gradientPaths + " but weights are " + weightPaths);

        List<AdamStep> adam = new ArrayList<>();
        for (JsonElement e : r.getAsJsonArray("adamStepsKerasRule")) {
            JsonObject s = e.getAsJsonObject();
            List<String> stepPaths = new ArrayList<>();
            adam.add(new AdamStep(s.get("step").getAsInt(), s.get("lossBeforeStep").getAsDouble(),
                    weightList(s.getAsJsonArray("weights"), stepPaths)));
            require(stepPaths.equals(weightPaths), "adamStepsKerasRule weights are " + stepPaths + " but weights are " + weightPaths);
        }
        this.adamSteps = List.copyOf(adam);
        require(adamSteps.size() == steps, "the case asks for " + steps + " Adam steps but the result holds " + adamSteps.size());

        this.summaryParameters = summaryParameters(r.get("summary").getAsString());
    }

    // ---------------------------------------------------------------- loading

    /**
     * @return the names of the cases under {@code parity/cases/} on the test class path, sorted, each
     *         with a result of the same name
     */
    static List<String> names() {
        Path dir = resourceDirectory(ROOT + "cases");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - ".json".length()))
                    .sorted()
                    .collect(Collectors.toList());
            for (String n : names) {
                require(ParityCase.class.getResource(ROOT + "results/" + n + ".json") != null,
                        "parity/cases/" + n + ".json has no parity/results/" + n + ".json");
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** @return the case and result called {@code name}, read once per test run */
    static ParityCase load(String name) {
        return CACHE.computeIfAbsent(name, n -> new ParityCase(n, readJson(ROOT + "cases/" + n + ".json"),
                readJson(ROOT + "results/" + n + ".json")));
    }

    private static Path resourceDirectory(String resource) {
        URL url = ParityCase.class.getResource(resource);
        require(url != null, resource + " is not on the test class path");
        require("file".equals(url.getProtocol()), resource + " must be a directory on disk but is " + url);
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + url, e);
        }
    }

    private static JsonObject readJson(String resource) {
        InputStream in = ParityCase.class.getResourceAsStream(resource);
        require(in != null, resource + " is not on the test class path");
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(reader).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    // ---------------------------------------------------------------- the model under test

    /**
     * @return the case's stack, {@code SimpleRnnLayer}s then {@code DenseSoftmaxLayer(classes)} with
     *         Adam at the case's learning rate, holding the reference {@link #weights}
     */
    StackedRnnModel newModel() {
        StackedRnnModel.Builder b = StackedRnnModel.builder()
                .inputFeatures(features)
                .optimizer(Adam.builder().learningRate(learningRate).build())
                .seed(1); // the initial weights are replaced below; the seed only keeps the run deterministic
        for (RnnSpec l : layers) {
            b.add(SimpleRnnLayer.builder(l.units()).activation(l.activation()).returnSequences(l.returnSequences()).build());
        }
        b.add(DenseSoftmaxLayer.builder(classes).build());
        StackedRnnModel model = b.build();
        model.setWeights(weights);
        return model;
    }

    /** @return true if the last RNN layer returns sequences, so labels are {@code [B, T, K]} */
    boolean perStepOutput() {
        return layers.get(layers.size() - 1).returnSequences();
    }

    /** @return true if every row of {@link #y} is exactly one 1 and zeros elsewhere */
    boolean oneHot() {
        float[] v = y.toFloatArray();
        for (int row = 0; row < v.length / classes; row++) {
            int ones = 0;
            for (int k = 0; k < classes; k++) {
                float e = v[row * classes + k];
                if (e == 1f) {
                    ones++;
                } else if (e != 0f) {
                    return false;
                }
            }
            if (ones != 1) {
                return false;
            }
        }
        return true;
    }

    /** @return the class index of each one-hot row, {@code [B]}; only for a one-hot, per-sample {@link #y} */
    int[] sparseLabels() {
        require(!perStepOutput(), name + " has per-step labels");
        return argMaxRows(y.toFloatArray(), x.dim(0));
    }

    /** @return the class index of each one-hot row, {@code [B][T]}; only for a one-hot, per-step {@link #y} */
    int[][] sparseStepLabels() {
        require(perStepOutput(), name + " has per-sample labels");
        int batch = x.dim(0);
        int time = x.dim(1);
        int[] flat = argMaxRows(y.toFloatArray(), batch * time);
        int[][] labels = new int[batch][time];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(flat, b * time, labels[b], 0, time);
        }
        return labels;
    }

    /** @return the parameter count of each layer, from the shapes of its reference weights, in layer order */
    Map<String, Long> parametersFromShapes() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            String layer = weightPaths.get(i).substring(0, weightPaths.get(i).indexOf('/'));
            long size = 1;
            for (int d : weights.get(i).shape()) {
                size *= d;
            }
            counts.merge(layer, size, Long::sum);
        }
        return counts;
    }

    @Override
    public String toString() {
        return name;
    }

    // ---------------------------------------------------------------- JSON to tensors

    private int[] argMaxRows(float[] v, int rows) {
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (v[r * classes + k] > v[r * classes + best]) {
                    best = k;
                }
            }
            labels[r] = best;
        }
        return labels;
    }

    /** Reads a list of per-layer weight objects in Keras order, appending {@code layer/weight} paths. */
    private static List<Tensor> weightList(JsonArray layers, List<String> paths) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : layers) {
            JsonObject l = e.getAsJsonObject();
            String layer = l.get("layer").getAsString();
            String type = l.get("type").getAsString();
            String[] keys;
            if ("SimpleRNN".equals(type)) {
                keys = new String[] {"kernel", "recurrent_kernel", "bias"};
            } else if ("Dense".equals(type)) {
                keys = new String[] {"kernel", "bias"};
            } else {
                throw new IllegalStateException("layer " + layer + " has unknown type " + type);
            }
            for (String key : keys) {
                require(l.has(key), "layer " + layer + " (" + type + ") has no " + key);
                out.add(tensor(l.get(key)));
                paths.add(layer + "/" + key);
            }
        }
        return List.copyOf(out);
    }

    /** A nested, rectangular JSON array of numbers as a row-major tensor; its nesting is the shape. */
    static Tensor tensor(JsonElement json) {
        List<Integer> dims = new ArrayList<>();
        JsonElement e = json;
        while (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            dims.add(a.size());
            require(a.size() > 0, "empty array in " + abbreviate(json));
            e = a.get(0);
        }
        require(!dims.isEmpty(), "expected an array but got " + abbreviate(json));
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[] data = new float[size];
        int written = flatten(json, shape, 0, data, 0);
        require(written == size, "wrote " + written + " of " + size + " elements");
        return Tensor.of(data, shape);
    }

    private static int flatten(JsonElement e, int[] shape, int depth, float[] data, int at) {
        if (depth == shape.length) {
            require(e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber(), "expected a number but got " + e);
            data[at] = (float) e.getAsDouble();
            return at + 1;
        }
        require(e.isJsonArray() && e.getAsJsonArray().size() == shape[depth],
                "ragged array: expected length " + shape[depth] + " at depth " + depth + " but got " + abbreviate(e));
        for (JsonElement child : e.getAsJsonArray()) {
            at = flatten(child, shape, depth + 1, data, at);
        }
        return at;
    }

    private static Activation activation(String kerasName) {
        for (Activation a : Activation.values()) {
            if (a.kerasName().equals(kerasName)) {
                return a;
            }
        }
        throw new IllegalStateException("unknown activation " + kerasName);
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : array) {
            out.add(e.getAsString());
        }
        return List.copyOf(out);
    }

    private static Map<String, Long> summaryParameters(String summary) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : summary.split("\n")) {
            Matcher m = SUMMARY_ROW.matcher(line);
            if (m.matches()) {
                counts.put(m.group(1), Long.parseLong(m.group(3)));
            }
        }
        return counts;
    }

    private static String abbreviate(JsonElement e) {
        String s = String.valueOf(e);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("parity fixture: " + message);
        }
    }
}

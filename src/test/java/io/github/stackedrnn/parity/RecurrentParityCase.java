package io.github.stackedrnn.parity;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.MergeMode;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.SequenceMask;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One case of {@code src/test/resources/parity-recurrent/} (Keras reference cases for LSTM, GRU and
 * Bidirectional; see the README and SOURCE.md there): the model it describes, built from its layer
 * list, and the reference numbers of its result file.
 */
final class RecurrentParityCase {
    private static final String ROOT = "/parity-recurrent/";
    static final List<String> NAMES = List.of("bidirectional_gru_sum", "bidirectional_lstm_concat", "bidirectional_lstm_masked",
            "bidirectional_simple_rnn_ave_seq", "gru_lstm_simple_mixed", "gru_reset_after", "gru_reset_before", "lstm_masked",
            "lstm_single", "lstm_stacked_3x8_seq", "lstm_time1_batch1");
    private static final Map<String, RecurrentParityCase> CACHE = new ConcurrentHashMap<>();

    record AdamStep(int step, double lossBeforeStep, List<Tensor> weights) {
    }

    final String name;
    final int features;
    final int classes;
    final List<Layer> layers;            // the recurrent layers, bottom to top
    final boolean bidirectional;         // some layer is a Bidirectional
    final boolean perStep;               // the last recurrent layer returns sequences
    final SequenceMask mask;             // null without
    final double learningRate;
    final int steps;
    final Tensor x;
    final Tensor y;
    final List<String> layerNames;
    final List<Tensor> weights;          // Keras get_weights() order
    final List<Tensor> hiddenStates;     // [B, T, U] per plain recurrent layer, null for a Bidirectional
    final List<Tensor> layerOutputs;     // what each layer outputs, the Dense output last
    final Tensor logits;
    final Tensor probabilities;
    final double loss;                   // logitsPath
    final List<Tensor> gradients;        // logitsPath, weights' order
    final List<AdamStep> adamSteps;
    final Map<String, Long> paramCounts;  // layer name -> parameters
    final long totalParams;

    private RecurrentParityCase(String name, JsonObject c, JsonObject r) {
        this.name = name;
        this.features = c.get("features").getAsInt();
        this.classes = c.get("classes").getAsInt();
        this.learningRate = c.get("learningRate").getAsDouble();
        this.steps = c.get("steps").getAsInt();
        List<Layer> specs = new ArrayList<>();
        boolean bi = false;
        boolean seq = false;
        for (JsonElement e : c.getAsJsonArray("layers")) {
            JsonObject l = e.getAsJsonObject();
            if (l.has("type") && "Bidirectional".equals(l.get("type").getAsString())) {
                bi = true;
                RecurrentLayer inner = recurrent(l.getAsJsonObject("layer"));
                seq = inner.returnSequences();
                specs.add(Bidirectional.builder(inner).mergeMode(MergeMode.valueOf(l.get("mergeMode").getAsString()
                        .toUpperCase(Locale.ROOT))).build());
            } else {
                RecurrentLayer layer = recurrent(l);
                seq = layer.returnSequences();
                specs.add(layer);
            }
        }
        this.layers = List.copyOf(specs);
        this.bidirectional = bi;
        this.perStep = seq;
        this.x = ParityCase.tensor(c.get("x"));
        this.y = ParityCase.tensor(c.get("y"));
        if (c.has("mask") && !c.get("mask").isJsonNull()) {
            JsonArray lengths = c.getAsJsonArray("mask");
            int[] l = new int[lengths.size()];
            for (int i = 0; i < l.length; i++) {
                l[i] = lengths.get(i).getAsInt();
            }
            this.mask = SequenceMask.ofLengths(l, x.dim(1));
        } else {
            this.mask = null;
        }
        List<String> names = new ArrayList<>();
        for (JsonElement e : r.getAsJsonArray("layerNames")) {
            names.add(e.getAsString());
        }
        this.layerNames = List.copyOf(names);
        this.weights = weightList(r.getAsJsonArray("weights"));
        JsonObject forward = r.getAsJsonObject("forward");
        List<Tensor> hidden = new ArrayList<>();
        for (JsonElement h : forward.getAsJsonArray("hiddenStates")) {
            hidden.add(h.isJsonArray() ? ParityCase.tensor(h) : null);
        }
        this.hiddenStates = java.util.Collections.unmodifiableList(hidden);
        List<Tensor> outputs = new ArrayList<>();
        for (JsonElement h : forward.getAsJsonArray("layerOutputs")) {
            outputs.add(ParityCase.tensor(h));
        }
        this.layerOutputs = List.copyOf(outputs);
        this.logits = ParityCase.tensor(forward.get("logits"));
        this.probabilities = ParityCase.tensor(forward.get("probabilities"));
        JsonObject logitsPath = r.getAsJsonObject("logitsPath");
        this.loss = logitsPath.get("loss").getAsDouble();
        this.gradients = weightList(logitsPath.getAsJsonArray("gradients"));
        List<AdamStep> adam = new ArrayList<>();
        for (JsonElement e : r.getAsJsonArray("adamStepsKerasRule")) {
            JsonObject s = e.getAsJsonObject();
            adam.add(new AdamStep(s.get("step").getAsInt(), s.get("lossBeforeStep").getAsDouble(),
                    weightList(s.getAsJsonArray("weights"))));
        }
        this.adamSteps = List.copyOf(adam);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JsonElement e : r.getAsJsonArray("paramCounts")) {
            JsonObject p = e.getAsJsonObject();
            counts.put(p.get("layer").getAsString(), p.get("params").getAsLong());
        }
        this.paramCounts = counts;
        this.totalParams = r.get("totalParams").getAsLong();
        require(weights.size() == gradients.size(), "weights and gradients differ in count");
        require(adamSteps.size() == steps, "Adam steps");
    }

    static RecurrentParityCase load(String name) {
        return CACHE.computeIfAbsent(name, n -> new RecurrentParityCase(n, readJson(ROOT + "cases/" + n + ".json"),
                readJson(ROOT + "results/" + n + ".json")));
    }

    StackedRnnModel newModel() {
        StackedRnnModel.Builder b = StackedRnnModel.builder()
                .inputFeatures(features)
                .optimizer(Adam.builder().learningRate(learningRate).build())
                .seed(1);
        for (Layer l : layers) {
            b.add(l);
        }
        b.add(DenseSoftmaxLayer.builder(classes).build());
        StackedRnnModel model = b.build();
        model.setWeights(weights);
        return model;
    }

    private static RecurrentLayer recurrent(JsonObject l) {
        String type = l.has("type") ? l.get("type").getAsString() : "SimpleRNN";
        int units = l.get("units").getAsInt();
        boolean seq = l.get("returnSequences").getAsBoolean();
        switch (type) {
            case "SimpleRNN":
                return SimpleRnnLayer.builder(units).returnSequences(seq)
                        .activation("relu".equals(l.get("activation").getAsString()) ? Activation.RELU : Activation.TANH).build();
            case "LSTM":
                return LstmLayer.builder(units).returnSequences(seq).build();
            case "GRU":
                return GruLayer.builder(units).returnSequences(seq).resetAfter(l.get("resetAfter").getAsBoolean()).build();
            default:
                throw new IllegalStateException("unknown layer type " + type);
        }
    }

    /** Per layer kernel, recurrent_kernel, bias; a Bidirectional's forward three, then backward's; Dense kernel, bias. */
    private static List<Tensor> weightList(JsonArray layers) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : layers) {
            JsonObject l = e.getAsJsonObject();
            String type = l.get("type").getAsString();
            if ("Bidirectional".equals(type)) {
                addRecurrent(l.getAsJsonObject("forward"), out);
                addRecurrent(l.getAsJsonObject("backward"), out);
            } else if ("Dense".equals(type)) {
                out.add(ParityCase.tensor(l.get("kernel")));
                out.add(ParityCase.tensor(l.get("bias")));
            } else {
                addRecurrent(l, out);
            }
        }
        return List.copyOf(out);
    }

    private static void addRecurrent(JsonObject l, List<Tensor> out) {
        for (String key : new String[] {"kernel", "recurrent_kernel", "bias"}) {
            require(l.has(key), "layer " + l.get("layer") + " has no " + key);
            out.add(ParityCase.tensor(l.get(key)));
        }
    }

    private static JsonObject readJson(String resource) {
        InputStream in = RecurrentParityCase.class.getResourceAsStream(resource);
        require(in != null, resource + " is not on the test class path");
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(reader).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("parity-recurrent fixture: " + message);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

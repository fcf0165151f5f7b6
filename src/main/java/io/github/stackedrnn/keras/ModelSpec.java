package io.github.stackedrnn.keras;

import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a Keras model config says, in the library's terms, checked and complete before any model is
 * built: the input width, the mask value of a Masking layer, the mapped layers in order, the compile
 * settings, and notes on layers that change nothing at inference and were left out. Filled by the
 * {@link LayerMapping}s through the {@code add...} methods, which refuse stacks the library cannot build.
 */
final class ModelSpec {
    final String name;
    Integer inputFeatures;
    Double maskValue;
    final List<MappedLayer> layers = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    Loss loss;
    Optimizer optimizer;
    /** Keras 3 names each layer's weight group after its class, made unique in order of appearance. */
    private final java.util.Map<String, Integer> usedGroupNames = new java.util.HashMap<>();
    /**
     * The {@code keras_version} of the file, or null if it does not say: Keras 2 and Keras 3 define
     * {@code hard_sigmoid} differently.
     */
    String kerasVersion;
    /** The last Dense layer so far: the head if nothing recurrent follows it. */
    private MappedLayer head;

    ModelSpec(String name) {
        this.name = name;
    }

    /** @return the group of the layer's own variables in a Keras 3 weights file, {@code layers/simple_rnn_1} */
    String keras3Group(String kerasClass) {
        String base = snakeCase(kerasClass);
        Integer used = usedGroupNames.get(base);
        usedGroupNames.put(base, used == null ? 0 : used + 1);
        return "layers/" + (used == null ? base : base + "_" + (used + 1));
    }

    /** Keras's {@code naming.to_snake_case}. */
    static String snakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }

    /** @return the width of the last layer's output: the last layer with a width of its own (a Dropout keeps its input's) */
    int currentWidth() {
        MappedLayer below = lastShaping();
        return below == null ? inputFeatures : below.layer().outputSize();
    }

    /** @return the last mapped layer that is neither a Dropout nor a Normalization (both keep their input's width), or null */
    private MappedLayer lastShaping() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            io.github.stackedrnn.layer.Layer l = layers.get(i).layer();
            if (!(l instanceof io.github.stackedrnn.layer.DropoutLayer) && !(l instanceof io.github.stackedrnn.layer.NormalizationLayer)) {
                return layers.get(i);
            }
        }
        return null;
    }

    void requireInput(String who) {
        if (inputFeatures == null) {
            throw new IllegalStateException(who + " comes before the input's shape is known: the config declares no "
                    + "batch_shape / batch_input_shape with the number of features");
        }
    }

    /** A Normalization layer: only first, on the input. */
    void addNormalization(String name, int position, String group) {
        String who = MappedLayer.describe("Normalization", name, position);
        requireInput(who);
        if (!layers.isEmpty()) {
            throw new IllegalStateException(who + " comes after " + layers.get(layers.size() - 1).describe()
                    + "; supported only as the first layer, on the model's input");
        }
        Layer layer;
        try {
            layer = io.github.stackedrnn.layer.NormalizationLayer.unadapted(inputFeatures).withName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(who + ": " + e.getMessage(), e);
        }
        layers.add(new MappedLayer(position, "Normalization", name, layer, inputFeatures, group));
    }

    void addRecurrent(String kerasClass, String name, int position, Layer layer, String group, boolean returnSequences) {
        String who = MappedLayer.describe(kerasClass, name, position);
        requireInput(who);
        if (head != null) {
            throw new IllegalStateException(who + " comes after the Dense layer " + head.describe()
                    + "; not supported: the model is recurrent layers, then Dense layers (the last one the head)");
        }
        MappedLayer below = lastShaping();
        if (below != null) {
            if (!returnsSequences(below.layer())) {
                throw new IllegalStateException(who + " follows " + below.describe() + ", which does not return sequences");
            }
        }
        layers.add(new MappedLayer(position, kerasClass, name, layer, currentWidth(), group));
    }

    void addDense(String kerasClass, String name, int position, Layer layer, String group, boolean perStepOnly) {
        String who = MappedLayer.describe(kerasClass, name, position);
        requireInput(who);
        MappedLayer below = lastShaping();
        if (below == null || layers.stream().noneMatch(MappedLayer::recurrent)) {
            throw new IllegalStateException(who + " comes before any recurrent layer; not supported: the model starts "
                    + "with a recurrent layer (SimpleRNN, LSTM, GRU, Bidirectional)");
        }
        if (perStepOnly && !producesSequences()) {
            throw new IllegalStateException(who + " needs a sequence, but " + below.describe() + " does not return sequences");
        }
        if (head != null && head.layer() instanceof io.github.stackedrnn.layer.DenseSoftmaxLayer s) {
            // a softmax Dense that another Dense follows is a hidden layer: the library's hidden layers are DenseLayers
            io.github.stackedrnn.layer.DenseLayer.Builder b = io.github.stackedrnn.layer.DenseLayer.builder(s.outputSize())
                    .activation(io.github.stackedrnn.layer.Activation.SOFTMAX).useBias(s.useBias());
            s.name().ifPresent(b::name);
            MappedLayer hidden = new MappedLayer(head.position(), head.kerasClass(), head.name(), b.build(), head.in(),
                    head.keras3Group());
            layers.set(layers.indexOf(head), hidden);
        }
        head = new MappedLayer(position, kerasClass, name, layer, currentWidth(), group);
        layers.add(head);
    }

    /** A Dropout, anywhere below the head (checked once the model is complete). */
    void addDropout(String name, int position, Layer layer, String group) {
        requireInput(MappedLayer.describe("Dropout", name, position));
        layers.add(new MappedLayer(position, "Dropout", name, layer, currentWidth(), group));
    }

    /** @return true if the layers so far output a sequence (a Dense keeps what its input is) */
    private boolean producesSequences() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).recurrent()) {
                return returnsSequences(layers.get(i).layer());
            }
        }
        return false;
    }

    /**
     * Keras 2 models often write the head as {@code Dense(k)} then {@code Activation('softmax')}: the
     * same as {@code Dense(k, activation='softmax')}, so the activation is folded into a linear head.
     */
    void foldActivation(String name, int position, io.github.stackedrnn.layer.Activation activation) {
        String who = MappedLayer.describe("Activation", name, position);
        if (head == null || !(head.layer() instanceof io.github.stackedrnn.layer.DenseLayer d)
                || d.activation() != io.github.stackedrnn.layer.Activation.LINEAR || layers.get(layers.size() - 1) != head) {
            throw new IllegalStateException(who + " is supported only right after a linear Dense head (folded into it)");
        }
        io.github.stackedrnn.layer.DenseLayer.Builder b = io.github.stackedrnn.layer.DenseLayer.builder(d.units())
                .useBias(d.useBias()).kernelL2(d.kernelL2()).biasL2(d.biasL2()).activation(activation);
        d.name().ifPresent(b::name);
        Layer folded = b.build();
        if (activation == io.github.stackedrnn.layer.Activation.SOFTMAX && d.kernelL2() == 0 && d.biasL2() == 0) {
            io.github.stackedrnn.layer.DenseSoftmaxLayer.Builder sb = io.github.stackedrnn.layer.DenseSoftmaxLayer
                    .builder(d.units()).useBias(d.useBias());
            d.name().ifPresent(sb::name);
            folded = sb.build();
        }
        head = new MappedLayer(head.position(), head.kerasClass(), head.name(), folded, head.in(), head.keras3Group());
        layers.set(layers.size() - 1, head);
        notes.add(who + " was folded into the head " + head.describe());
    }

    void setMask(String name, int position, double value) {
        String who = MappedLayer.describe("Masking", name, position);
        if (!layers.isEmpty()) {
            throw new IllegalStateException(who + " comes after " + layers.get(layers.size() - 1).describe()
                    + "; supported only before the first recurrent layer");
        }
        if (maskValue != null) {
            throw new IllegalStateException(who + " is a second Masking layer; supported: one");
        }
        maskValue = value;
    }

    void checkComplete() {
        if (inputFeatures == null) {
            throw new IllegalStateException("the config declares no input shape (batch_shape or batch_input_shape with "
                    + "the number of features)");
        }
        if (layers.isEmpty()) {
            throw new IllegalStateException("the model has no recurrent layer; supported: " + STACK);
        }
        if (head == null) {
            throw new IllegalStateException("the model ends with " + layers.get(layers.size() - 1).describe()
                    + ", not a Dense head; supported: " + STACK);
        }
        if (layers.get(layers.size() - 1) != head) {
            throw new IllegalStateException("the model ends with " + layers.get(layers.size() - 1).describe() + " after its head "
                    + head.describe() + "; supported: " + STACK);
        }
    }

    static boolean returnsSequences(Layer layer) {
        return layer instanceof io.github.stackedrnn.layer.RecurrentLayer r && r.returnSequences();
    }

    /** The shape of a model the library builds, for refusals. */
    static final String STACK = "one or more recurrent layers (SimpleRNN, LSTM, GRU, Bidirectional), then Dense layers, "
            + "the last of them the head, with Dropout layers anywhere below the head";
}

package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.Bidirectional;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DropoutLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.NormalizationLayer;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.loss.Loss;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;

/**
 * The validated structure of a model: the recurrent layers, the head, their names and the layout of
 * the flat parameter vector (Keras's {@code get_weights()} order). Immutable.
 */
final class Network {
    final int features;           // F
    final RnnLayerPlan[] rnn;     // bottom to top; a Bidirectional's two plans side by side, forward first
    final RecurrentBlock[] blocks; // the recurrent layers as stacked, bottom to top
    final DensePlan[] hidden;     // the Dense layers between the recurrent ones and the head
    final HeadPlan head;
    final DropoutPlan[] dropouts; // the Dropout layers, bottom to top
    private final int[] stageStart; // [stages + 1] dropouts[stageStart[s] .. stageStart[s + 1]) sit at stage s (DropoutPlan)
    private final List<String> names; // every layer's, as stacked
    final List<WeightSlot> slots; // Keras get_weights() order
    final int parameterCount;     // P, the trainable weights: the flat parameter vector the optimizer updates
    final int nonTrainableCount;  // N, the non-trainable weights: a NormalizationLayer's mean [F], variance [F], count [1]
    final String normalization;   // the first layer's name if it is a NormalizationLayer, else null
    final NormalizationLayer normalizationLayer; // its configuration: the statistics its weights start from
    final OutputLoss loss;

    private Network(int features, NormalizationLayer normalizationLayer, String normalization, RnnLayerPlan[] rnn,
                    RecurrentBlock[] blocks, DensePlan[] hidden, HeadPlan head, DropoutPlan[] dropouts, List<String> names,
                    List<WeightSlot> slots, int parameterCount, int nonTrainableCount, OutputLoss loss) {
        this.features = features;
        this.normalization = normalization;
        this.normalizationLayer = normalizationLayer;
        this.nonTrainableCount = nonTrainableCount;
        this.dropouts = dropouts;
        this.names = List.copyOf(names);
        this.stageStart = new int[blocks.length + hidden.length + 2];
        for (int s = 0, d = 0; s < stageStart.length; s++) {
            while (d < dropouts.length && dropouts[d].stage < s) {
                d++;
            }
            stageStart[s] = d;
        }
        this.hidden = hidden;
        this.loss = loss;
        this.rnn = rnn;
        this.blocks = blocks;
        this.head = head;
        this.slots = List.copyOf(slots);
        this.parameterCount = parameterCount;
    }

    /** Checks the stack and lays out its parameters; every refusal says which layer and why. */
    static Network plan(int features, List<Layer> layers, Loss loss) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("The model has no layers: add at least one SimpleRnnLayer and a DenseSoftmaxLayer");
        }
        List<String> wrappedNames = new ArrayList<>();
        List<String> names = names(layers, wrappedNames);
        List<RnnLayerPlan> rnn = new ArrayList<>();
        List<RecurrentBlock> blocks = new ArrayList<>();
        List<WeightSlot> slots = new ArrayList<>();
        List<Integer> dense = new ArrayList<>(); // indexes of the Dense layers
        List<DropoutPlan> dropouts = new ArrayList<>();
        List<Integer> dropoutDense = new ArrayList<>(); // how many Dense layers are below each Dropout
        int width = features;
        int offset = 0;
        String normalization = null;
        NormalizationLayer normalizationLayer = null;
        int nonTrainable = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String name = names.get(i);
            if (layer instanceof NormalizationLayer norm) {
                if (i != 0) {
                    throw new IllegalStateException("Layer " + name + " (Normalization) is layer " + (i + 1) + " of the stack, after "
                            + names.get(i - 1) + " (" + layers.get(i - 1).kerasType() + "); a NormalizationLayer standardizes the "
                            + "model's input and can only be the first layer");
                }
                if (norm.features() != features) {
                    throw new IllegalStateException("Layer " + name + " (Normalization) holds statistics of " + norm.features()
                            + " features but the model's inputFeatures is " + features + "; adapt it to inputs [batch, time, "
                            + features + "] or leave inputFeatures unset");
                }
                normalization = name;
                normalizationLayer = norm;
                slots.add(WeightSlot.nonTrainable(name, "mean", 0, WeightSlot.Values.ANY, features));
                slots.add(WeightSlot.nonTrainable(name, "variance", features, WeightSlot.Values.NON_NEGATIVE, features));
                slots.add(WeightSlot.nonTrainable(name, "count", 2 * features, WeightSlot.Values.COUNT, 1));
                nonTrainable = 2 * features + 1;
                continue;
            }
            if (layer instanceof DropoutLayer drop) {
                int stage = blocks.size() + dense.size();
                int in = dense.isEmpty() ? width : layers.get(dense.get(dense.size() - 1)).outputSize();
                boolean sequence = blocks.isEmpty() || blocks.get(blocks.size() - 1).returnSequences;
                dropouts.add(new DropoutPlan(name, drop, in, stage, sequence, dropouts.size()));
                dropoutDense.add(dense.size());
                continue;
            }
            if (!dense.isEmpty() && layer instanceof RecurrentLayer) {
                String last = names.get(dense.get(dense.size() - 1));
                throw new IllegalStateException("Layer " + name + " (" + layer.kerasType() + ") is placed after the Dense layer "
                        + last + " (Dense); recurrent layers come first, then Dense layers, the last of them the output layer");
            }
            if (layer instanceof RecurrentLayer recurrent) {
                if (!blocks.isEmpty() && !blocks.get(blocks.size() - 1).returnSequences) {
                    RecurrentBlock previous = blocks.get(blocks.size() - 1);
                    throw new IllegalStateException("Layer " + name + " (" + layer.kerasType() + ") needs a sequence [batch, time, "
                            + previous.width + "] as input, but " + previous.name + " has returnSequences=false and outputs only "
                            + "its last state [batch, " + previous.width + "]; set returnSequences(true) on " + previous.name);
                }
                RecurrentBlock block;
                if (recurrent instanceof Bidirectional bi) {
                    String inner = wrappedNames.get(i);
                    RecurrentLayer wrapped = bi.layer();
                    RnnLayerPlan fwd = new RnnLayerPlan("forward_" + inner, wrapped, RecurrentCells.cellFor(wrapped, width),
                            wrapped.returnSequences(), false, offset);
                    RnnLayerPlan bwd = new RnnLayerPlan("backward_" + inner, wrapped, RecurrentCells.cellFor(wrapped, width),
                            wrapped.returnSequences(), true, offset + fwd.parameterCount());
                    block = new RecurrentBlock(name, layer, rnn.size(), fwd, bwd, bi.mergeMode());
                    for (RnnLayerPlan plan : new RnnLayerPlan[] {fwd, bwd}) {
                        for (RecurrentCell.Weight w : plan.weights) {
                            slots.add(new WeightSlot(name + "/" + plan.name, w.name(), plan.kernelOffset + w.offset(), w.l2(),
                                    w.shape()));
                        }
                        rnn.add(plan);
                    }
                } else {
                    RnnLayerPlan plan = RnnLayerPlan.of(name, recurrent, width, offset);
                    block = new RecurrentBlock(name, layer, rnn.size(), plan, null, null);
                    for (RecurrentCell.Weight w : plan.weights) {
                        slots.add(new WeightSlot(name, w.name(), offset + w.offset(), w.l2(), w.shape()));
                    }
                    rnn.add(plan);
                }
                blocks.add(block);
                offset += block.parameterCount();
                width = block.width;
            } else {
                if (rnn.isEmpty()) {
                    throw new IllegalStateException("Layer " + name + " (Dense) has no recurrent layer before it; "
                            + "add at least one SimpleRnnLayer first");
                }
                dense.add(i);
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalStateException(normalization != null
                    ? "The model has no recurrent layer after " + normalization + " (Normalization): add at least one SimpleRnnLayer and a DenseSoftmaxLayer"
                    : "The model has no recurrent layer: add at least one SimpleRnnLayer and a DenseSoftmaxLayer");
        }
        if (dense.isEmpty()) {
            throw new IllegalStateException("The model has no output layer: add a DenseSoftmaxLayer or DenseLayer after "
                    + blocks.get(blocks.size() - 1).name);
        }
        for (int d = 0; d < dropouts.size(); d++) {
            if (dropoutDense.get(d) == dense.size()) {
                String head = names.get(dense.get(dense.size() - 1));
                throw new IllegalStateException("Layer " + dropouts.get(d).name + " (Dropout) is placed after the output layer "
                        + head + " (Dense); a Dropout goes below the output layer: before, between or after the recurrent "
                        + "layers, or between Dense layers");
            }
        }
        boolean perStep = blocks.get(blocks.size() - 1).returnSequences;
        List<DensePlan> hidden = new ArrayList<>();
        for (int d = 0; d < dense.size() - 1; d++) {
            int i = dense.get(d);
            DensePlan plan = new DensePlan(names.get(i), layers.get(i), width, offset);
            slots.add(new WeightSlot(plan.name, "kernel", plan.kernelOffset, plan.kernelL2, plan.in, plan.units));
            if (plan.biasOffset >= 0) {
                slots.add(new WeightSlot(plan.name, "bias", plan.biasOffset, plan.biasL2, plan.units));
            }
            hidden.add(plan);
            offset += plan.parameterCount();
            width = plan.units;
        }
        int last = dense.get(dense.size() - 1);
        HeadPlan head = new HeadPlan(names.get(last), layers.get(last), width, perStep, offset, !hidden.isEmpty());
        slots.add(new WeightSlot(head.name, "kernel", head.kernelOffset, head.kernelL2, head.in, head.units));
        if (head.biasOffset >= 0) {
            slots.add(new WeightSlot(head.name, "bias", head.biasOffset, head.biasL2, head.units));
        }
        offset += head.parameterCount();
        Loss resolved = loss != null ? loss : defaultLoss(head.activation);
        checkPairing(resolved, head);
        return new Network(features, normalizationLayer, normalization, rnn.toArray(new RnnLayerPlan[0]),
                blocks.toArray(new RecurrentBlock[0]), hidden.toArray(new DensePlan[0]), head, dropouts.toArray(new DropoutPlan[0]),
                names, slots, offset, nonTrainable,
                new OutputLoss(resolved, head.activation));
    }

    /** What Keras users pair with each output function: softmax → categorical, sigmoid → binary, else MSE. */
    static Loss defaultLoss(Activation activation) {
        switch (activation) {
            case SOFTMAX:
                return Loss.categoricalCrossentropy();
            case SIGMOID:
                return Loss.binaryCrossentropy();
            default:
                return Loss.meanSquaredError();
        }
    }

    /** The cross-entropies are computed from pre-activation values, so each needs its own output function. */
    private static void checkPairing(Loss loss, HeadPlan head) {
        Activation needed = loss.kind() == Loss.Kind.CATEGORICAL_CROSSENTROPY ? Activation.SOFTMAX
                : loss.kind() == Loss.Kind.BINARY_CROSSENTROPY ? Activation.SIGMOID : null;
        if (needed != null && head.activation != needed) {
            throw new IllegalStateException("The loss " + loss.kerasName() + " needs a " + needed.kerasName() + " output, but "
                    + head.name + " has activation " + head.activation.kerasName() + "; use DenseLayer.builder("
                    + head.units + ").activation(Activation." + needed + ")"
                    + (needed == Activation.SOFTMAX ? " or a DenseSoftmaxLayer" : "") + ", or another loss");
        }
    }

    /**
     * Keras's automatic names, by kind and position: simple_rnn, simple_rnn_1, ..., dense. A layer wrapped
     * by a Bidirectional is made first and takes a name of its kind too (its copies are forward_NAME and
     * backward_NAME), so {@code Bidirectional(LSTM)} then {@code LSTM} are bidirectional and lstm_1;
     * {@code wrapped} gets each layer's wrapped name (null if it wraps none).
     */
    private static List<String> names(List<Layer> layers, List<String> wrapped) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Integer> uses = new HashMap<>();
        for (Layer layer : layers) {
            String inner = null;
            if (layer instanceof Bidirectional bi) {
                inner = autoName(bi.layer(), uses);
            }
            wrapped.add(inner);
            String name = autoName(layer, uses);
            if (!seen.add(name)) {
                throw new IllegalStateException("Two layers are named " + name + "; layer names must be unique in a model");
            }
            names.add(name);
        }
        return names;
    }

    private static String autoName(Layer layer, Map<String, Integer> uses) {
        String stem = snakeCase(layer.kerasType());
        int index = uses.merge(stem, 1, Integer::sum) - 1;
        return layer.name().orElse(index == 0 ? stem : stem + "_" + index);
    }

    /** Keras's {@code to_snake_case} of a class name: SimpleRNN → simple_rnn, LSTM → lstm, Dense → dense. */
    static String snakeCase(String className) {
        String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** @return the layers' names, bottom to top */
    List<String> layerNames() {
        return names;
    }

    /** @return the index in {@link #dropouts} of the first Dropout layer at {@code stage} (see {@link DropoutPlan}) */
    int firstDropout(int stage) {
        return stageStart[stage];
    }

    /** @return the index after the last Dropout layer at {@code stage} */
    int endDropout(int stage) {
        return stageStart[stage + 1];
    }

    /** @return the stage after hidden Dense layer {@code k}'s output */
    int stageAfterHidden(int k) {
        return blocks.length + 1 + k;
    }

    /** @return true if some Dropout layer drops anything (rate above 0) */
    boolean hasDropoutLayers() {
        for (DropoutPlan d : dropouts) {
            if (d.active()) {
                return true;
            }
        }
        return false;
    }

    /** The summary's rows, one per layer as stacked, with Keras's output shapes. */
    List<ModelSummary.Row> summaryRows() {
        List<ModelSummary.Row> rows = new ArrayList<>();
        int block = 0;
        int dense = 0;
        int drop = 0;
        for (String name : names) {
            if (normalization != null && rows.isEmpty() && normalization.equals(name)) {
                rows.add(new ModelSummary.Row(name, "Normalization", shape(true, features), nonTrainableCount));
            } else if (block < blocks.length && blocks[block].name.equals(name)) {
                RecurrentBlock b = blocks[block++];
                rows.add(new ModelSummary.Row(b.name, b.config.kerasType(), shape(b.returnSequences, b.width), b.parameterCount()));
            } else if (drop < dropouts.length && dropouts[drop].name.equals(name)) {
                DropoutPlan d = dropouts[drop++];
                rows.add(new ModelSummary.Row(d.name, d.config.kerasType(), shape(d.sequence, d.width), 0));
            } else if (dense < hidden.length) {
                DensePlan d = hidden[dense++];
                rows.add(new ModelSummary.Row(d.name, d.config.kerasType(), shape(perStepOutput(), d.units), d.parameterCount()));
            } else {
                rows.add(new ModelSummary.Row(head.name, head.config.kerasType(), shape(perStepOutput(), head.units),
                        head.parameterCount()));
            }
        }
        return rows;
    }

    private static String shape(boolean sequence, int width) {
        return sequence ? "(None, None, " + width + ")" : "(None, " + width + ")";
    }

    /** @return the weights' names in slot order, such as {@code simple_rnn/kernel} */
    List<String> weightNames() {
        List<String> names = new ArrayList<>();
        for (WeightSlot s : slots) {
            names.add(s.path());
        }
        return names;
    }

    RnnLayerPlan firstLayer() {
        return rnn[0];
    }

    RnnLayerPlan lastLayer() {
        return rnn[rnn.length - 1];
    }

    /** @return true if some layer is a Bidirectional (which cannot stream) */
    boolean hasBidirectional() {
        for (RecurrentBlock b : blocks) {
            if (b.bidirectional()) {
                return true;
            }
        }
        return false;
    }

    /** @return the name of the first layer reading backwards (goBackwards, which cannot stream), or null if none does */
    String backwardsLayer() {
        for (RecurrentBlock b : blocks) {
            if (b.readsBackwards()) {
                return b.name;
            }
        }
        return null;
    }

    /** @return K, the head's width: classes, or regression outputs */
    int outputUnits() {
        return head.units;
    }

    boolean perStepOutput() {
        return head.perStep;
    }
}

package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.optim.OptimizerState;
import io.github.stackedrnn.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a model is, as plain immutable data: its configuration (name, seed, input width, layers,
 * loss, optimizer), its weights in Keras's {@code get_weights()} order, the optimizer's state and the
 * epochs done. A model exports one with {@link StackedRnnModel#snapshot(boolean)} (consistent: taken
 * between two optimizer steps) and is rebuilt from one with {@link StackedRnnModel#fromSnapshot}, which
 * runs no initializer. This is what the model file stores ({@code io.github.stackedrnn.io.ModelFiles}),
 * and what another storage or transport (a database, a broadcast to cluster workers) can carry.
 *
 * <pre>{@code
 * ModelSnapshot snapshot = model.snapshot(true);
 * StackedRnnModel copy = StackedRnnModel.fromSnapshot(snapshot); // predicts and trains on as model would
 * }</pre>
 */
public final class ModelSnapshot {
    private final String name;
    private final long seed;
    private final int inputFeatures;
    private final List<Layer> layers;
    private final Loss loss;
    private final Optimizer optimizer;
    private final List<Tensor> weights;
    private final OptimizerState optimizerState; // a private copy, or null
    private final int epochsDone;
    private final Network net;

    private ModelSnapshot(String name, long seed, int inputFeatures, List<Layer> layers, Network net, Optimizer optimizer,
                          List<Tensor> weights, OptimizerState optimizerState, int epochsDone) {
        this.name = name;
        this.seed = seed;
        this.inputFeatures = inputFeatures;
        this.layers = List.copyOf(layers);
        this.net = net;
        this.loss = net.loss.loss;
        this.optimizer = optimizer;
        this.weights = List.copyOf(weights);
        this.optimizerState = optimizerState;
        this.epochsDone = epochsDone;
    }

    /**
     * A snapshot of the given parts, checked as a model builder and {@code setWeights} check them.
     *
     * @param name           the model's name
     * @param seed           the seed of the model's randomness (shuffling and dropout continue from it)
     * @param inputFeatures  features per time step
     * @param layers         the layers, bottom to top, as {@link StackedRnnModel.Builder#add} takes them
     * @param loss           the loss, or null for the one the head implies
     * @param optimizer      the optimizer's configuration
     * @param weights        every weight in {@link StackedRnnModel#getWeights()} order and shapes, finite
     * @param optimizerState the optimizer's state (copied), or null for none (no step taken, or left out)
     * @param epochsDone     epochs completed by fit, at least 0
     * @return the snapshot
     * @throws IllegalStateException    if the layers do not form a valid model (as {@link StackedRnnModel.Builder#build})
     * @throws IllegalArgumentException if a weight, the state or a count is wrong
     */
    public static ModelSnapshot of(String name, long seed, int inputFeatures, List<Layer> layers, Loss loss, Optimizer optimizer,
                                   List<Tensor> weights, OptimizerState optimizerState, int epochsDone) {
        Objects.requireNonNull(optimizer, "optimizer");
        StackedRnnModel.Builder.checkName(name);
        if (inputFeatures <= 0) {
            throw new IllegalArgumentException("inputFeatures must be positive, got " + inputFeatures);
        }
        if (epochsDone < 0) {
            throw new IllegalArgumentException("epochsDone must be at least 0, got " + epochsDone);
        }
        Network net = Network.plan(inputFeatures, layers, loss);
        ModelParameters.check(net, weights, "ModelSnapshot");
        if (optimizerState != null) {
            List<float[]> slots = optimizerState.slots();
            if (slots.size() != optimizer.slotCount()) {
                throw new IllegalArgumentException("the optimizer state has " + slots.size() + " slots but " + optimizer + " keeps "
                        + optimizer.slotCount());
            }
            for (float[] slot : slots) {
                if (slot.length != net.parameterCount) {
                    throw new IllegalArgumentException("an optimizer slot holds " + slot.length + " values but the model has "
                            + net.parameterCount + " trainable parameters");
                }
            }
        }
        return new ModelSnapshot(name, seed, inputFeatures, layers, net, optimizer, weights,
                optimizerState == null ? null : optimizerState.copy(), epochsDone);
    }

    /** Wraps parts the model has already checked (its own state, copied under its locks). */
    static ModelSnapshot trusted(String name, long seed, int inputFeatures, List<Layer> layers, Network net, Optimizer optimizer,
                                 List<Tensor> weights, OptimizerState optimizerState, int epochsDone) {
        return new ModelSnapshot(name, seed, inputFeatures, layers, net, optimizer, weights, optimizerState, epochsDone);
    }

    /**
     * The weights a stack of layers has, in {@code getWeights()} order, after checking the stack as
     * {@link StackedRnnModel.Builder#build} does: what a reader checks a file's weights against.
     *
     * @param inputFeatures features per time step
     * @param layers        the layers, bottom to top
     * @param loss          the loss, or null for the head's default
     * @return each weight's name ({@code simple_rnn/kernel}) and shape
     * @throws IllegalStateException if the layers do not form a valid model
     */
    public static List<WeightSpec> weightLayout(int inputFeatures, List<Layer> layers, Loss loss) {
        Network net = Network.plan(inputFeatures, layers, loss);
        List<WeightSpec> out = new ArrayList<>();
        for (WeightSlot slot : net.slots) {
            out.add(new WeightSpec(slot.path(), slot.shape, slot.trainable));
        }
        return out;
    }

    /**
     * One weight tensor of a model's layout.
     *
     * @param name      its name, {@code layer/weight}, such as {@code simple_rnn/kernel}
     * @param shape     its shape
     * @param trainable false for a weight no optimizer changes (a NormalizationLayer's {@code mean},
     *                  {@code variance} and {@code count}); the optimizer's state covers the trainable
     *                  weights only, in this order
     */
    public record WeightSpec(String name, int[] shape, boolean trainable) {
        /** Copies the shape. */
        public WeightSpec {
            shape = shape.clone();
        }

        /**
         * A trainable weight.
         *
         * @param name  its name
         * @param shape its shape
         */
        public WeightSpec(String name, int[] shape) {
            this(name, shape, true);
        }

        /** @return a copy of the shape */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** @return the number of values, computed in {@code long} so that no shape can overflow it */
        public long size() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WeightSpec w && name.equals(w.name) && java.util.Arrays.equals(shape, w.shape) && trainable == w.trainable;
        }

        @Override
        public int hashCode() {
            return (name.hashCode() * 31 + java.util.Arrays.hashCode(shape)) * 2 + (trainable ? 1 : 0);
        }

        @Override
        public String toString() {
            return name + " " + Tensor.formatShape(shape) + (trainable ? "" : " (non-trainable)");
        }
    }

    /** @return the model's name */
    public String name() {
        return name;
    }

    /** @return the model's seed */
    public long seed() {
        return seed;
    }

    /** @return features per time step */
    public int inputFeatures() {
        return inputFeatures;
    }

    /** @return the layer configurations, bottom to top */
    public List<Layer> layers() {
        return layers;
    }

    /** @return the layers' resolved names, Keras's automatic ones where none was given */
    public List<String> layerNames() {
        return net.layerNames();
    }

    /** @return the loss (the head's default resolved) */
    public Loss loss() {
        return loss;
    }

    /** @return the optimizer's configuration */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return the weights, in {@code getWeights()} order */
    public List<Tensor> weights() {
        return weights;
    }

    /** @return the weight names aligned with {@link #weights()}, such as {@code simple_rnn/kernel} */
    public List<String> weightNames() {
        return net.weightNames();
    }

    /** @return a copy of the optimizer's state, or empty if none was taken */
    public Optional<OptimizerState> optimizerState() {
        return optimizerState == null ? Optional.empty() : Optional.of(optimizerState.copy());
    }

    /** @return the epochs fit had completed */
    public int epochsDone() {
        return epochsDone;
    }

    Network network() {
        return net;
    }

    /** The state itself, for a model built from this snapshot (which copies nothing twice). */
    OptimizerState optimizerStateCopy() {
        return optimizerState == null ? null : optimizerState.copy();
    }

    @Override
    public String toString() {
        return "ModelSnapshot{name=" + name + ", layers=" + layerNames() + ", parameters=" + (net.parameterCount + net.nonTrainableCount)
                + ", epochsDone=" + epochsDone + ", optimizerState=" + (optimizerState != null) + "}";
    }
}

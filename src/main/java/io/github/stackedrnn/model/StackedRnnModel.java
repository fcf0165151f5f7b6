package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.loss.Loss;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.NonFiniteLossException;

import io.github.stackedrnn.io.ModelFiles;
import io.github.stackedrnn.io.ModelFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

/**
 * A stack of recurrent layers ({@link SimpleRnnLayer}, {@link io.github.stackedrnn.layer.LstmLayer},
 * {@link io.github.stackedrnn.layer.GruLayer}, {@link io.github.stackedrnn.layer.Bidirectional}), optionally hidden
 * {@link io.github.stackedrnn.layer.DenseLayer}s, topped by a dense head, a {@link io.github.stackedrnn.layer.DenseSoftmaxLayer}
 * or a {@link io.github.stackedrnn.layer.DenseLayer}: Keras's
 * {@code Sequential([SimpleRNN(...), ..., Dense(units, activation=...)])} compiled with a loss (by default
 * the one the head implies: categorical cross-entropy for softmax, binary cross-entropy for sigmoid,
 * mean squared error otherwise) and an optimizer (Adam by default).
 *
 * <pre>{@code
 * StackedRnnModel model = StackedRnnModel.builder()
 *         .inputFeatures(10)
 *         .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
 *         .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
 *         .add(SimpleRnnLayer.builder(50).build())
 *         .add(DenseSoftmaxLayer.builder(4).build())
 *         .seed(42)
 *         .build();
 * History history = model.fit(x, labels, FitOptions.builder().epochs(20).validationSplit(0.2).verbose(1).build());
 * Tensor probabilities = model.predict(x);          // [batch, 4]
 * int[] classes = model.predictClasses(x);          // np.argmax(model.predict(x), -1)
 * Tensor one = model.predict(sequence);             // float[time][10] -> [4]
 * }</pre>
 *
 * <p>Inputs are {@code [batch, time, features]} with any number of time steps. Labels are tensors
 * shaped as the output ({@code [batch, units]}, or {@code [batch, time, units]} when the last recurrent
 * layer returns sequences): one-hot rows for categorical cross-entropy, values in [0, 1] for binary
 * cross-entropy, any finite values for regression (a one-unit regression head also takes
 * {@code [batch]}). Classifiers also take class indices ({@code int[batch]} or {@code int[batch][time]};
 * 0 or 1 for a single sigmoid unit). Wherever a parameter below says "one-hot labels", read "labels
 * shaped as the output".
 *
 * <p>Every method checks its arguments before it changes anything: a call that throws leaves the
 * weights and the optimizer state as they were.
 *
 * <p>Thread safety: {@link #predict}, {@link #step}, {@link #evaluate}, {@link #getWeights},
 * {@link #computeGradients}, {@link #hiddenStates}, {@link #save(OutputStream)}, {@link #snapshot} and
 * {@link #summary} may be called from any number of threads at once, each allocating only what the call
 * needs (buffers come from a pool). Training calls ({@link #trainOnBatch}, {@link #setWeights}) are
 * serialised with each other and with {@link #fit}: one waits for another to finish. A second
 * {@link #fit} while one runs (on another thread, or from one of its listeners) is refused at once with
 * an {@link IllegalStateException} naming the fitting thread. The other calls never wait for a whole
 * {@code fit}: at most for the optimizer step in progress. A prediction or step made while another
 * thread trains sees the weights as they were after some whole optimizer step, never a mix; a saved
 * file or snapshot holds the weights and the optimizer state of the same step. An {@link RnnState}
 * belongs to one caller at a time.
 */
public final class StackedRnnModel {
    private final String name;
    private final List<Layer> layers;
    private final Network net;
    private final long seed;
    private final FitGuard fits = new FitGuard(); // one fit at a time, a second one refused
    private final Parallelism parallelism;
    private final ModelParameters parameters;
    private final Trainer trainer;
    private final InferencePool inference;
    private final Evaluator evaluator;

    private StackedRnnModel(Builder b, Network net) {
        this.name = b.name == null ? "sequential" : b.name;
        this.layers = List.copyOf(b.layers);
        this.net = net;
        this.seed = b.seed != null ? b.seed : new SplittableRandom().nextLong();
        this.parallelism = new Parallelism(b.threads != null ? b.threads : Runtime.getRuntime().availableProcessors(), b.executor);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom init = root.split();
        long shuffleSeed = root.split().nextLong();
        long dropoutSeed = root.split().nextLong();
        this.parameters = ModelParameters.initialized(net, init);
        this.trainer = new Trainer(net, parameters, parallelism, b.optimizer == null ? Adam.defaults() : b.optimizer, shuffleSeed,
                dropoutSeed, null, 0);
        this.inference = new InferencePool(net, parameters, parallelism);
        this.evaluator = new Evaluator(net, parameters, inference);
    }

    private StackedRnnModel(ModelSnapshot snapshot, int threads) {
        this.name = snapshot.name();
        this.layers = snapshot.layers();
        this.net = snapshot.network();
        this.seed = snapshot.seed();
        this.parallelism = new Parallelism(threads, null);
        SplittableRandom root = new SplittableRandom(seed);
        root.split(); // the initializers' stream, unused: the weights come from the snapshot
        long shuffleSeed = root.split().nextLong();
        long dropoutSeed = root.split().nextLong();
        this.parameters = ModelParameters.of(net, snapshot.weights());
        this.trainer = new Trainer(net, parameters, parallelism, snapshot.optimizer(), shuffleSeed, dropoutSeed,
                snapshot.optimizerStateCopy(), snapshot.epochsDone());
        this.inference = new InferencePool(net, parameters, parallelism);
        this.evaluator = new Evaluator(net, parameters, inference);
    }

    /** @return a builder for a new model */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- description

    /** @return the model's name, {@code sequential} unless set */
    public String name() {
        return name;
    }

    /** @return the layer configurations, bottom to top */
    public List<Layer> layers() {
        return layers;
    }

    /** @return the resolved layer names, bottom to top: {@code simple_rnn, simple_rnn_1, ..., dense} */
    public List<String> layerNames() {
        return net.layerNames();
    }

    /** @return features per time step of the input */
    public int inputFeatures() {
        return net.features;
    }

    /** @return the width of the output: classes of a classifier, outputs of a regression head */
    public int classes() {
        return net.outputUnits();
    }

    /** @return the loss the model trains on (by default the one its head implies; see {@link Builder#loss}) */
    public Loss loss() {
        return net.loss.loss;
    }

    /** @return true if the model outputs one prediction per time step ({@code [batch, time, classes]}) */
    public boolean outputsSequences() {
        return net.perStepOutput();
    }

    /** @return the seed all of this model's randomness (initial weights, shuffling) flows from */
    public long seed() {
        return seed;
    }

    /** @return the optimizer configuration */
    public Optimizer optimizer() {
        return trainer.optimizer();
    }

    /** @return the most threads one call uses (the calling thread included) */
    public int threads() {
        return parallelism.threads;
    }

    /** @return how many optimizer steps have been applied */
    public long iterations() {
        return trainer.iterations();
    }

    /** @return how many epochs {@code fit} has completed on this model, over all calls */
    public int epochsDone() {
        return trainer.epochsDone();
    }

    /** @return the total number of weights, Keras's {@code count_params()}: the trainable ones and a NormalizationLayer's statistics */
    public int parameterCount() {
        return net.parameterCount + net.nonTrainableCount;
    }

    /**
     * @return the number of weights the optimizer updates: {@link #parameterCount()} less a
     *         {@link io.github.stackedrnn.layer.NormalizationLayer}'s {@code 2·F + 1} statistics; the length of
     *         every optimizer slot
     */
    public int trainableParameterCount() {
        return net.parameterCount;
    }

    /**
     * Which kernels run the matrix products and tanh of every model in this JVM, the text logged at INFO
     * on their first use: {@code stacked-rnn kernels: Vector API, 512-bit}, or
     * {@code stacked-rnn kernels: scalar (auto-vectorised), ...} with the JVM option that selects the
     * Vector API kernels and what it gains. Both give the same bits.
     *
     * @return the kernels in use, one line
     */
    public static String kernels() {
        return MatrixKernels.description();
    }

    /**
     * Runs this model's kernels until the JIT has compiled them, so that the first real calls run at full
     * speed: a server calls it before taking traffic. It predicts on synthetic inputs shaped like the
     * model's (one sequence on the calling thread, a batch on the model's threads) and computes the
     * gradients of a synthetic batch, so that the first {@code fit} starts warm too, and changes nothing
     * (weights, optimizer state, step count stay as they are). It stops once the calls' times have been
     * steady for 10 rounds and, in each of them, the JIT had no kernel method left to compile (HotSpot's
     * compile queue, as {@code jcmd <pid> Compiler.queue} prints it, read through the platform MBean
     * server). On a JVM that does not tell its queue it decides, with the Vector API kernels, on their
     * allocation (until C2 has compiled them they box every vector), with the scalar kernels on the JIT
     * having finished no compilation for 100 ms. It returns after 3 seconds at the most, ready or not: how
     * long C2 takes depends on the JVM and on the CPU it gets (README, <i>Speed</i>, has the figures).
     *
     * <pre>{@code
     * StackedRnnModel model = StackedRnnModel.load(Path.of("model.srnn"));
     * model.warmUp();   // then serve
     * }</pre>
     */
    public void warmUp() {
        KernelWarmUp.run(this);
    }

    /** @return the layers, output shapes and parameter counts; its {@code toString()} is Keras's table */
    public ModelSummary summary() {
        List<ModelSummary.Row> rows = net.summaryRows();
        long variables = trainer.optimizerVariableCount();
        OptionalLong optimizerParams = variables < 0 ? OptionalLong.empty() : OptionalLong.of(variables);
        return new ModelSummary(name, rows, net.nonTrainableCount, optimizerParams, net.head.activation.kerasName(),
                net.loss.loss.toString());
    }

    // ---------------------------------------------------------------- weights

    /**
     * @return copies of the weights in Keras's {@code get_weights()} order: first a NormalizationLayer's
     *         non-trainable {@code mean [F]}, {@code variance [F]}, {@code count [1]}, if the model has one;
     *         for each recurrent layer {@code kernel [in, units]}, {@code recurrent_kernel [units, units]},
     *         {@code bias [units]}; then the head's {@code kernel [units, classes]}, {@code bias [classes]}
     */
    public List<Tensor> getWeights() {
        return parameters.get();
    }

    /** @return the weight names aligned with {@link #getWeights()}, such as {@code simple_rnn/kernel} */
    public List<String> weightNames() {
        return net.weightNames();
    }

    /**
     * Replaces every weight, as Keras's {@code set_weights}. The optimizer state is kept.
     *
     * @param weights tensors in {@link #getWeights()} order and shapes, all finite (a NormalizationLayer's
     *                variance non-negative, its count a whole number >= 0)
     * @throws IllegalArgumentException if the count, a shape or a value is wrong; nothing is changed then
     */
    public void setWeights(List<Tensor> weights) {
        trainer.setWeights(weights);
    }

    // ---------------------------------------------------------------- saving and loading

    /**
     * Saves the model, with its optimizer's configuration and state and the epochs done, so that
     * {@link #load(Path)} gives a model that predicts bit-for-bit the same and resumes training exactly
     * where this one stopped. Atomic: the file is written beside the target under a temporary name,
     * flushed to disk, then renamed over the target, so a crash never leaves a half-written model where a
     * good one was. The format is {@code docs/FORMAT.md}.
     *
     * @param path the file to write; its directory must exist
     * @throws IOException if writing fails; the previous file at {@code path}, if any, is then unchanged
     */
    public void save(Path path) throws IOException {
        save(path, true);
    }

    /**
     * Saves the model as {@link #save(Path)} does, optionally without the optimizer's state (a smaller
     * file for inference only; training resumed from it starts the optimizer afresh).
     *
     * @param path                  the file to write
     * @param includeOptimizerState false to leave out the optimizer's moments and step count
     * @throws IOException if writing fails; the previous file at {@code path}, if any, is then unchanged
     */
    public void save(Path path, boolean includeOptimizerState) throws IOException {
        ModelFiles.save(snapshot(includeOptimizerState), path);
    }

    /**
     * Writes the model, with its optimizer state, to a stream (which is flushed, not closed).
     *
     * @param out the stream
     * @throws IOException if writing fails
     */
    public void save(OutputStream out) throws IOException {
        save(out, true);
    }

    /**
     * Writes the model to a stream (which is flushed, not closed).
     *
     * @param out                   the stream
     * @param includeOptimizerState false to leave out the optimizer's moments and step count
     * @throws IOException if writing fails
     */
    public void save(OutputStream out, boolean includeOptimizerState) throws IOException {
        ModelFiles.write(snapshot(includeOptimizerState), out);
    }

    /**
     * Everything this model is, as immutable data, taken between two optimizer steps (a concurrent
     * {@code fit} pauses for at most one step): what {@link #save} writes and {@link #fromSnapshot} builds
     * a model from.
     *
     * @param includeOptimizerState false to leave out the optimizer's moments and step count
     * @return the snapshot
     */
    public ModelSnapshot snapshot(boolean includeOptimizerState) {
        Trainer.State state = trainer.state(includeOptimizerState);
        return ModelSnapshot.trusted(name, seed, net.features, layers, net, trainer.optimizer(), state.weights(),
                state.optimizerState(), state.epochsDone());
    }

    /**
     * A model from a snapshot, without running any initializer: it predicts bit for bit what the
     * snapshot's model predicted and, with the optimizer state, trains on exactly as it would have. It
     * uses {@link Runtime#availableProcessors()} threads.
     *
     * @param snapshot the snapshot
     * @return the model
     * @throws IllegalArgumentException if {@code snapshot} is null
     */
    public static StackedRnnModel fromSnapshot(ModelSnapshot snapshot) {
        return fromSnapshot(snapshot, Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@link #fromSnapshot(ModelSnapshot)} with the number of threads one call may use, as
     * {@link Builder#threads} sets it (results do not depend on it): for a model served inside a thread
     * pool of its own, such as a Spark executor's tasks, {@code 1}.
     *
     * @param snapshot the snapshot
     * @param threads  at least 1, the calling thread included
     * @return the model
     * @throws IllegalArgumentException if {@code snapshot} is null or {@code threads} is not positive
     */
    public static StackedRnnModel fromSnapshot(ModelSnapshot snapshot, int threads) {
        if (snapshot == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `snapshot`, expected a ModelSnapshot, got null.");
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `threads`, expected a positive integer, got "
                    + threads + ".");
        }
        return new StackedRnnModel(snapshot, threads);
    }

    /**
     * Loads a model saved by {@link #save(Path)}, by this or an earlier version of the library. Everything
     * is validated before the model is built. The loaded model uses {@link Runtime#availableProcessors()}
     * threads.
     *
     * @param path the file
     * @return the model, with its optimizer state and epoch count if the file has them
     * @throws ModelFormatException if the file is not a valid model (the message says what and where)
     * @throws IOException          if reading fails
     */
    public static StackedRnnModel load(Path path) throws IOException {
        return fromSnapshot(ModelFiles.read(path));
    }

    /**
     * Loads a model from a stream, reading it to its end section (the stream is not closed). Bytes after
     * the end section are refused.
     *
     * @param in the stream
     * @return the model
     * @throws ModelFormatException if the stream is not a valid model
     * @throws IOException          if reading fails
     */
    public static StackedRnnModel load(InputStream in) throws IOException {
        return fromSnapshot(ModelFiles.read(in));
    }

    // ---------------------------------------------------------------- inference

    /**
     * The model's outputs: class probabilities of a softmax head, the sigmoid of a binary head, the values
     * of a regression head.
     *
     * @param x the input, {@code [batch, time, features]}, finite
     * @return {@code [batch, classes]}, or {@code [batch, time, classes]} for per-step output
     * @throws IllegalArgumentException if {@code x} has the wrong shape or a non-finite value
     */
    public Tensor predict(Tensor x) {
        Inputs.check(x, net);
        int batch = x.dim(0);
        int time = x.dim(1);
        float[] out = new float[net.head.outputFloats(time, batch)];
        inference.forward(new Batch(x, null, null, 0, batch), out);
        return net.perStepOutput() ? Tensor.wrap(out, batch, time, net.outputUnits()) : Tensor.wrap(out, batch, net.outputUnits());
    }

    /**
     * The model's outputs for padded or masked sequences (see {@link SequenceMask}): a layer
     * that returns its last state returns the last valid one; per-step outputs at masked steps repeat the
     * previous step's.
     *
     * @param x    the input, {@code [batch, time, features]}, finite
     * @param mask which steps are valid, {@code [batch, time]}
     * @return {@code [batch, classes]}, or {@code [batch, time, classes]} for per-step output
     * @throws IllegalArgumentException if {@code x} or the mask has the wrong shape, or {@code x} a non-finite value
     */
    public Tensor predict(Tensor x, SequenceMask mask) {
        Inputs.check(x, net);
        checkMask(mask, x);
        int batch = x.dim(0);
        int time = x.dim(1);
        float[] out = new float[net.head.outputFloats(time, batch)];
        inference.forward(new Batch(x, null, null, 0, batch, mask, null), out);
        return net.perStepOutput() ? Tensor.wrap(out, batch, time, net.outputUnits()) : Tensor.wrap(out, batch, net.outputUnits());
    }

    /**
     * A fresh state (all zeros) for streaming {@code batchSize} independent sequences through
     * {@link #step(RnnState, Tensor)}.
     *
     * @param batchSize the number of streams, positive
     * @return the state
     * @throws IllegalArgumentException if {@code batchSize} is not positive
     * @throws IllegalStateException    if the model has a Bidirectional or a goBackwards layer, which need whole sequences
     */
    public RnnState newState(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `batchSize`, expected a positive integer, got "
                    + batchSize + ".");
        }
        if (net.hasBidirectional()) {
            throw new IllegalStateException("This model cannot stream: a Bidirectional layer reads each sequence from its last "
                    + "step backwards, so it needs the whole sequence; use predict instead of newState/step");
        }
        if (net.backwardsLayer() != null) {
            throw new IllegalStateException("This model cannot stream: layer " + net.backwardsLayer() + " has goBackwards=true "
                    + "and reads each sequence from its last step to its first, so it needs the whole sequence; a stream "
                    + "cannot be read backwards; use predict instead of newState/step");
        }
        int[] units = new int[net.rnn.length];
        for (int l = 0; l < units.length; l++) {
            units[l] = net.rnn[l].units;
            Sizes.buffer("Received an invalid value for argument `batchSize`: the state of " + net.rnn[l].name, batchSize, units[l]);
        }
        int[] states = new int[net.rnn.length];
        for (int l = 0; l < states.length; l++) {
            states[l] = net.rnn[l].cell.states();
        }
        return new RnnState(batchSize, units, states);
    }

    /**
     * Feeds one time step ({@code x [batch, features]}) or a chunk of steps ({@code x [batch, time,
     * features]}) to streams whose history is {@code state}, updates the state, and returns the model's
     * output: for one step, {@code [batch, classes]}; for a chunk, {@code [batch, classes]} after its last
     * step, or {@code [batch, time, classes]} for a model with per-step output. Feeding a sequence step by
     * step gives at every step what {@link #predict(Tensor)} gives for the prefix up to that step (to
     * float rounding). Safe to call from many threads with different states.
     *
     * @param state the streams' state, from {@link #newState(int)} of this model; updated in place
     * @param x     the next step or steps, finite
     * @return the output after those steps
     * @throws IllegalArgumentException if the state does not belong to this model's architecture or the
     *                                  shapes do not match; the state is then unchanged
     */
    public Tensor step(RnnState state, Tensor x) {
        if (state == null || !state.fits(net)) {
            throw new IllegalArgumentException("step needs a state from newState(...) of a model with these recurrent layers, got "
                    + state);
        }
        if (x == null || (x.rank() != 2 && x.rank() != 3)) {
            throw new IllegalArgumentException(net.blocks[0].name + ": a step must be [batch, " + net.features
                    + "] or [batch, time, " + net.features + "] but got " + (x == null ? "null" : Tensor.formatShape(x.shape())));
        }
        Tensor sequence = x.rank() == 3 ? x : reshape(x, x.dim(0), 1, x.dim(1));
        Inputs.check(sequence, net);
        int batch = sequence.dim(0);
        int time = sequence.dim(1);
        if (batch != state.batchSize()) {
            throw new IllegalArgumentException("The state holds " + state.batchSize() + " streams but the input has " + batch);
        }
        float[] out = new float[net.head.outputFloats(time, batch)];
        inference.forward(new Batch(sequence, null, null, 0, batch, null, state), out);
        if (!net.perStepOutput()) {
            return Tensor.wrap(out, batch, net.outputUnits());
        }
        return x.rank() == 2 ? Tensor.wrap(out, batch, net.outputUnits()) : Tensor.wrap(out, batch, time, net.outputUnits());
    }

    private static Tensor reshape(Tensor x, int... shape) {
        float[] data = new float[x.size()];
        x.copyTo(0, data, 0, data.length);
        return Tensor.of(data, shape);
    }

    private void checkMask(SequenceMask mask, Tensor x) {
        if (mask == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `mask`, expected a SequenceMask, got null.");
        }
        mask.checkMatches(x.dim(0), x.dim(1), net.blocks[0].name);
    }

    /**
     * Every recurrent layer's full hidden sequence, also for layers that output only their last state:
     * what a Keras user reads with {@code Model(inputs, [layer.output ...])} and
     * {@code return_sequences=True}.
     *
     * @param x the input, {@code [batch, time, features]}, finite
     * @return one tensor per recurrent layer, bottom to top, each {@code [batch, time, units]} (a
     *         Bidirectional's merged output: at every step with returnSequences, else only at the last)
     * @throws IllegalArgumentException if {@code x} has the wrong shape or a non-finite value
     */
    public List<Tensor> hiddenStates(Tensor x) {
        return detailedForward(x).subList(0, net.blocks.length);
    }

    /**
     * The head's output before the softmax.
     *
     * @param x the input, {@code [batch, time, features]}, finite
     * @return {@code [batch, classes]}, or {@code [batch, time, classes]} for per-step output
     * @throws IllegalArgumentException if {@code x} has the wrong shape or a non-finite value
     */
    public Tensor predictLogits(Tensor x) {
        return detailedForward(x).get(net.blocks.length);
    }

    private List<Tensor> detailedForward(Tensor x) {
        Inputs.check(x, net);
        int batch = x.dim(0);
        int time = x.dim(1);
        float[][] hidden = new float[net.blocks.length][];
        for (int l = 0; l < hidden.length; l++) {
            hidden[l] = new float[Sizes.buffer("the hidden states of " + net.blocks[l].name, batch, time, net.blocks[l].width)];
        }
        float[] logits = new float[net.head.outputFloats(time, batch)];
        inference.forwardDetailed(new Batch(x, null, null, 0, batch), hidden, logits);
        List<Tensor> out = new ArrayList<>();
        for (int l = 0; l < hidden.length; l++) {
            out.add(Tensor.wrap(hidden[l], batch, time, net.blocks[l].width));
        }
        out.add(net.perStepOutput() ? Tensor.wrap(logits, batch, time, net.outputUnits()) : Tensor.wrap(logits, batch, net.outputUnits()));
        return out;
    }

    /**
     * Mean loss and accuracy on labelled data, with the current weights.
     *
     * @param x      the input, {@code [batch, time, features]}
     * @param labels one-hot labels, {@code [batch, classes]} or {@code [batch, time, classes]}
     * @return the loss and accuracy
     * @throws IllegalArgumentException if the input or labels are invalid
     */
    public Evaluation evaluate(Tensor x, Tensor labels) {
        Inputs.check(x, net);
        return evaluate(x, Targets.oneHot(labels, x.dim(0), x.dim(1), net));
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices, one per sample, in {@code [0, classes)}
     * @return the loss and accuracy
     * @throws IllegalArgumentException if the input or labels are invalid
     */
    public Evaluation evaluate(Tensor x, int[] labels) {
        Inputs.check(x, net);
        return evaluate(x, Targets.sparse(labels, x.dim(0), net));
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices {@code [batch][time]} for a model with per-step output
     * @return the loss and accuracy
     * @throws IllegalArgumentException if the input or labels are invalid
     */
    public Evaluation evaluate(Tensor x, int[][] labels) {
        Inputs.check(x, net);
        return evaluate(x, Targets.sparse(labels, x.dim(0), x.dim(1), net));
    }

    /**
     * Loss and accuracy on padded or masked sequences: masked steps are not scored.
     *
     * @param x      the input, {@code [batch, time, features]}
     * @param labels one-hot labels, {@code [batch, classes]} or {@code [batch, time, classes]} (rows at
     *               masked steps are ignored)
     * @param mask   which steps are valid
     * @return the loss (mean over valid predictions) and accuracy
     * @throws IllegalArgumentException if the input, labels or mask are invalid
     */
    public Evaluation evaluate(Tensor x, Tensor labels, SequenceMask mask) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return evaluateRange(x, Targets.oneHot(labels, x.dim(0), x.dim(1), net, mask), 0, x.dim(0), mask);
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices, one per sample
     * @param mask   which steps are valid
     * @return the loss and accuracy
     * @throws IllegalArgumentException if the input, labels or mask are invalid
     */
    public Evaluation evaluate(Tensor x, int[] labels, SequenceMask mask) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return evaluateRange(x, Targets.sparse(labels, x.dim(0), net), 0, x.dim(0), mask);
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices {@code [batch][time]}; values at masked steps are ignored
     * @param mask   which steps are valid
     * @return the loss and accuracy
     * @throws IllegalArgumentException if the input, labels or mask are invalid
     */
    public Evaluation evaluate(Tensor x, int[][] labels, SequenceMask mask) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return evaluateRange(x, Targets.sparse(labels, x.dim(0), x.dim(1), net, mask), 0, x.dim(0), mask);
    }

    Evaluation evaluate(Tensor x, Targets targets) {
        return evaluator.evaluate(x, targets, 0, x.dim(0), null);
    }

    private Evaluation evaluateRange(Tensor x, Targets targets, int start, int count, SequenceMask mask) {
        return evaluator.evaluate(x, targets, start, count, mask);
    }

    // ---------------------------------------------------------------- training

    /**
     * The mean loss of a batch and its gradients with respect to every weight and the input. Changes
     * nothing.
     *
     * @param x      the input, {@code [batch, time, features]}
     * @param labels one-hot labels, {@code [batch, classes]} or {@code [batch, time, classes]}
     * @return the loss and gradients
     * @throws IllegalArgumentException if the input or labels are invalid
     */
    public Gradients computeGradients(Tensor x, Tensor labels) {
        Inputs.check(x, net);
        return computeGradients(x, Targets.oneHot(labels, x.dim(0), x.dim(1), net));
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices, one per sample
     * @return the loss and gradients
     * @throws IllegalArgumentException if the input or labels are invalid
     */
    public Gradients computeGradients(Tensor x, int[] labels) {
        Inputs.check(x, net);
        return computeGradients(x, Targets.sparse(labels, x.dim(0), net));
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices {@code [batch][time]} for a model with per-step output
     * @return the loss and gradients
     * @throws IllegalArgumentException if the input or labels are invalid
     */
    public Gradients computeGradients(Tensor x, int[][] labels) {
        Inputs.check(x, net);
        return computeGradients(x, Targets.sparse(labels, x.dim(0), x.dim(1), net));
    }

    /**
     * Loss and gradients of a batch of padded or masked sequences; masked steps contribute nothing.
     *
     * @param x      the input, {@code [batch, time, features]}
     * @param labels one-hot labels (rows at masked steps are ignored)
     * @param mask   which steps are valid
     * @return the loss (mean over valid predictions) and gradients
     * @throws IllegalArgumentException if the input, labels or mask are invalid
     */
    public Gradients computeGradients(Tensor x, Tensor labels, SequenceMask mask) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return computeGradients(x, Targets.oneHot(labels, x.dim(0), x.dim(1), net, mask), mask);
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices, one per sample
     * @param mask   which steps are valid
     * @return the loss and gradients
     * @throws IllegalArgumentException if the input, labels or mask are invalid
     */
    public Gradients computeGradients(Tensor x, int[] labels, SequenceMask mask) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return computeGradients(x, Targets.sparse(labels, x.dim(0), net), mask);
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices {@code [batch][time]}; values at masked steps are ignored
     * @param mask   which steps are valid
     * @return the loss and gradients
     * @throws IllegalArgumentException if the input, labels or mask are invalid
     */
    public Gradients computeGradients(Tensor x, int[][] labels, SequenceMask mask) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return computeGradients(x, Targets.sparse(labels, x.dim(0), x.dim(1), net, mask), mask);
    }

    private Gradients computeGradients(Tensor x, Targets targets) {
        return computeGradients(x, targets, null);
    }

    private Gradients computeGradients(Tensor x, Targets targets, SequenceMask mask) {
        float[] dx = new float[x.size()];
        return trainer.gradients(new Batch(x, targets, null, 0, x.dim(0), mask, null), dx,
                (loss, grads) -> new Gradients(loss, weightNames(), parameters.slices(grads, null), Tensor.wrap(dx, x.shape())));
    }

    /**
     * One optimizer step on one batch.
     *
     * @param x      the input, {@code [batch, time, features]}
     * @param labels one-hot labels, {@code [batch, classes]} or {@code [batch, time, classes]}
     * @return the batch's mean loss before the step
     * @throws IllegalArgumentException if the input or labels are invalid
     * @throws NonFiniteLossException   if the loss or a gradient is not finite; the step is not applied
     */
    public double trainOnBatch(Tensor x, Tensor labels) {
        Inputs.check(x, net);
        return trainOneBatch(new Batch(x, Targets.oneHot(labels, x.dim(0), x.dim(1), net), null, 0, x.dim(0)), 0, 0).meanLoss();
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices, one per sample
     * @return the batch's mean loss before the step
     * @throws IllegalArgumentException if the input or labels are invalid
     * @throws NonFiniteLossException   if the loss or a gradient is not finite; the step is not applied
     */
    public double trainOnBatch(Tensor x, int[] labels) {
        Inputs.check(x, net);
        return trainOneBatch(new Batch(x, Targets.sparse(labels, x.dim(0), net), null, 0, x.dim(0)), 0, 0).meanLoss();
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices {@code [batch][time]} for a model with per-step output
     * @return the batch's mean loss before the step
     * @throws IllegalArgumentException if the input or labels are invalid
     * @throws NonFiniteLossException   if the loss or a gradient is not finite; the step is not applied
     */
    public double trainOnBatch(Tensor x, int[][] labels) {
        Inputs.check(x, net);
        return trainOneBatch(new Batch(x, Targets.sparse(labels, x.dim(0), x.dim(1), net), null, 0, x.dim(0)), 0, 0).meanLoss();
    }

    /**
     * One optimizer step on a batch of padded or masked sequences.
     *
     * @param x      the input, {@code [batch, time, features]}
     * @param labels one-hot labels (rows at masked steps are ignored)
     * @param mask   which steps are valid
     * @return the batch's mean loss over valid predictions, before the step
     * @throws IllegalArgumentException if the input, labels or mask are invalid
     * @throws NonFiniteLossException   if the loss or a gradient is not finite; the step is not applied
     */
    public double trainOnBatch(Tensor x, Tensor labels, SequenceMask mask) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return trainOneBatch(new Batch(x, Targets.oneHot(labels, x.dim(0), x.dim(1), net, mask), null, 0, x.dim(0), mask, null), 0, 0)
                .meanLoss();
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices, one per sample
     * @param mask   which steps are valid
     * @return the batch's mean loss before the step
     * @throws IllegalArgumentException if the input, labels or mask are invalid
     * @throws NonFiniteLossException   if the loss or a gradient is not finite; the step is not applied
     */
    public double trainOnBatch(Tensor x, int[] labels, SequenceMask mask) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return trainOneBatch(new Batch(x, Targets.sparse(labels, x.dim(0), net), null, 0, x.dim(0), mask, null), 0, 0).meanLoss();
    }

    /**
     * @param x      the input, {@code [batch, time, features]}
     * @param labels class indices {@code [batch][time]}; values at masked steps are ignored
     * @param mask   which steps are valid
     * @return the batch's mean loss before the step
     * @throws IllegalArgumentException if the input, labels or mask are invalid
     * @throws NonFiniteLossException   if the loss or a gradient is not finite; the step is not applied
     */
    public double trainOnBatch(Tensor x, int[][] labels, SequenceMask mask) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return trainOneBatch(new Batch(x, Targets.sparse(labels, x.dim(0), x.dim(1), net, mask), null, 0, x.dim(0), mask, null), 0, 0)
                .meanLoss();
    }

    /**
     * Trains for {@code options.epochs()} passes over the data, in mini-batches, as Keras's {@code fit}.
     * Logs one INFO line per epoch and tells the options' listeners (callbacks) of every batch and epoch;
     * a listener may stop it early.
     *
     * @param x       the input, {@code [samples, time, features]}
     * @param labels  one-hot labels, {@code [samples, classes]} or {@code [samples, time, classes]}
     * @param options epochs, batch size, validation split or data, shuffling, weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if the input, labels or options are invalid
     * @throws NonFiniteLossException   if the loss becomes non-finite; it names the epoch and batch, and
     *                                  the model keeps the weights of the last finite step
     */
    public History fit(Tensor x, Tensor labels, FitOptions options) {
        Inputs.check(x, net);
        return fit(x, Targets.oneHot(labels, x.dim(0), x.dim(1), net), options);
    }

    /**
     * @param x       the input, {@code [samples, time, features]}
     * @param labels  class indices, one per sample
     * @param options epochs, batch size, validation split or data, shuffling, weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if the input, labels or options are invalid
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(Tensor x, int[] labels, FitOptions options) {
        Inputs.check(x, net);
        return fit(x, Targets.sparse(labels, x.dim(0), net), options);
    }

    /**
     * @param x       the input, {@code [samples, time, features]}
     * @param labels  class indices {@code [samples][time]} for a model with per-step output
     * @param options epochs, batch size, validation split or data, shuffling, weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if the input, labels or options are invalid
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(Tensor x, int[][] labels, FitOptions options) {
        Inputs.check(x, net);
        return fit(x, Targets.sparse(labels, x.dim(0), x.dim(1), net), options);
    }

    /**
     * {@code fit} on padded or masked sequences: masked steps carry the state and are not scored.
     *
     * @param x       the input, {@code [samples, time, features]}
     * @param labels  one-hot labels (rows at masked steps are ignored)
     * @param mask    which steps are valid, {@code [samples, time]}
     * @param options epochs, batch size, validation split or data, shuffling, weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if the input, labels, mask or options are invalid
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(Tensor x, Tensor labels, SequenceMask mask, FitOptions options) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return fit(x, Targets.oneHot(labels, x.dim(0), x.dim(1), net, mask), mask, options);
    }

    /**
     * @param x       the input, {@code [samples, time, features]}
     * @param labels  class indices, one per sample
     * @param mask    which steps are valid
     * @param options epochs, batch size, validation split or data, shuffling, weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if the input, labels, mask or options are invalid
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(Tensor x, int[] labels, SequenceMask mask, FitOptions options) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return fit(x, Targets.sparse(labels, x.dim(0), net), mask, options);
    }

    /**
     * @param x       the input, {@code [samples, time, features]}
     * @param labels  class indices {@code [samples][time]}; values at masked steps are ignored
     * @param mask    which steps are valid
     * @param options epochs, batch size, validation split or data, shuffling, weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if the input, labels, mask or options are invalid
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(Tensor x, int[][] labels, SequenceMask mask, FitOptions options) {
        Inputs.check(x, net);
        checkMask(mask, x);
        return fit(x, Targets.sparse(labels, x.dim(0), x.dim(1), net, mask), mask, options);
    }

    private History fit(Tensor x, Targets targets, FitOptions options) {
        return fit(x, targets, null, options);
    }

    /**
     * Trains on sequences of different lengths, without padding them yourself. The sequences are sorted
     * by length and batches are cut from that order, so that each batch holds sequences of similar length
     * and little work is spent on padding; each batch is padded to its longest sequence and masked (see
     * {@link SequenceMask}), and every epoch visits the batches in a new order (from the model's seed).
     * {@code validationSplit} takes the last fraction of the list, before sorting.
     *
     * @param sequences each {@code [time_i][features]}, at least one step, finite
     * @param labels    one class per sequence
     * @param options   epochs, batch size, validation split or data, shuffling (of the batches), weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if a sequence, a label or an option is invalid
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(List<float[][]> sequences, int[] labels, FitOptions options) {
        checkRagged(sequences, labels, null);
        return fitRagged(sequences, labels, null, options);
    }

    /**
     * {@link #fit(List, int[], FitOptions)} for a model with per-step output: one class per step.
     *
     * @param sequences each {@code [time_i][features]}, at least one step, finite
     * @param labels    {@code labels[i]} has one class per step of sequence {@code i}
     * @param options   epochs, batch size, validation split or data, shuffling (of the batches), weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if a sequence, a label or an option is invalid
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(List<float[][]> sequences, int[][] labels, FitOptions options) {
        checkRagged(sequences, null, labels);
        return fitRagged(sequences, null, labels, options);
    }

    /**
     * Loss and accuracy on sequences of different lengths, batched by length as {@code fit} does.
     *
     * @param sequences each {@code [time_i][features]}
     * @param labels    one class per sequence
     * @return the loss and accuracy
     * @throws IllegalArgumentException if a sequence or a label is invalid
     */
    public Evaluation evaluate(List<float[][]> sequences, int[] labels) {
        checkRagged(sequences, labels, null);
        RaggedData data = new RaggedData(evaluator, sequences, labels, null, 0);
        return data.evaluate(data.buckets(0, sequences.size(), 256));
    }

    /**
     * @param sequences each {@code [time_i][features]}
     * @param labels    {@code labels[i]} has one class per step of sequence {@code i}
     * @return the loss and accuracy
     * @throws IllegalArgumentException if a sequence or a label is invalid
     */
    public Evaluation evaluate(List<float[][]> sequences, int[][] labels) {
        checkRagged(sequences, null, labels);
        RaggedData data = new RaggedData(evaluator, sequences, null, labels, 0);
        return data.evaluate(data.buckets(0, sequences.size(), 256));
    }

    /**
     * Predictions for sequences of different lengths, batched by length.
     *
     * @param sequences each {@code [time_i][features]}, at least one step, finite
     * @return one tensor per sequence, in the list's order: {@code [classes]}, or {@code [time_i, classes]}
     *         for per-step output
     * @throws IllegalArgumentException if a sequence is invalid
     */
    public List<Tensor> predict(List<float[][]> sequences) {
        RaggedData.check(sequences, net.features, net.blocks[0].name);
        RaggedData data = new RaggedData(evaluator, sequences, null, null, 0);
        int[] order = RaggedData.memberOrder(sequences);
        Tensor[] out = new Tensor[sequences.size()];
        int next = 0;
        int k = net.outputUnits();
        for (Batch b : data.buckets(0, sequences.size(), 256)) {
            int time = b.time;
            float[] probs = new float[net.head.outputFloats(time, b.size)];
            inference.forward(b, probs);
            for (int s = 0; s < b.size; s++) {
                int original = order[next++];
                int length = sequences.get(original).length;
                if (net.perStepOutput()) {
                    out[original] = Tensor.wrap(java.util.Arrays.copyOfRange(probs, s * time * k, (s * time + length) * k), length, k);
                } else {
                    out[original] = Tensor.wrap(java.util.Arrays.copyOfRange(probs, s * k, (s + 1) * k), k);
                }
            }
        }
        return List.of(out);
    }

    private History fitRagged(List<float[][]> sequences, int[] labels, int[][] stepLabels, FitOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `options`, expected FitOptions, got null.");
        }
        int trainCount = FitLoop.trainCount(sequences.size(), options);
        RowWeights weights = RowWeights.of(options, sequences.size(), net);
        FitLoop loop = new FitLoop(trainer, net, this::save, new RaggedData(evaluator, sequences, labels, stepLabels, trainCount,
                weights), options, validation(options));
        return fits.run(() -> trainer.session(loop::run));
    }

    /** Evaluates {@code fit}'s explicit validation data, checked now against this model; null without it. */
    java.util.function.Supplier<Evaluation> validation(FitOptions options) {
        io.github.stackedrnn.train.ValidationData v = options.validationData();
        return v == null ? null : ValidationSource.of(this, v);
    }

    void checkRagged(List<float[][]> sequences, int[] labels, int[][] stepLabels) {
        RaggedData.checkLabels(sequences, labels, stepLabels, net);
    }

    private History fit(Tensor x, Targets targets, SequenceMask mask, FitOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `options`, expected FitOptions, got null.");
        }
        RowWeights weights = RowWeights.of(options, x.dim(0), net);
        FitLoop loop = new FitLoop(trainer, net, this::save, new TensorData(evaluator, x, targets, mask,
                FitLoop.trainCount(x.dim(0), options), weights), options, validation(options));
        return fits.run(() -> trainer.session(loop::run));
    }

    /** {@code trainOnBatch}: one optimizer step as a training session of its own. */
    private Engine.Result trainOneBatch(Batch batch, int epoch, int batchIndex) {
        return trainer.session(() -> trainer.applyStep(batch, epoch, batchIndex));
    }

    /** @return the weight names aligned with the parameter slots */
    private String slotList() {
        return String.join(", ", weightNames());
    }

    Network network() {
        return net;
    }

    Evaluator evaluator() {
        return evaluator;
    }

    Trainer trainer() {
        return trainer;
    }

    /** The learning rate of the next optimizer step. */
    double learningRate() {
        return trainer.learningRate();
    }

    /** Sets the learning rate of the following steps, as ReduceLROnPlateau does. */
    void setLearningRate(double value) {
        trainer.setLearningRate(value);
    }

    // ---------------------------------------------------------------- single sequences, class predictions, ragged targets
    // Thin entry points; the work is in OneSequence, ClassPredictions, RaggedTargets and ValidationSource.

    /**
     * The model's output for one sequence: {@code predict} on a batch of one, without the batch axis.
     *
     * <pre>{@code
     * float[][] sequence = new float[20][10];        // [time][features]
     * Tensor p = model.predict(sequence);            // [classes], or [time, classes] for per-step output
     * }</pre>
     *
     * @param sequence {@code [time][features]}, at least one step, finite
     * @return {@code [classes]}, or {@code [time, classes]} for per-step output
     * @throws IllegalArgumentException if the sequence is null, empty, ragged, of the wrong width or not finite
     */
    public Tensor predict(float[][] sequence) {
        return OneSequence.single(predict(OneSequence.batchOf(sequence, net)));
    }

    /**
     * {@link #step(RnnState, Tensor)} for one stream and one step.
     *
     * @param state    the stream's state, from {@code newState(1)}; updated in place
     * @param features the next step, {@code [features]}, finite
     * @return the output after that step, {@code [classes]}
     * @throws IllegalArgumentException if the state does not hold one stream of this model, or the step is invalid
     */
    public Tensor step(RnnState state, float[] features) {
        OneSequence.checkOneStream(state);
        return OneSequence.single(step(state, OneSequence.stepOf(features, net)));
    }

    /**
     * {@link #step(RnnState, Tensor)} for one stream and a chunk of steps.
     *
     * @param state the stream's state, from {@code newState(1)}; updated in place
     * @param steps the next steps, {@code [time][features]}, finite
     * @return {@code [classes]} after the last step, or {@code [time, classes]} for per-step output
     * @throws IllegalArgumentException if the state does not hold one stream of this model, or the steps are invalid
     */
    public Tensor step(RnnState state, float[][] steps) {
        OneSequence.checkOneStream(state);
        return OneSequence.single(step(state, OneSequence.batchOf(steps, net)));
    }

    /**
     * Keras's {@code np.argmax(model.predict(x), -1)}: the most probable class of each sample, the lower
     * index on ties; for a single sigmoid unit, 1 where the output exceeds 0.5, else 0.
     *
     * <pre>{@code
     * int[] classes = model.predictClasses(x);         // [batch]
     * int[] positive = binary.predictClasses(x, 0.8);  // a single sigmoid unit: 1 where p > 0.8
     * }</pre>
     *
     * @param x the input, {@code [batch, time, features]}, finite
     * @return one class per sample
     * @throws IllegalArgumentException if the head is not softmax or one sigmoid unit, the model has per-step
     *                                  output (see {@link #predictStepClasses(Tensor)}), or {@code x} is invalid
     */
    public int[] predictClasses(Tensor x) {
        ClassPredictions.check(net, null, false);
        return ClassPredictions.classes(net, predict(x), null);
    }

    /**
     * @param x         the input, {@code [batch, time, features]}, finite
     * @param threshold for a single sigmoid unit: class 1 where the output exceeds it, in [0, 1]
     * @return one class per sample
     * @throws IllegalArgumentException if the head is not a single sigmoid unit, the threshold is outside [0, 1],
     *                                  or {@code x} is invalid
     */
    public int[] predictClasses(Tensor x, double threshold) {
        ClassPredictions.check(net, threshold, false);
        return ClassPredictions.classes(net, predict(x), threshold);
    }

    /**
     * @param sequences each {@code [time_i][features]}, at least one step, finite
     * @return one class per sequence, in the list's order
     * @throws IllegalArgumentException as {@link #predictClasses(Tensor)}
     */
    public int[] predictClasses(List<float[][]> sequences) {
        ClassPredictions.check(net, null, false);
        return ClassPredictions.ofSequences(net, predict(sequences), null);
    }

    /**
     * @param sequences each {@code [time_i][features]}, at least one step, finite
     * @param threshold for a single sigmoid unit: class 1 where the output exceeds it, in [0, 1]
     * @return one class per sequence, in the list's order
     * @throws IllegalArgumentException as {@link #predictClasses(Tensor, double)}
     */
    public int[] predictClasses(List<float[][]> sequences, double threshold) {
        ClassPredictions.check(net, threshold, false);
        return ClassPredictions.ofSequences(net, predict(sequences), threshold);
    }

    /**
     * {@link #predictClasses(Tensor)} for a model with per-step output: one class per sample and step.
     *
     * @param x the input, {@code [batch, time, features]}, finite
     * @return {@code [batch][time]} classes
     * @throws IllegalArgumentException if the head is not softmax or one sigmoid unit, the model outputs one
     *                                  prediction per sequence, or {@code x} is invalid
     */
    public int[][] predictStepClasses(Tensor x) {
        ClassPredictions.check(net, null, true);
        return ClassPredictions.perStep(net, predict(x), null);
    }

    /**
     * @param x         the input, {@code [batch, time, features]}, finite
     * @param threshold for a single sigmoid unit: class 1 where the output exceeds it, in [0, 1]
     * @return {@code [batch][time]} classes
     * @throws IllegalArgumentException as {@link #predictStepClasses(Tensor)}, or for a threshold on a softmax head
     */
    public int[][] predictStepClasses(Tensor x, double threshold) {
        ClassPredictions.check(net, threshold, true);
        return ClassPredictions.perStep(net, predict(x), threshold);
    }

    /**
     * @param sequences each {@code [time_i][features]}, at least one step, finite
     * @return {@code [sequences][time_i]} classes, in the list's order
     * @throws IllegalArgumentException as {@link #predictStepClasses(Tensor)}
     */
    public int[][] predictStepClasses(List<float[][]> sequences) {
        ClassPredictions.check(net, null, true);
        return ClassPredictions.stepsOfSequences(net, predict(sequences), null);
    }

    /**
     * @param sequences each {@code [time_i][features]}, at least one step, finite
     * @param threshold for a single sigmoid unit: class 1 where the output exceeds it, in [0, 1]
     * @return {@code [sequences][time_i]} classes, in the list's order
     * @throws IllegalArgumentException as {@link #predictStepClasses(Tensor, double)}
     */
    public int[][] predictStepClasses(List<float[][]> sequences, double threshold) {
        ClassPredictions.check(net, threshold, true);
        return ClassPredictions.stepsOfSequences(net, predict(sequences), threshold);
    }

    /**
     * {@link #fit(List, int[], FitOptions)} with targets as values, for every head and loss: regression
     * targets, binary labels in [0, 1] (several sigmoid units: multi-label), one-hot or soft labels.
     *
     * <pre>{@code
     * List<float[][]> sequences = ...;                 // each [time_i][features]
     * Tensor targets = Tensor.of(values, n, 1);        // one row per sequence ([n] also does for one unit)
     * forecaster.fit(sequences, targets, FitOptions.builder().epochs(20).build());
     * }</pre>
     *
     * @param sequences each {@code [time_i][features]}, at least one step, finite
     * @param targets   {@code [sequences, units]}, or {@code [sequences]} for a head of one unit
     * @param options   epochs, batch size, validation split or data, shuffling (of the batches), weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if a sequence, a target or an option is invalid, or the model has per-step output
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(List<float[][]> sequences, Tensor targets, FitOptions options) {
        return fitRagged(sequences, RaggedTargets.of(targets, sequences, net), options);
    }

    /**
     * @param sequences each {@code [time_i][features]}, at least one step, finite
     * @param targets   {@code [sequences][units]}
     * @param options   epochs, batch size, validation split or data, shuffling (of the batches), weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if a sequence, a target or an option is invalid, or the model has per-step output
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(List<float[][]> sequences, float[][] targets, FitOptions options) {
        return fitRagged(sequences, RaggedTargets.of(targets, sequences, net), options);
    }

    /**
     * For a model with per-step output: one target row per step of each sequence.
     *
     * @param sequences each {@code [time_i][features]}, at least one step, finite
     * @param targets   {@code targets.get(i)} is {@code [time_i][units]}
     * @param options   epochs, batch size, validation split or data, shuffling (of the batches), weights, listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if a sequence, a target or an option is invalid, or the model outputs one
     *                                  prediction per sequence
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(List<float[][]> sequences, List<float[][]> targets, FitOptions options) {
        return fitRagged(sequences, RaggedTargets.ofSteps(targets, sequences, net), options);
    }

    /**
     * Loss and metrics on sequences of different lengths with targets as values, batched by length.
     *
     * @param sequences each {@code [time_i][features]}
     * @param targets   {@code [sequences, units]}, or {@code [sequences]} for a head of one unit
     * @return the loss and accuracy, or the regression errors
     * @throws IllegalArgumentException if a sequence or a target is invalid
     */
    public Evaluation evaluate(List<float[][]> sequences, Tensor targets) {
        return evaluateRagged(sequences, RaggedTargets.of(targets, sequences, net));
    }

    /**
     * @param sequences each {@code [time_i][features]}
     * @param targets   {@code [sequences][units]}
     * @return the loss and accuracy, or the regression errors
     * @throws IllegalArgumentException if a sequence or a target is invalid
     */
    public Evaluation evaluate(List<float[][]> sequences, float[][] targets) {
        return evaluateRagged(sequences, RaggedTargets.of(targets, sequences, net));
    }

    /**
     * @param sequences each {@code [time_i][features]}
     * @param targets   {@code targets.get(i)} is {@code [time_i][units]}, for a model with per-step output
     * @return the loss and accuracy, or the regression errors
     * @throws IllegalArgumentException if a sequence or a target is invalid
     */
    public Evaluation evaluate(List<float[][]> sequences, List<float[][]> targets) {
        return evaluateRagged(sequences, RaggedTargets.ofSteps(targets, sequences, net));
    }

    private History fitRagged(List<float[][]> sequences, RaggedTargets targets, FitOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `options`, expected FitOptions, got null.");
        }
        RowWeights weights = RowWeights.of(options, sequences.size(), net);
        RaggedData data = new RaggedData(evaluator, sequences, targets, FitLoop.trainCount(sequences.size(), options), weights);
        FitLoop loop = new FitLoop(trainer, net, this::save, data, options, validation(options));
        return fits.run(() -> trainer.session(loop::run));
    }

    private Evaluation evaluateRagged(List<float[][]> sequences, RaggedTargets targets) {
        RaggedData data = new RaggedData(evaluator, sequences, targets, 0, null);
        return data.evaluate(data.buckets(0, sequences.size(), 256));
    }

    // Data sets (issue 18): thin entry points; the work is in DatasetData, DatasetBatches and Prefetcher.

    /**
     * Trains on a data set read as it trains, so it need not fit in memory: each epoch opens a pass (with
     * a shuffling stream from the model's seed and the epoch, unless {@code shuffle(false)}), cuts it into
     * batches of {@code batchSize} in the order read, pads and masks each to its longest sequence, and
     * reads ahead on a daemon thread while the model trains. Listeners, checkpoints, validation and the
     * history are those of the arrays.
     *
     * <pre>{@code
     * SequenceDataset train = SequenceFileDataset.of(Path.of("train.seq")).shuffled(10_000).bucketedByLength(2_048);
     * History h = model.fit(train, FitOptions.builder().epochs(10).batchSize(64)
     *         .validationData(ValidationData.of(SequenceFileDataset.of(Path.of("val.seq")))).build());
     * }</pre>
     *
     * @param dataset the training sequences with their targets (every sequence the same form of target)
     * @param options epochs, batch size, validation data (not a split), shuffling, class weights (not
     *                sample weights), listeners, checkpoints
     * @return the per-epoch metrics
     * @throws IllegalArgumentException if an option does not apply to a data set
     * @throws io.github.stackedrnn.data.DatasetException if the data is bad: thrown after the last whole
     *                                  step; the batch holding the bad data is not applied
     * @throws NonFiniteLossException   if the loss becomes non-finite
     */
    public History fit(io.github.stackedrnn.data.SequenceDataset dataset, FitOptions options) {
        DatasetData data = DatasetData.of(this, dataset, options);
        FitLoop loop = new FitLoop(trainer, net, this::save, data, options, validation(options));
        return fits.run(() -> trainer.session(loop::run));
    }

    /**
     * Loss and metrics over one pass of a data set in its order, read ahead on a thread of its own.
     *
     * @param dataset sequences with targets
     * @return the loss and accuracy, or the regression errors
     * @throws io.github.stackedrnn.data.DatasetException if the data is bad
     */
    public Evaluation evaluate(io.github.stackedrnn.data.SequenceDataset dataset) {
        return DatasetData.evaluate(evaluator, dataset);
    }

    /**
     * Predictions for one pass of a data set, in its order (targets, if any, are ignored).
     *
     * @param dataset the sequences
     * @return one tensor per sequence, as {@link #predict(List)} gives
     * @throws io.github.stackedrnn.data.DatasetException if the data is bad
     */
    public List<Tensor> predict(io.github.stackedrnn.data.SequenceDataset dataset) {
        return DatasetData.predict(this, dataset);
    }

    @Override
    public String toString() {
        return "StackedRnnModel{name=" + name + ", layers=" + layerNames() + ", parameters=" + net.parameterCount + "}";
    }

    /**
     * Builds a {@link StackedRnnModel}. Settings are checked as they are made; the stack as a whole is
     * checked by {@link #build()}, which leaves the builder unchanged.
     */
    public static final class Builder {
        private Integer inputFeatures;
        private final List<Layer> layers = new ArrayList<>();
        private Optimizer optimizer;
        private Long seed;
        private String name;
        private Integer threads;
        private Executor executor;
        private Loss loss;

        private Builder() {
        }

        /**
         * Keras's {@code compile(loss=...)}. Categorical cross-entropy needs a softmax head, binary
         * cross-entropy a sigmoid head; mean squared and absolute error take any head.
         *
         * @param value the loss; default: categorical cross-entropy for a softmax head, binary
         *              cross-entropy for a sigmoid head, mean squared error otherwise
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if already set
         */
        public Builder loss(Loss value) {
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `loss`, expected a Loss, got null.");
            }
            if (loss != null) {
                throw new IllegalStateException("`loss` was already set to " + loss);
            }
            loss = value;
            return this;
        }

        /**
         * How many threads one training step or prediction may use, the calling thread included. A batch
         * is cut into chunks by its size alone and their results are summed in a fixed order, so the
         * numbers are bit-identical whatever the thread count.
         *
         * @param value at least 1; default {@link Runtime#availableProcessors()}
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException    if already set
         */
        public Builder threads(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("Received an invalid value for argument `threads`, "
                        + "expected a positive integer, got " + value + ".");
            }
            if (threads != null) {
                throw new IllegalStateException("`threads` was already set to " + threads);
            }
            threads = value;
            return this;
        }

        /**
         * Runs the helper threads' work on the user's executor instead of the model's own pool of daemon
         * threads. The calling thread always takes part, so a saturated executor slows a call down but
         * cannot deadlock it.
         *
         * @param value the executor
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if already set
         */
        public Builder executor(Executor value) {
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `executor`, expected an executor, got null.");
            }
            if (executor != null) {
                throw new IllegalStateException("`executor` was already set to " + executor);
            }
            executor = value;
            return this;
        }

        /**
         * @param features features per time step; sequences may have any number of steps, like Keras's
         *                 {@code input_shape=(None, features)}
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException    if already set
         */
        public Builder inputFeatures(int features) {
            if (features <= 0) {
                throw new IllegalArgumentException("Received an invalid value for argument `inputFeatures`, "
                        + "expected a positive integer, got " + features + ".");
            }
            if (inputFeatures != null) {
                throw new IllegalStateException("`inputFeatures` was already set to " + inputFeatures);
            }
            inputFeatures = features;
            return this;
        }

        /**
         * Adds a layer on top of the stack.
         *
         * @param layer a recurrent layer ({@link SimpleRnnLayer}, {@code LstmLayer}, {@code GruLayer}, {@code Bidirectional})
         *              or, after the recurrent layers, a Dense layer; the last Dense layer is the head. A
         *              {@link io.github.stackedrnn.layer.DropoutLayer} goes anywhere below the head (before,
         *              between or after the recurrent layers, between Dense layers): it drops values in training
         *              steps only; first of all, optionally, a {@code NormalizationLayer}
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder add(Layer layer) {
            if (layer == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `layer`, expected a layer, got null.");
            }
            layers.add(layer);
            return this;
        }

        /**
         * @param value the optimizer; default {@link Adam#defaults()}
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if already set
         */
        public Builder optimizer(Optimizer value) {
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `optimizer`, expected an optimizer, got null.");
            }
            if (optimizer != null) {
                throw new IllegalStateException("`optimizer` was already set to " + optimizer);
            }
            optimizer = value;
            return this;
        }

        /**
         * @param value the seed of the initial weights and the shuffling; default a random one, readable
         *              from {@link StackedRnnModel#seed()}
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder seed(long value) {
            if (seed != null) {
                throw new IllegalStateException("`seed` was already set to " + seed);
            }
            seed = value;
            return this;
        }

        /**
         * @param value the model's name in its summary; default {@code sequential}
         * @return this builder
         * @throws IllegalArgumentException if null or blank
         * @throws IllegalStateException    if already set
         */
        public Builder name(String value) {
            checkName(value);
            if (name != null) {
                throw new IllegalStateException("`name` was already set to " + name);
            }
            name = value;
            return this;
        }

        /**
         * The rule for a model's name, so that every model that can be built can be saved and loaded: not
         * blank, well-formed UTF-16 (no unpaired surrogate, which UTF-8 cannot encode), and at most
         * {@value #MAX_NAME_BYTES} bytes in UTF-8 (the model file's limit).
         */
        static void checkName(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("Received an invalid value for argument `name`, expected a non-blank name, got "
                        + (value == null ? "null" : "\"" + value + "\"") + ".");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean paired = Character.isHighSurrogate(c) ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(++i))
                        : !Character.isLowSurrogate(c);
                if (!paired) {
                    throw new IllegalArgumentException("Received an invalid value for argument `name`, expected well-formed text, "
                            + "got an unpaired surrogate at index " + i + ".");
                }
            }
            int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("Received an invalid value for argument `name`, expected at most " + MAX_NAME_BYTES
                        + " bytes in UTF-8, got " + bytes + ".");
            }
        }

        /** The longest name, in UTF-8 bytes, a model file holds. */
        static final int MAX_NAME_BYTES = 1024;

        /**
         * @return the model, with weights initialised from the seed
         * @throws IllegalStateException if {@code inputFeatures} is missing (it may be left out when the first
         *                               layer is a {@code NormalizationLayer}, whose width it then is), or the
         *                               stack is not an optional NormalizationLayer, one or more recurrent
         *                               layers, then Dense layers, with every recurrent layer below another
         *                               returning sequences
         */
        public StackedRnnModel build() {
            Integer features = inputFeatures;
            if (features == null && !layers.isEmpty() && layers.get(0) instanceof io.github.stackedrnn.layer.NormalizationLayer n) {
                features = n.features(); // the statistics' width is the input's
            }
            if (features == null) {
                throw new IllegalStateException("`inputFeatures` is not set: call inputFeatures(n) with the number of features per time step");
            }
            return new StackedRnnModel(this, Network.plan(features, layers, loss));
        }
    }
}

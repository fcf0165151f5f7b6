package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.MatrixKernels;

import java.util.Arrays;

/**
 * Runs forward and backward passes of a {@link Network} over batches, in buffers it keeps between
 * calls. A batch is cut into chunks ({@link Tuning#chunkSize} in training, {@link Tuning#inferenceChunkSize}
 * otherwise) that run independently, possibly on several threads; per-chunk losses and gradients are then
 * summed in chunk order, so the result does not depend on the number of threads. Not thread-safe
 * itself: the model uses one engine for training (under its training lock) and takes inference engines
 * from a pool.
 */
final class Engine {
    private final Network net;
    private final Parallelism parallelism;
    private final boolean training;
    // training: one workspace per chunk (each keeps its activations and gradient share);
    // inference: one per worker, reused chunk after chunk
    private Workspace[] workspaces = new Workspace[0];
    private double[] chunkLoss = new double[0]; // [chunks]
    private double[] chunkScore = new double[0]; // [chunks] sum of the rows' scores (see OutputLoss#score)
    // each recurrent layer's transposed and packed weights, refreshed once per call and shared by its chunks
    private final DerivedWeights[] derived;      // [L]
    private boolean packedFresh; // the packed copies are of this call's params (set per call, cleared by end)
    private final float[] transposedHead;        // [K, U]
    private final float[][] transposedHidden;    // [hidden Dense layers][units, in]
    final float[] grads;                          // [P] the batch's gradient, reduced over chunks
    private final float[] nonTrainable;           // [N] the model's non-trainable weights (read, never written here)
    private final float[] deviation;              // [F] a NormalizationLayer's divisors, refreshed per call; null without one
    // the current call's arguments, read by the chunk tasks (bound once, so a call allocates nothing)
    private final Parallelism.Job job;
    private final Parallelism.ChunkTask gradientTask = this::gradientChunk;
    private final Parallelism.ChunkTask forwardTask = this::forwardChunk;
    private final Parallelism.ChunkTask detailedTask = this::detailedChunk;
    private float[] params;
    private Batch batch;
    private int chunk;
    private float scale;
    private float[] inputGradient;
    private float[] output;
    private float[][] hidden;
    private boolean dropout;   // this call draws dropout masks (a training step)
    private long dropoutKey;
    private long dropoutIteration; // the step's index, for Dropout layers with their own seed

    /** An engine for a network without non-trainable weights (no NormalizationLayer). */
    Engine(Network net, Parallelism parallelism, boolean training) {
        this(net, parallelism, training, new float[net.nonTrainableCount]);
    }

    /** @param nonTrainable the model's non-trainable weights, {@code [N]}, read under the same lock as the parameters */
    Engine(Network net, Parallelism parallelism, boolean training, float[] nonTrainable) {
        this.net = net;
        this.nonTrainable = nonTrainable;
        this.deviation = net.normalization != null ? new float[net.features] : null;
        this.parallelism = parallelism;
        this.training = training;
        derived = new DerivedWeights[net.rnn.length];
        for (int l = 0; l < derived.length; l++) {
            derived[l] = new DerivedWeights(net.rnn[l], training);
        }
        transposedHead = training ? new float[net.outputUnits() * net.head.in] : null;
        transposedHidden = new float[net.hidden.length][];
        for (int k = 0; k < net.hidden.length && training; k++) {
            transposedHidden[k] = new float[net.hidden[k].units * net.hidden[k].in];
        }
        grads = training ? new float[net.parameterCount] : null;
        job = parallelism.newJob();
    }

    /** Outcome of one pass over a batch, summed over chunks in chunk order. */
    static final class Result {
        double lossSum;
        double scoreSum; // correct predictions, or summed absolute errors for regression
        int rows;

        double meanLoss() {
            return lossSum / rows;
        }

        /** Accuracy, or the mean absolute error for regression. */
        double meanScore() {
            return scoreSum / rows;
        }
    }

    /**
     * Forward and backward over a batch with targets: the mean loss's gradient lands in {@link #grads}.
     *
     * @param inputGradient output: {@code dL/dx [B, T, F]}, or null to skip it
     */
    Result gradients(float[] params, Batch batch, float[] inputGradient) {
        return gradients(params, batch, inputGradient, false, 0L, 0L);
    }

    /** As the overload below, for the step with index 0 (the index matters only to Dropout layers with a seed). */
    Result gradients(float[] params, Batch batch, float[] inputGradient, boolean dropout, long dropoutKey) {
        return gradients(params, batch, inputGradient, dropout, dropoutKey, 0L);
    }

    /**
     * As {@link #gradients(float[], Batch, float[])}; with {@code dropout}, the layers that have dropout
     * draw their masks from {@code dropoutKey} (a training step), a Dropout layer with its own seed from
     * that seed and {@code iteration}.
     */
    Result gradients(float[] params, Batch batch, float[] inputGradient, boolean dropout, long dropoutKey, long iteration) {
        this.dropout = dropout;
        this.dropoutKey = dropoutKey;
        this.dropoutIteration = iteration;
        int chunks = begin(params, batch);
        refreshTransposes(params, inputGradient != null);
        packedFresh = true;
        packKernelsForSteps(params, batch);
        int rows = scoredRows(batch);
        this.scale = 1f / rows;
        this.inputGradient = inputGradient;
        job.run(chunks, gradientTask);
        System.arraycopy(workspaces[0].grads, 0, grads, 0, grads.length);
        for (int c = 1; c < chunks; c++) {
            MatrixKernels.axpy(1f, workspaces[c].grads, 0, grads, 0, grads.length);
        }
        return end(chunks, rows);
    }

    private void gradientChunk(int worker, int c) {
        Workspace w = workspaces[c];
        int first = loadChunk(w, c);
        if (dropout) {
            for (int l = 0; l < net.rnn.length; l++) {
                if (w.dropout[l] != null) {
                    w.dropout[l].draw(dropoutKey, l, first, w.batch, net.rnn[l].in, net.rnn[l].units);
                }
            }
            for (int d = 0; d < net.dropouts.length; d++) {
                if (w.dropMask[d] != null) {
                    DropoutPlan p = net.dropouts[d];
                    p.draw(w.dropMask[d], p.key(dropoutKey, dropoutIteration), first, w.batch, p.steps(w.time));
                }
            }
        }
        forwardChunk(w);
        lossAndAccuracy(w, c, scale, true);
        Arrays.fill(w.grads, 0f);
        backwardChunk(w, inputGradient != null);
        if (inputGradient != null) {
            if (deviation != null) {
                Normalization.inputGradient(w.dx, w.time * w.batch, deviation, net.features);
            }
            toSampleMajor(w.dx, w, first, net.features, inputGradient);
        }
    }

    /**
     * Forward only. Writes the probabilities into {@code probabilities} ({@code [B, K]} or
     * {@code [B, T, K]}) when it is not null, and the loss when the batch has targets.
     */
    Result forward(float[] params, Batch batch, float[] probabilities) {
        int chunks = begin(params, batch);
        packRecurrentForSteps(params, batch);
        this.output = probabilities;
        job.run(chunks, forwardTask);
        return end(chunks, scoredRows(batch));
    }

    /** The rows the loss averages over: samples, or (sample, step) pairs that are not masked. */
    private int scoredRows(Batch batch) {
        if (!net.perStepOutput() || batch.mask == null) {
            return net.head.rows(batch.time, batch.size);
        }
        int rows = 0;
        for (int i = 0; i < batch.size; i++) {
            int sample = batch.sample(i);
            for (int t = 0; t < batch.time; t++) {
                rows += batch.mask.valid(sample, t) ? 1 : 0;
            }
        }
        return rows;
    }

    private void forwardChunk(int worker, int c) {
        Workspace w = workspaces[worker];
        int first = loadChunk(w, c);
        forwardChunk(w);
        if (batch.targets != null) {
            lossAndAccuracy(w, c, 0f, false);
        } else {
            net.loss.outputs(w.logits, 0, net.head.rows(w.time, w.batch), net.outputUnits(), w.probs);
        }
        if (output != null) {
            storeOutput(w.probs, w, first, output);
        }
    }

    /**
     * Forward only, keeping what the public API normally hides: every recurrent layer's hidden
     * sequence ({@code hidden[l]}, {@code [B, T, U_l]}) and the logits ({@code [B, K]} or {@code [B, T, K]}).
     */
    void forwardDetailed(float[] params, Batch batch, float[][] hidden, float[] logits) {
        int chunks = begin(params, batch);
        packRecurrentForSteps(params, batch);
        this.hidden = hidden;
        this.output = logits;
        job.run(chunks, detailedTask);
        end(chunks, 0);
    }

    private void detailedChunk(int worker, int c) {
        Workspace w = workspaces[worker];
        int first = loadChunk(w, c);
        forwardChunk(w);
        for (int i = 0; i < net.blocks.length; i++) {
            toSampleMajor(w.output(net, i), w, first, net.blocks[i].width, hidden[i]);
        }
        storeOutput(w.logits, w, first, output);
    }

    /** Records the call's arguments and sizes the workspaces; returns the number of chunks. */
    private int begin(float[] params, Batch batch) {
        this.params = params;
        this.batch = batch;
        this.chunk = training ? Tuning.chunkSize(batch.size) : Tuning.inferenceChunkSize(batch.size);
        if (deviation != null) {
            Normalization.deviations(nonTrainable, net.features, deviation);
        }
        return prepare(batch, chunk);
    }

    /** Puts chunk {@code c}'s samples into {@code w}; returns the index of its first sample in the batch. */
    private int loadChunk(Workspace w, int c) {
        int first = c * chunk;
        w.batch = Math.min(chunk, batch.size - first);
        w.first = first;
        load(batch, first, w);
        return first;
    }

    /** Sums the chunks' losses in chunk order and drops the call's references. */
    private Result end(int chunks, int rows) {
        Result result = new Result();
        result.rows = rows;
        for (int c = 0; c < chunks; c++) {
            result.lossSum += chunkLoss[c];
            result.scoreSum += chunkScore[c];
        }
        params = null;
        batch = null;
        inputGradient = null;
        output = null;
        hidden = null;
        dropout = false;
        packedFresh = false;
        return result;
    }

    private void forwardChunk(Workspace w) {
        float[] input = dropForward(w, 0, w.x);
        boolean[] valid = w.masked ? w.valid : null;
        RnnState state = batch.state;
        for (int i = 0; i < net.blocks.length; i++) {
            RecurrentBlock block = net.blocks[i];
            int plans = block.bidirectional() ? 2 : 1;
            for (int l = block.first; l < block.first + plans; l++) {
                RnnLayerPlan p = net.rnn[l];
                RecurrentCache cache = w.layers[l];
                float[][] initial = state == null ? null : state.states[l];
                Dropout drop = dropout ? w.dropout[l] : null;
                float[] packed = packedFresh ? derived[l].packedRecurrent : null;
                float[] packedKernel = packedFresh ? derived[l].packedKernel : null;
                p.forward(params, packed, packedKernel, input, cache, w.time, w.batch, valid, initial, w.first * p.units, drop);
                if (state != null) {
                    int last = p.lastStep(w.time) * w.batch * p.units;
                    for (int k = 0; k < initial.length; k++) {
                        System.arraycopy(cache.states[k], last, initial[k], w.first * p.units, w.batch * p.units);
                    }
                }
            }
            if (block.bidirectional()) {
                block.merge(w.layers[block.first].h(), w.layers[block.first + 1].h(), w.merged[i], w.time, w.batch, valid);
            } else if (block.readsBackwards()) {
                block.flip(w.layers[block.first].h(), w.merged[i], w.time, w.batch);
            }
            input = dropForward(w, i + 1, w.output(net, i));
        }
        float[] top = input;
        if (net.hidden.length == 0) {
            net.head.forward(params, top, w.time, w.batch, w.logits);
            return;
        }
        int rows = net.head.rows(w.time, w.batch);
        float[] in = top;
        int inOff = hiddenInputOffset(w);
        for (int k = 0; k < net.hidden.length; k++) {
            net.hidden[k].forward(params, in, inOff, rows, w.dense[k]);
            in = dropForward(w, net.stageAfterHidden(k), w.dense[k]);
            inOff = 0;
        }
        net.head.forward(params, in, w.time, w.batch, w.logits);
    }

    /** Where in the top recurrent output the first hidden Dense layer reads: every step, or the last. */
    private int hiddenInputOffset(Workspace w) {
        return net.head.perStep ? 0 : (w.time - 1) * w.batch * net.blocks[net.blocks.length - 1].width;
    }

    private void backwardChunk(Workspace w, boolean wantInputGradient) {
        int top = net.blocks.length - 1;
        boolean[] valid = w.masked ? w.valid : null;
        float[] topOut = stageOutput(w, net.blocks.length, w.output(net, top));
        float[] dTop = w.dOutput(net, top);
        if (net.hidden.length == 0) {
            net.head.backward(transposedHead, topOut, w.dLogits, w.grads, dTop, w.time, w.batch);
        } else {
            int last = net.hidden.length - 1;
            int lastStage = net.stageAfterHidden(last);
            net.head.backward(transposedHead, stageOutput(w, lastStage, w.dense[last]), w.dLogits, w.grads, w.dDense[last], w.time,
                    w.batch);
            dropBackward(w, lastStage, w.dDense[last]);
            int rows = net.head.rows(w.time, w.batch);
            int inOff = hiddenInputOffset(w);
            Arrays.fill(dTop, 0, w.time * w.batch * net.blocks[top].width, 0f);
            for (int k = last; k >= 0; k--) {
                float[] x = k > 0 ? stageOutput(w, net.stageAfterHidden(k - 1), w.dense[k - 1]) : topOut;
                float[] dx = k > 0 ? w.dDense[k - 1] : dTop;
                net.hidden[k].backward(transposedHidden[k], x, k > 0 ? 0 : inOff, w.dense[k], w.dDense[k], rows, w.grads, dx,
                        k > 0 ? 0 : inOff);
                if (k > 0) {
                    dropBackward(w, net.stageAfterHidden(k - 1), dx);
                }
            }
        }
        dropBackward(w, net.blocks.length, dTop);
        for (int i = top; i >= 0; i--) {
            RecurrentBlock block = net.blocks[i];
            float[] input = i == 0 ? stageOutput(w, 0, w.x) : stageOutput(w, i, w.output(net, i - 1));
            float[] dInput = i > 0 ? w.dOutput(net, i - 1) : (wantInputGradient ? w.inputGradient(net.features) : null);
            int l = block.first;
            if (!block.bidirectional()) {
                if (block.readsBackwards()) {
                    block.unflip(w.dMerged[i], w.layers[l].dh(), w.time, w.batch);
                }
                net.rnn[l].backward(derived[l], input, w.layers[l], w.grads, dInput, w.time, w.batch, valid,
                        dropout ? w.dropout[l] : null);
            } else {
                RecurrentCache f = w.layers[l];
                RecurrentCache b = w.layers[l + 1];
                block.split(w.dMerged[i], f.h(), b.h(), f.dh(), b.dh(), w.time, w.batch, valid);
                net.rnn[l].backward(derived[l], input, f, w.grads, dInput, w.time, w.batch, valid, dropout ? w.dropout[l] : null);
                float[] scratch = dInput == null ? null : w.dInputScratch[i];
                net.rnn[l + 1].backward(derived[l + 1], input, b, w.grads, scratch, w.time, w.batch, valid,
                        dropout ? w.dropout[l + 1] : null);
                if (dInput != null) {
                    MatrixKernels.axpy(1f, scratch, 0, dInput, 0, w.time * w.batch * block.in);
                }
            }
            dropBackward(w, i, dInput);
        }
    }

    /**
     * The values the layers above {@code stage} read: in a training step {@code x} through the stage's
     * Dropout layers (each writing its own buffer, kept for backward), else {@code x} itself.
     */
    private float[] dropForward(Workspace w, int stage, float[] x) {
        if (!dropout) {
            return x;
        }
        float[] in = x;
        for (int d = net.firstDropout(stage); d < net.endDropout(stage); d++) {
            if (w.dropped[d] != null) {
                DropoutPlan.forward(in, stageOffset(w, stage), w.dropMask[d], w.dropped[d], stageValues(w, stage));
                in = w.dropped[d];
            }
        }
        return in;
    }

    /** @return what the forward pass's layers above {@code stage} read: its last Dropout's output, or {@code x} */
    private float[] stageOutput(Workspace w, int stage, float[] x) {
        if (dropout) {
            for (int d = net.endDropout(stage) - 1; d >= net.firstDropout(stage); d--) {
                if (w.dropped[d] != null) {
                    return w.dropped[d];
                }
            }
        }
        return x;
    }

    /** The gradient of what the layers above {@code stage} read into the gradient of the stage's own output, in place. */
    private void dropBackward(Workspace w, int stage, float[] dy) {
        if (!dropout || dy == null) {
            return;
        }
        for (int d = net.endDropout(stage) - 1; d >= net.firstDropout(stage); d--) {
            if (w.dropMask[d] != null) {
                DropoutPlan.backward(dy, stageOffset(w, stage), w.dropMask[d], stageValues(w, stage));
            }
        }
    }

    /** Where in its buffer the values a stage passes up start: the top recurrent output's last step when the head reads only it. */
    private int stageOffset(Workspace w, int stage) {
        return stage == net.blocks.length ? hiddenInputOffset(w) : 0;
    }

    /** How many values a stage passes up: the whole sequence below the top recurrent layer, else the head's rows. */
    private int stageValues(Workspace w, int stage) {
        int blocks = net.blocks.length;
        int width = stage == 0 ? net.features : stage <= blocks ? net.blocks[stage - 1].width : net.hidden[stage - blocks - 1].units;
        int rows = stage < blocks ? w.time * w.batch : net.head.rows(w.time, w.batch);
        return rows * width;
    }

    /** The chunk's outputs, loss (into chunkLoss) and scores (into chunkScore); masked per-step rows count for nothing. */
    private void lossAndAccuracy(Workspace w, int chunk, float scale, boolean withGradient) {
        int rows = net.head.rows(w.time, w.batch);
        int k = net.outputUnits();
        float[] dLogits = withGradient ? w.dLogits : null;
        boolean perStepMask = w.masked && net.perStepOutput();
        OutputLoss lossFn = net.loss;
        double loss = 0;
        double score = 0;
        for (int r = 0; r < rows; r++) {
            int off = r * k;
            if (perStepMask && !w.valid[r]) {
                lossFn.outputs(w.logits, off, 1, k, w.probs);
                if (dLogits != null) {
                    Arrays.fill(dLogits, off, off + k, 0f);
                }
                continue;
            }
            float weight = w.weighted ? w.rowWeight[r] : 1f;
            loss += lossFn.row(w.logits, off, w.targets, k, scale, weight, w.probs, dLogits);
            score += lossFn.score(w.probs, w.targets, off, k);
        }
        chunkLoss[chunk] = loss;
        chunkScore[chunk] = score;
    }

    /** Copies the chunk's samples into {@code w.x [T, b, F]} and their targets into {@code w.targets [R, K]}. */
    private void load(Batch batch, int first, Workspace w) {
        int f = net.features;
        int time = w.time;
        int k = net.outputUnits();
        boolean masked = false;
        for (int s = 0; s < w.batch; s++) {
            int sample = batch.sample(first + s);
            for (int t = 0; t < time; t++) {
                batch.x.copyTo((sample * time + t) * f, w.x, (t * w.batch + s) * f, f);
                boolean valid = batch.mask == null || batch.mask.valid(sample, t);
                if (deviation != null) {
                    Normalization.standardize(w.x, (t * w.batch + s) * f, valid, nonTrainable, deviation, f);
                }
                w.valid[t * w.batch + s] = valid;
                masked |= !valid;
            }
            if (batch.targets != null) {
                if (net.perStepOutput()) {
                    for (int t = 0; t < time; t++) {
                        int row = t * w.batch + s;
                        batch.targets.copyRow(sample, t, w.targets, row * k);
                        if (batch.weights != null) {
                            w.rowWeight[row] = batch.weights.weight(sample, w.targets, row * k, k);
                        }
                    }
                } else {
                    batch.targets.copyRow(sample, 0, w.targets, s * k);
                    if (batch.weights != null) {
                        w.rowWeight[s] = batch.weights.weight(sample, w.targets, s * k, k);
                    }
                }
            }
        }
        w.masked = masked;
        w.weighted = batch.weights != null && batch.targets != null;
    }

    /** A chunk's output rows ({@code [R, K]}, time-major) into the caller's {@code [B, K]} or {@code [B, T, K]}. */
    private void storeOutput(float[] rows, Workspace w, int first, float[] out) {
        int k = net.outputUnits();
        if (net.perStepOutput()) {
            toSampleMajor(rows, w, first, k, out);
        } else {
            System.arraycopy(rows, 0, out, first * k, w.batch * k);
        }
    }

    /** Copies a chunk's time-major {@code [T, b, width]} rows to samples {@code first...} of a {@code [B, T, width]} array. */
    private static void toSampleMajor(float[] chunk, Workspace w, int first, int width, float[] out) {
        for (int s = 0; s < w.batch; s++) {
            for (int t = 0; t < w.time; t++) {
                System.arraycopy(chunk, (t * w.batch + s) * width, out, ((first + s) * w.time + t) * width, width);
            }
        }
    }

    /**
     * Packs each U once for the call's per-step products, when they have 4-row tiles to read it and more
     * than one step to share it (a streaming step of one time step would pay the copy for one product).
     */
    private void packRecurrentForSteps(float[] params, Batch batch) {
        if (derived[0].packedRecurrent == null || chunk < 4 || batch.time < 2) {
            return;
        }
        for (DerivedWeights d : derived) {
            d.packRecurrent(params);
        }
        packedFresh = true;
        packKernelsForSteps(params, batch);
    }

    /** Packs W for the layers whose input product this call's chunks (at most {@code chunk} sequences) compute step by step. */
    private void packKernelsForSteps(float[] params, Batch batch) {
        if (derived.length == 0 || derived[0].packedKernel == null) {
            return;
        }
        for (int l = 0; l < derived.length; l++) {
            if (net.rnn[l].stepwiseInput(batch.time, chunk)) {
                derived[l].packKernel(params);
            }
        }
    }

    private void refreshTransposes(float[] params, boolean wantInputGradient) {
        for (int l = 0; l < derived.length; l++) {
            derived[l].refreshForTraining(params, l > 0 || wantInputGradient);
        }
        MatrixKernels.transpose(params, net.head.kernelOffset, net.head.in, net.outputUnits(), transposedHead, 0);
        for (int k = 0; k < net.hidden.length; k++) {
            DensePlan d = net.hidden[k];
            MatrixKernels.transpose(params, d.kernelOffset, d.in, d.units, transposedHidden[k], 0);
        }
    }

    /** Makes sure there are workspaces for this batch shape; returns the number of chunks. */
    private int prepare(Batch batch, int chunk) {
        int chunks = (batch.size + chunk - 1) / chunk;
        int needed = training ? chunks : parallelism.workers(chunks);
        if (workspaces.length < needed || workspaces[0].timeCapacity < batch.time || workspaces[0].capacity < chunk) {
            // grow to hold this batch and every smaller one seen, so a mix of lengths stops allocating
            int time = workspaces.length == 0 ? batch.time : Math.max(batch.time, workspaces[0].timeCapacity);
            int capacity = workspaces.length == 0 ? chunk : Math.max(chunk, workspaces[0].capacity);
            Workspace[] ws = new Workspace[Math.max(needed, workspaces.length)];
            for (int i = 0; i < ws.length; i++) {
                ws[i] = new Workspace(net, time, capacity, training);
            }
            workspaces = ws;
        }
        for (Workspace w : workspaces) {
            w.time = batch.time;
        }
        if (chunkLoss.length < chunks) {
            chunkLoss = new double[chunks];
            chunkScore = new double[chunks];
        }
        return chunks;
    }

    /**
     * Lets go of the workspaces when they hold more than {@code maxFloats} each on average (there is
     * one per thread, or per chunk of a training batch), so that one large call does not keep its
     * buffers for as long as the engine lives; the next call allocates what it needs.
     */
    void trimTo(long maxFloats) {
        if (workspaceFloats() > maxFloats * Math.max(1, workspaces.length)) {
            workspaces = new Workspace[0];
        }
    }

    /** @return about how many floats the engine's workspaces hold between calls */
    long workspaceFloats() {
        long held = 0;
        for (Workspace w : workspaces) {
            held += w.floats();
        }
        return held;
    }

    /**
     * For tests: the mask value Dropout layer {@code d} drew in the last training step for value {@code j}
     * of step {@code t} (any t for a layer that sees only the last step) of sample {@code i} of the batch.
     */
    float dropoutMask(int d, int i, int t, int j) {
        int c = i / chunk;
        Workspace w = workspaces[c];
        DropoutPlan p = net.dropouts[d];
        int row = (p.sequence ? t : 0) * w.batch + (i - c * chunk);
        return w.dropMask[d][row * p.width + j];
    }

    static int argMax(float[] a, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (a[off + i] > a[off + best]) {
                best = i;
            }
        }
        return best;
    }
}

package io.github.stackedrnn.model;

import io.github.stackedrnn.loss.CategoricalCrossEntropy;
import io.github.stackedrnn.tensor.MatrixKernels;

import java.util.Arrays;

/**
 * Runs forward and backward passes of a {@link Network} over batches, chunk by chunk, in buffers it
 * keeps between calls. Not thread-safe: the model uses one engine for training (under its training
 * lock) and takes inference engines from a pool.
 */
final class Engine {
    private final Network net;
    private final boolean training;
    private Workspace[] chunks = new Workspace[0]; // one per chunk of the current batch shape
    private int cachedBatch = -1;
    private int cachedTime = -1;
    // transposed weights for backward, refreshed once per batch and shared by its chunks
    private final float[][] transposedRecurrent; // [L][U, U]
    private final float[][] transposedKernel;    // [L][U, in]
    private final float[] transposedHead;        // [K, U]
    final float[] grads;                          // [P] the batch's gradient, reduced over chunks

    Engine(Network net, boolean training) {
        this.net = net;
        this.training = training;
        int layers = net.rnn.length;
        transposedRecurrent = new float[layers][];
        transposedKernel = new float[layers][];
        for (int l = 0; l < layers && training; l++) {
            RnnLayerPlan p = net.rnn[l];
            transposedRecurrent[l] = new float[p.units * p.units];
            transposedKernel[l] = new float[p.units * p.in];
        }
        transposedHead = training ? new float[net.classes() * net.head.in] : null;
        grads = training ? new float[net.parameterCount] : null;
    }

    /** Outcome of one pass over a batch, summed over chunks in chunk order. */
    static final class Result {
        double lossSum;
        int correct;
        int rows;

        double meanLoss() {
            return lossSum / rows;
        }
    }

    /**
     * Forward and backward over a batch with targets: the mean loss's gradient lands in {@link #grads}.
     *
     * @param inputGradient output: {@code dL/dx [B, T, F]}, or null to skip it
     */
    Result gradients(float[] params, Batch batch, float[] inputGradient) {
        Workspace[] ws = workspaces(batch.size, batch.time);
        refreshTransposes(params, inputGradient != null);
        int rows = net.head.rows(batch.time, batch.size);
        float scale = 1f / rows;
        int first = 0;
        for (Workspace w : ws) {
            runChunk(params, batch, first, w, scale, inputGradient);
            first += w.batch;
        }
        Result result = new Result();
        result.rows = rows;
        System.arraycopy(ws[0].grads, 0, grads, 0, grads.length);
        for (int c = 0; c < ws.length; c++) {
            if (c > 0) {
                MatrixKernels.axpy(1f, ws[c].grads, 0, grads, 0, grads.length);
            }
            result.lossSum += ws[c].lossSum;
            result.correct += ws[c].correct;
        }
        return result;
    }

    /**
     * Forward only. Writes the probabilities into {@code probabilities} ({@code [B, K]} or
     * {@code [B, T, K]}) when it is not null, and the loss when the batch has targets.
     */
    Result forward(float[] params, Batch batch, float[] probabilities) {
        Workspace[] ws = workspaces(batch.size, batch.time);
        Result result = new Result();
        result.rows = net.head.rows(batch.time, batch.size);
        int first = 0;
        for (Workspace w : ws) {
            load(batch, first, w);
            forwardChunk(params, w);
            if (batch.targets != null) {
                lossAndAccuracy(w, 0f, false);
                result.lossSum += w.lossSum;
                result.correct += w.correct;
            } else {
                CategoricalCrossEntropy.softmax(w.logits, 0, net.head.rows(w.time, w.batch), net.classes(), w.probs, 0);
            }
            if (probabilities != null) {
                storeProbabilities(w, first, batch.size, probabilities);
            }
            first += w.batch;
        }
        return result;
    }

    /**
     * Forward only, keeping what the public API normally hides: every recurrent layer's hidden
     * sequence ({@code hidden[l]}, {@code [B, T, U_l]}) and the logits ({@code [B, K]} or {@code [B, T, K]}).
     */
    void forwardDetailed(float[] params, Batch batch, float[][] hidden, float[] logits) {
        Workspace[] ws = workspaces(batch.size, batch.time);
        int first = 0;
        for (Workspace w : ws) {
            load(batch, first, w);
            forwardChunk(params, w);
            for (int l = 0; l < net.rnn.length; l++) {
                toSampleMajor(w.h[l], w, first, net.rnn[l].units, hidden[l]);
            }
            if (net.perStepOutput()) {
                toSampleMajor(w.logits, w, first, net.classes(), logits);
            } else {
                System.arraycopy(w.logits, 0, logits, first * net.classes(), w.batch * net.classes());
            }
            first += w.batch;
        }
    }

    private void runChunk(float[] params, Batch batch, int first, Workspace w, float scale, float[] inputGradient) {
        load(batch, first, w);
        forwardChunk(params, w);
        lossAndAccuracy(w, scale, true);
        Arrays.fill(w.grads, 0f);
        backwardChunk(w, inputGradient != null);
        if (inputGradient != null) {
            storeInputGradient(w, first, batch.size, inputGradient);
        }
    }

    private void forwardChunk(float[] params, Workspace w) {
        float[] input = w.x;
        for (int l = 0; l < net.rnn.length; l++) {
            net.rnn[l].forward(params, input, w.h[l], w.time, w.batch);
            input = w.h[l];
        }
        net.head.forward(params, w.h[net.rnn.length - 1], w.time, w.batch, w.logits);
    }

    private void backwardChunk(Workspace w, boolean wantInputGradient) {
        int top = net.rnn.length - 1;
        net.head.backward(transposedHead, w.h[top], w.dLogits, w.grads, w.dh[top], w.time, w.batch);
        for (int l = top; l >= 0; l--) {
            RnnLayerPlan p = net.rnn[l];
            float[] input = l == 0 ? w.x : w.h[l - 1];
            float[] dInput = l > 0 ? w.dh[l - 1] : (wantInputGradient ? w.inputGradient(net.features) : null);
            p.backward(transposedRecurrent[l], transposedKernel[l], input, w.h[l], w.dh[l], w.grads, dInput, w.time, w.batch);
        }
    }

    private void lossAndAccuracy(Workspace w, float scale, boolean withGradient) {
        int rows = net.head.rows(w.time, w.batch);
        int k = net.classes();
        w.lossSum = CategoricalCrossEntropy.forwardBackward(w.logits, 0, w.targets, 0, rows, k, scale, w.probs, 0,
                withGradient ? w.dLogits : null, 0);
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (argMax(w.probs, r * k, k) == argMax(w.targets, r * k, k)) {
                correct++;
            }
        }
        w.correct = correct;
    }

    /** Copies the chunk's samples into {@code w.x [T, b, F]} and their targets into {@code w.targets [R, K]}. */
    private void load(Batch batch, int first, Workspace w) {
        int f = net.features;
        int time = w.time;
        int k = net.classes();
        for (int s = 0; s < w.batch; s++) {
            int sample = batch.sample(first + s);
            for (int t = 0; t < time; t++) {
                batch.x.copyTo((sample * time + t) * f, w.x, (t * w.batch + s) * f, f);
            }
            if (batch.targets != null) {
                if (net.perStepOutput()) {
                    for (int t = 0; t < time; t++) {
                        batch.targets.copyRow(sample, t, w.targets, (t * w.batch + s) * k);
                    }
                } else {
                    batch.targets.copyRow(sample, 0, w.targets, s * k);
                }
            }
        }
    }

    /** Chunk rows (time-major) back to the caller's sample-major {@code [B, K]} or {@code [B, T, K]}. */
    private void storeProbabilities(Workspace w, int first, int batchSize, float[] out) {
        int k = net.classes();
        if (net.perStepOutput()) {
            toSampleMajor(w.probs, w, first, k, out);
        } else {
            System.arraycopy(w.probs, 0, out, first * k, w.batch * k);
        }
    }

    private void storeInputGradient(Workspace w, int first, int batchSize, float[] out) {
        toSampleMajor(w.dx, w, first, net.features, out);
    }

    /** Copies a chunk's time-major {@code [T, b, width]} rows to samples {@code first...} of a {@code [B, T, width]} array. */
    private static void toSampleMajor(float[] chunk, Workspace w, int first, int width, float[] out) {
        for (int s = 0; s < w.batch; s++) {
            for (int t = 0; t < w.time; t++) {
                System.arraycopy(chunk, (t * w.batch + s) * width, out, ((first + s) * w.time + t) * width, width);
            }
        }
    }

    private void refreshTransposes(float[] params, boolean wantInputGradient) {
        for (int l = 0; l < net.rnn.length; l++) {
            RnnLayerPlan p = net.rnn[l];
            MatrixKernels.transpose(params, p.recurrentOffset, p.units, p.units, transposedRecurrent[l], 0);
            if (l > 0 || wantInputGradient) {
                MatrixKernels.transpose(params, p.kernelOffset, p.in, p.units, transposedKernel[l], 0);
            }
        }
        MatrixKernels.transpose(params, net.head.kernelOffset, net.head.in, net.classes(), transposedHead, 0);
    }

    private Workspace[] workspaces(int batch, int time) {
        if (batch != cachedBatch || time != cachedTime) {
            int chunk = Tuning.chunkSize(batch);
            int count = (batch + chunk - 1) / chunk;
            Workspace[] ws = new Workspace[count];
            for (int c = 0; c < count; c++) {
                int size = Math.min(chunk, batch - c * chunk);
                // inference chunks run one after another, so equal-sized ones can share one workspace
                ws[c] = !training && c > 0 && size == ws[0].batch ? ws[0] : reuse(size, time, c);
            }
            chunks = ws;
            cachedBatch = batch;
            cachedTime = time;
        }
        return chunks;
    }

    private Workspace reuse(int size, int time, int index) {
        if (index < chunks.length && chunks[index].batch == size && chunks[index].time == time) {
            return chunks[index];
        }
        return new Workspace(net, time, size, training);
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

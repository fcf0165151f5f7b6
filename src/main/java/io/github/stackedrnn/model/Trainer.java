package io.github.stackedrnn.model;

import io.github.stackedrnn.optim.NonFiniteUpdateException;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.optim.OptimizerState;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.NonFiniteLossException;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Everything that changes a model's weights: the optimizer and its state, the epoch count, the seeds
 * of shuffling and dropout, the training engine, and the two locks that order training.
 *
 * <p>{@link #sessionLock} is held for a whole training call ({@code fit}, {@code trainOnBatch},
 * {@code setWeights}), so training calls from different threads never interleave. {@link #stepLock}
 * is held only for one optimizer step (or one gradient computation, or one read of the optimizer
 * state), so a thread that only reads ({@code summary}, {@code save}, {@code computeGradients}) waits at
 * most one step, even during a long {@code fit}. Weights are written under the parameters' write lock
 * inside the step lock; predictions take only the read lock.
 */
final class Trainer {
    private final Network net;
    private final ModelParameters parameters;
    private final Parallelism parallelism;
    private final Optimizer optimizer;
    private final long shuffleSeed;
    private final long dropoutSeed;
    private final boolean hasDropout;
    private final ReentrantLock sessionLock = new ReentrantLock();
    private final ReentrantLock stepLock = new ReentrantLock();
    private int epochsDone;               // guarded by stepLock
    private OptimizerState optimizerState; // guarded by stepLock; null until the first step, as in Keras
    private Engine engine;                 // guarded by stepLock

    Trainer(Network net, ModelParameters parameters, Parallelism parallelism, Optimizer optimizer, long shuffleSeed,
            long dropoutSeed, OptimizerState restoredState, int epochsDone) {
        this.net = net;
        this.parameters = parameters;
        this.parallelism = parallelism;
        this.optimizer = optimizer;
        this.shuffleSeed = shuffleSeed;
        this.dropoutSeed = dropoutSeed;
        boolean dropout = false;
        for (RnnLayerPlan p : net.rnn) {
            dropout |= Dropout.needed(p);
        }
        this.hasDropout = dropout || net.hasDropoutLayers();
        this.optimizerState = restoredState;
        this.epochsDone = epochsDone;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    /** Runs {@code call} as one training session: no other thread's training call runs meanwhile. */
    <R> R session(Supplier<R> call) {
        sessionLock.lock();
        try {
            return call.get();
        } finally {
            trimEngine();
            sessionLock.unlock();
        }
    }

    /** Between training calls the engine keeps at most {@link Tuning#RETAINED_WORKSPACE_FLOATS} per workspace. */
    private void trimEngine() {
        stepLock.lock();
        try {
            if (engine != null) {
                engine.trimTo(Tuning.RETAINED_WORKSPACE_FLOATS);
            }
        } finally {
            stepLock.unlock();
        }
    }

    /** @return how many optimizer steps have been applied */
    long iterations() {
        stepLock.lock();
        try {
            return optimizerState == null ? 0 : optimizerState.iterations();
        } finally {
            stepLock.unlock();
        }
    }

    /** @return the epochs fit has completed over the model's life */
    int epochsDone() {
        stepLock.lock();
        try {
            return epochsDone;
        } finally {
            stepLock.unlock();
        }
    }

    /** Counts a finished epoch. */
    void epochCompleted() {
        stepLock.lock();
        try {
            epochsDone++;
        } finally {
            stepLock.unlock();
        }
    }

    /** The shuffling stream of the model's epoch {@code epochIndex}. */
    SplittableRandom shuffleRandom(int epochIndex) {
        return new SplittableRandom(shuffleSeed + 0x9E3779B97F4A7C15L * (epochIndex + 1L));
    }

    /** @return the optimizer's variable count for the summary, or -1 before the first step */
    long optimizerVariableCount() {
        stepLock.lock();
        try {
            return optimizerState == null ? -1 : optimizerState.variableCount();
        } finally {
            stepLock.unlock();
        }
    }

    /** The learning rate of the next optimizer step. */
    double learningRate() {
        stepLock.lock();
        try {
            return optimizerState().learningRate();
        } finally {
            stepLock.unlock();
        }
    }

    /** Sets the learning rate of the following steps (ReduceLROnPlateau). */
    void setLearningRate(double value) {
        stepLock.lock();
        try {
            optimizerState().setLearningRate(value);
        } finally {
            stepLock.unlock();
        }
    }

    /** @return copies of the weights */
    List<Tensor> weights() {
        return parameters.get();
    }

    /** Replaces every weight (checked first), between two steps. */
    void setWeights(List<Tensor> weights) {
        ModelParameters.check(net, weights, "setWeights");
        sessionLock.lock();
        stepLock.lock();
        try {
            parameters.set(weights);
        } finally {
            stepLock.unlock();
            sessionLock.unlock();
        }
    }

    /** What a snapshot needs of the training state, read in one step-lock section with the weights. */
    record State(List<Tensor> weights, OptimizerState optimizerState, int epochsDone) {
    }

    /** @return a consistent copy of the weights, the optimizer state (if asked for and present) and the epoch count */
    State state(boolean includeOptimizerState) {
        stepLock.lock();
        try {
            OptimizerState state = includeOptimizerState && optimizerState != null ? optimizerState.copy() : null;
            return new State(parameters.get(), state, epochsDone);
        } finally {
            stepLock.unlock();
        }
    }

    /**
     * The batch's loss and gradients without a step: the gradients land in the training engine's
     * buffer, which {@code read} turns into the caller's result before the step lock is released.
     */
    <R> R gradients(Batch batch, float[] inputGradient, GradientReader<R> read) {
        stepLock.lock();
        try {
            Engine e = engine();
            Engine.Result r = e.gradients(parameters.values(), batch, inputGradient);
            double penalty = parameters.addPenaltyGradient(e.grads);
            R result = read.read(r.meanLoss() + penalty, e.grads);
            e.trimTo(Tuning.RETAINED_WORKSPACE_FLOATS);
            return result;
        } finally {
            stepLock.unlock();
        }
    }

    /** Turns a gradient computation's outcome into a result while the engine's buffer is still valid. */
    interface GradientReader<R> {
        R read(double loss, float[] grads);
    }

    /**
     * Computes the batch's gradient and applies one optimizer step, unless the loss or a gradient is
     * not finite (nothing changes then). The weights are written under the parameters' write lock.
     */
    Engine.Result applyStep(Batch batch, int epoch, int batchIndex) {
        stepLock.lock();
        try {
            Engine e = engine();
            long iteration = optimizerState == null ? 0 : optimizerState.iterations();
            float[] params = parameters.values();
            Engine.Result r = e.gradients(params, batch, null, hasDropout, Dropout.mix(dropoutSeed + iteration), iteration);
            r.lossSum += parameters.addPenaltyGradient(e.grads) * r.rows;
            checkFinite(r.meanLoss(), e.grads, epoch, batchIndex);
            OptimizerState state = optimizerState();
            parameters.writeLock().lock();
            try {
                state.step(params, e.grads);
            } catch (NonFiniteUpdateException ex) {
                throw new NonFiniteLossException(where(epoch, batchIndex) + "the update of " + parameters.slotOf(ex.index()).path()
                        + " would not be finite (" + ex.getMessage() + "); training stopped and this step was not applied "
                        + "(try a lower learning rate)", epoch, batchIndex);
            } finally {
                parameters.writeLock().unlock();
            }
            return r;
        } finally {
            stepLock.unlock();
        }
    }

    /** The optimizer state, created (as Keras builds its variables) if no step was taken yet. Under stepLock. */
    private OptimizerState optimizerState() {
        if (optimizerState == null) {
            // Keras's optimizer holds variables for the trainable weights only: a NormalizationLayer's are not among them
            optimizerState = optimizer.newState(net.slots.stream().filter(s -> s.trainable).mapToInt(s -> s.size).toArray());
        }
        return optimizerState;
    }

    private Engine engine() {
        if (engine == null) {
            engine = new Engine(net, parallelism, true, parameters.nonTrainable());
        }
        return engine;
    }

    private static String where(int epoch, int batchIndex) {
        return epoch > 0 ? "Epoch " + epoch + ", batch " + batchIndex + ": " : "";
    }

    private void checkFinite(double loss, float[] grads, int epoch, int batchIndex) {
        String where = where(epoch, batchIndex);
        if (!Double.isFinite(loss)) {
            throw new NonFiniteLossException(where + "the loss is " + loss + "; training stopped and this step was not "
                    + "applied (try a lower learning rate)", epoch, batchIndex);
        }
        for (WeightSlot slot : net.slots) {
            for (int i = slot.offset; slot.trainable && i < slot.offset + slot.size; i++) {
                if (!Float.isFinite(grads[i])) {
                    throw new NonFiniteLossException(where + "the gradient of " + slot.path() + " is " + grads[i]
                            + "; training stopped and this step was not applied", epoch, batchIndex);
                }
            }
        }
    }
}

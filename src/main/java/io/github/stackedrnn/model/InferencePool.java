package io.github.stackedrnn.model;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The engines that serve predictions, streaming steps and evaluations, any number of threads at once:
 * each call borrows an engine (creating one if none is free), runs under the weights' read lock and
 * gives it back, so concurrent calls never share buffers and a prediction sees the weights of one whole
 * optimizer step.
 */
final class InferencePool {
    private final Network net;
    private final ModelParameters parameters;
    private final Parallelism parallelism;
    private final ConcurrentLinkedQueue<Engine> engines = new ConcurrentLinkedQueue<>();

    InferencePool(Network net, ModelParameters parameters, Parallelism parallelism) {
        this.net = net;
        this.parameters = parameters;
        this.parallelism = parallelism;
    }

    /**
     * Runs the batch forward on a borrowed engine.
     *
     * @param out output rows ({@code [B, K]} or {@code [B, T, K]}), or null; the loss is summed when the batch has targets
     * @return the summed loss and scores
     */
    Engine.Result forward(Batch batch, float[] out) {
        return run(batch, out, null, null);
    }

    /** Runs the batch forward keeping every recurrent layer's states ({@code hidden[l]}) and the logits. */
    void forwardDetailed(Batch batch, float[][] hidden, float[] logits) {
        run(batch, null, hidden, logits);
    }

    private Engine.Result run(Batch batch, float[] out, float[][] hidden, float[] logits) {
        Engine engine = engines.poll();
        if (engine == null) {
            engine = new Engine(net, parallelism, false, parameters.nonTrainable());
        }
        try {
            parameters.readLock().lock();
            try {
                if (hidden != null) {
                    engine.forwardDetailed(parameters.values(), batch, hidden, logits);
                    return null;
                }
                return engine.forward(parameters.values(), batch, out);
            } finally {
                parameters.readLock().unlock();
            }
        } finally {
            engine.trimTo(Tuning.RETAINED_WORKSPACE_FLOATS);
            engines.offer(engine);
        }
    }
}

package io.github.stackedrnn.train;

import io.github.stackedrnn.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted stand-in for the fit loop: it reports the metric names it is given, records stop requests,
 * learning-rate changes and weights set back, and {@link #fit} plays epochs whose weights are a tensor
 * holding the epoch number, so that restored weights tell which epoch they come from.
 */
final class FakeFitContext implements FitContext {
    private final int epochs;
    private final int steps;
    private final List<String> metricNames;
    private boolean stopRequested;
    private double learningRate = 1.0;
    private List<Tensor> weights = List.of(weightsOf(-1));
    private int epoch = -1;

    /** Learning rates set, by the epoch during which they were set. */
    final Map<Integer, Double> learningRates = new LinkedHashMap<>();
    /** Every list of weights passed to {@link #setWeights}. */
    final List<List<Tensor>> weightsSet = new ArrayList<>();
    /** The epoch during which training was asked to stop, or -1. */
    int stoppedAt = -1;

    FakeFitContext(int epochs, int steps, String... metricNames) {
        this.epochs = epochs;
        this.steps = steps;
        this.metricNames = List.of(metricNames);
    }

    /** The weights the model holds after {@code epoch}: two values that name the epoch. */
    static Tensor weightsOf(int epoch) {
        return Tensor.of(new float[] {epoch, 10 * epoch}, 2);
    }

    FakeFitContext learningRate(double value) {
        learningRate = value;
        return this;
    }

    /**
     * Plays a fit: train begin, then for each value one epoch ending with {@code monitor = value} (the model's
     * weights being {@link #weightsOf} that epoch), until a listener stops it; then train end.
     *
     * @return how many epochs ran
     */
    int fit(TrainingListener listener, String monitor, double... values) {
        stopRequested = false;
        stoppedAt = -1;
        listener.onTrainBegin(this);
        int ran = 0;
        for (int e = 0; e < values.length && e < epochs && !stopRequested; e++) {
            epoch = e;
            listener.onEpochBegin(this, e);
            weights = List.of(weightsOf(e));
            listener.onEpochEnd(this, e, Map.of(monitor, values[e]));
            ran++;
        }
        listener.onTrainEnd(this);
        return ran;
    }

    List<Tensor> currentWeights() {
        return weights;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public int stepsPerEpoch() {
        return steps;
    }

    @Override
    public int samples() {
        return steps * 32;
    }

    @Override
    public List<String> metricNames() {
        return metricNames;
    }

    @Override
    public void stopTraining() {
        stopRequested = true;
        if (stoppedAt < 0) {
            stoppedAt = epoch;
        }
    }

    @Override
    public boolean stopRequested() {
        return stopRequested;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException("learning rate " + value);
        }
        learningRate = value;
        learningRates.put(epoch, value);
    }

    @Override
    public List<Tensor> getWeights() {
        return List.copyOf(weights);
    }

    @Override
    public void setWeights(List<Tensor> value) {
        weightsSet.add(List.copyOf(value));
        weights = List.copyOf(value);
    }
}

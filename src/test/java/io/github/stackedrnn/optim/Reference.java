package io.github.stackedrnn.optim;

import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Keras 3's optimizers written out in plain double precision, straight from their formulas, without
 * the production code: the shared part (clip, weight decay, rule, count) and one class per rule.
 */
final class Reference {
    /** One optimizer's rule on the whole flat vector; {@code t} counts from 1. */
    interface Rule {
        void apply(double[] w, double[] g, double lr, long t);
    }

    enum Clip { NONE, NORM, GLOBAL_NORM, VALUE }

    private final int[] sizes;
    private final Rule rule;
    private Clip clip = Clip.NONE;
    private double threshold;
    private double weightDecay; // 0: none
    private LongToDoubleFunction learningRate;
    long iterations;

    Reference(int[] sizes, double learningRate, Rule rule) {
        this.sizes = sizes.clone();
        this.rule = rule;
        this.learningRate = step -> learningRate;
    }

    Reference clip(Clip mode, double c) {
        clip = mode;
        threshold = c;
        return this;
    }

    Reference weightDecay(double wd) {
        weightDecay = wd;
        return this;
    }

    Reference schedule(LongToDoubleFunction lr) {
        learningRate = lr;
        return this;
    }

    void step(double[] w, double[] g) {
        double lr = learningRate.applyAsDouble(iterations);
        double[] clipped = clipped(g);
        for (int i = 0; i < w.length; i++) {
            w[i] -= w[i] * weightDecay * lr;
        }
        rule.apply(w, clipped, lr, iterations + 1);
        iterations++;
    }

    private double[] clipped(double[] g) {
        double[] out = g.clone();
        switch (clip) {
            case NORM: {
                int from = 0;
                for (int size : sizes) {
                    double norm = norm(g, from, from + size);
                    for (int i = from; i < from + size; i++) {
                        out[i] = g[i] * threshold / Math.max(norm, threshold);
                    }
                    from += size;
                }
                break;
            }
            case GLOBAL_NORM: {
                double norm = norm(g, 0, g.length);
                for (int i = 0; i < g.length; i++) {
                    out[i] = g[i] * threshold / Math.max(norm, threshold);
                }
                break;
            }
            case VALUE:
                for (int i = 0; i < g.length; i++) {
                    out[i] = Math.max(-threshold, Math.min(threshold, g[i]));
                }
                break;
            default:
                break;
        }
        return out;
    }

    static double norm(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return Math.sqrt(s);
    }

    // ------------------------------------------------------------------ rules

    static final class Sgd implements Rule {
        final double momentum;
        final boolean nesterov;
        final double[] m;

        Sgd(int n, double momentum, boolean nesterov) {
            this.momentum = momentum;
            this.nesterov = nesterov;
            this.m = new double[n];
        }

        @Override
        public void apply(double[] w, double[] g, double lr, long t) {
            for (int i = 0; i < w.length; i++) {
                if (momentum == 0) {
                    w[i] -= lr * g[i];
                    continue;
                }
                m[i] = momentum * m[i] - lr * g[i];
                w[i] += nesterov ? momentum * m[i] - lr * g[i] : m[i];
            }
        }
    }

    static final class Adam implements Rule {
        final double beta1;
        final double beta2;
        final double epsilon;
        final boolean amsgrad;
        final double[] m;
        final double[] v;
        final double[] vHat;

        Adam(int n, double beta1, double beta2, double epsilon, boolean amsgrad) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.amsgrad = amsgrad;
            this.m = new double[n];
            this.v = new double[n];
            this.vHat = new double[n];
        }

        @Override
        public void apply(double[] w, double[] g, double lr, long t) {
            double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int i = 0; i < w.length; i++) {
                m[i] += (g[i] - m[i]) * (1 - beta1);
                v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
                vHat[i] = Math.max(vHat[i], v[i]);
                w[i] -= alpha * m[i] / (Math.sqrt(amsgrad ? vHat[i] : v[i]) + epsilon);
            }
        }
    }

    static final class RmsProp implements Rule {
        final double rho;
        final double momentum;
        final double epsilon;
        final boolean centered;
        final double[] velocity;
        final double[] mom;
        final double[] average;

        RmsProp(int n, double rho, double momentum, double epsilon, boolean centered) {
            this.rho = rho;
            this.momentum = momentum;
            this.epsilon = epsilon;
            this.centered = centered;
            this.velocity = new double[n];
            this.mom = new double[n];
            this.average = new double[n];
        }

        @Override
        public void apply(double[] w, double[] g, double lr, long t) {
            for (int i = 0; i < w.length; i++) {
                velocity[i] = rho * velocity[i] + (1 - rho) * g[i] * g[i];
                double denominator;
                if (centered) {
                    average[i] = rho * average[i] + (1 - rho) * g[i];
                    denominator = velocity[i] - average[i] * average[i] + epsilon;
                } else {
                    denominator = velocity[i] + epsilon;
                }
                double increment = lr * g[i] / Math.sqrt(denominator);
                if (momentum > 0) {
                    mom[i] = momentum * mom[i] + increment;
                    w[i] -= mom[i];
                } else {
                    w[i] -= increment;
                }
            }
        }
    }

    // ------------------------------------------------------------------ driving both

    /** Random weights and {@code steps} random gradients of {@code n} values, exactly representable in float. */
    static final class Data {
        final float[] weights;
        final float[][] grads;

        Data(long seed, int n, int steps, double gradScale) {
            SplittableRandom random = new SplittableRandom(seed);
            weights = new float[n];
            grads = new float[steps][n];
            for (int i = 0; i < n; i++) {
                weights[i] = (float) random.nextGaussian();
            }
            for (float[] g : grads) {
                for (int i = 0; i < n; i++) {
                    g[i] = (float) (random.nextGaussian() * gradScale);
                }
            }
        }
    }

    /**
     * Steps a fresh state of {@code optimizer} and {@code reference} side by side through the data's
     * gradients and asserts the weights agree after every step.
     *
     * @return the state after the last step
     */
    static OptimizerState assertMatches(Optimizer optimizer, int[] sizes, Reference reference, Data data, double tolerance) {
        OptimizerState state = optimizer.newState(sizes);
        float[] params = data.weights.clone();
        double[] expected = toDouble(params);
        for (int step = 0; step < data.grads.length; step++) {
            float[] g = data.grads[step];
            state.step(params, g.clone());
            reference.step(expected, toDouble(g));
            for (int i = 0; i < params.length; i++) {
                assertThat((double) params[i]).as("%s, step %d, parameter %d", optimizer, step + 1, i)
                        .isCloseTo(expected[i], within(tolerance));
            }
        }
        assertThat(state.iterations()).isEqualTo(data.grads.length);
        return state;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
